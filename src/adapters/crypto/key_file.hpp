#pragma once
// Server keys kept in files beside the signing keys (keys/): 32 random bytes, created 0600 on
// first start. Back them up with the database: what each one protects is in docs/operations.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mc::crypto {

using Key32 = std::array<std::uint8_t, 32>;

// Reads the key at `path`, creating it first when there is none. Of two processes starting at
// once, one key wins and both use it. `what` names the key in error messages.
[[nodiscard]] Key32 load_or_create_key(const std::string& path, std::string_view what);

// HMAC-SHA-256 of `data` under `key`, in lower-case hex (64 characters).
[[nodiscard]] std::string hmac_sha256_hex(const Key32& key, std::string_view data);

// Text sealed at rest with libsodium's secretbox (XSalsa20-Poly1305) under `key`: "s1:" + base64
// of a random nonce and the ciphertext. Used for the outbox bodies (issue 17, keys/outbox.key).
[[nodiscard]] std::string seal_text(const Key32& key, std::string_view clear);
// The clear text of seal_text's output under the first of `keys` that opens it; text without the
// "s1:" marker (written before sealing) is returned unchanged. Throws std::runtime_error when no
// key opens it (a wrong or lost key, a corrupted row).
[[nodiscard]] std::string open_text(const std::vector<Key32>& keys, std::string_view stored);

}  // namespace mc::crypto
