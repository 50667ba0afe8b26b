#pragma once
// Server keys kept in files beside the signing keys (keys/): 32 random bytes, created 0600 on
// first start. Back them up with the database: what each one protects is in docs/operations.
//
// Key rings (issue 19, live rotation): a key file holds either the 32 raw bytes written on first
// start (a ring of one key), or a text ring written by `moncompte keys rotate`:
//
//   moncompte-keyring 1
//   current <64 hex>
//   previous <64 hex> <unix seconds when it stopped being current>
//   ...
//
// The current key writes (MACs, sealing); every key verifies or opens, current first. Previous
// keys are listed newest first. Lines starting with '#' and blank lines are ignored; anything
// else is an error (a half-edited ring never runs). A legacy NAME.previous.key file next to
// NAME.key (the manual rotation before issue 19) joins the ring as its oldest previous key.
#include <array>
#include <atomic>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mc::crypto {

using Key32 = std::array<std::uint8_t, 32>;

// The current key of the ring at `path`, creating a one-key file first when there is none. Of two
// processes starting at once, one key wins and both use it. `what` names the key in error messages.
[[nodiscard]] Key32 load_or_create_key(const std::string& path, std::string_view what);

struct PreviousKey {
  Key32 key{};
  std::int64_t retired_at = 0;  // unix seconds: when it stopped being the current key
};

struct KeyRing {
  Key32 current{};
  std::vector<PreviousKey> previous;  // newest first
  // Every key, current first: the order in which verification tries them.
  [[nodiscard]] std::vector<Key32> all() const;
};

// The ring a key file's bytes hold (32 raw bytes or the text form); an error says why not.
[[nodiscard]] std::expected<KeyRing, std::string> parse_key_ring(std::string_view bytes);
[[nodiscard]] std::string format_key_ring(const KeyRing& ring);
// `fresh` becomes current; the current key becomes the newest previous one, retired at `now`.
[[nodiscard]] KeyRing rotated(const KeyRing& ring, const Key32& fresh, std::int64_t now);
// Drops the previous keys retired at least `older_than_s` seconds before `now`; returns how many.
std::size_t retire_old_keys(KeyRing& ring, std::int64_t now, std::int64_t older_than_s);
// A short public name of a key (first 12 hex of its SHA-256), for listings and logs.
[[nodiscard]] std::string key_fingerprint(const Key32& key);

// The ring in `path` (plus a legacy NAME.previous.key beside it). Throws std::runtime_error,
// naming `what` and the file, when it is missing, unreadable or malformed.
[[nodiscard]] KeyRing read_key_ring(const std::string& path, std::string_view what);
// As read_key_ring, creating a one-key file first when there is none (load_or_create_key).
[[nodiscard]] KeyRing load_or_create_key_ring(const std::string& path, std::string_view what);
// Replaces `path` atomically: a 0600 temporary file in the same folder, written and fsynced, then
// renamed over it, then the folder fsynced. Throws std::runtime_error on failure (nothing changed).
void write_key_ring(const std::string& path, const KeyRing& ring);
// The legacy NAME.previous.key of NAME.key.
[[nodiscard]] std::string legacy_previous_path(const std::string& path);

// A key ring that request threads read while SIGHUP swaps it: readers take a snapshot
// (a shared_ptr, atomically), reload() builds a new ring and swaps it in, or throws and keeps
// the ring in use (a missing, unreadable or malformed file never leaves the service keyless).
class LiveKeyRing {
 public:
  // Loads the ring, creating a one-key file when there is none (first start).
  LiveKeyRing(std::string path, std::string what);
  [[nodiscard]] std::shared_ptr<const KeyRing> get() const { return ring_.load(); }
  // Re-reads the file; true when the ring changed. Throws std::runtime_error, keeping the old ring.
  bool reload();
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const std::string& what() const { return what_; }
  // HMAC-SHA-256 (hex) under the current key; under every key, current first.
  [[nodiscard]] std::string hmac_current(std::string_view data) const;
  [[nodiscard]] std::vector<std::string> hmac_all(std::string_view data) const;

 private:
  std::string path_;
  std::string what_;
  std::atomic<std::shared_ptr<const KeyRing>> ring_;
};

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
