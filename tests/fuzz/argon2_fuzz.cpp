// Stored password hashes: any string parses to a PHC record or to nothing, never a crash; and
// for any password, salt and small cost, the arena Argon2id gives libsodium's bytes.
#include <sodium.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "adapters/crypto/argon2id.hpp"

namespace a2 = mc::crypto::argon2id;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool ready = sodium_init() >= 0;
  if (!ready) std::abort();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto phc = a2::parse_phc(in); phc && (phc->salt.empty() || phc->hash.empty())) std::abort();

  // Differential: bytes 0–2 pick the costs, 16 bytes of salt, the rest is the password.
  if (size < 3 + crypto_pwhash_SALTBYTES) return 0;
  const std::uint32_t t = 1 + data[0] % 3, m = 8 + data[1] % 57;
  const std::size_t tag_len = 16 + data[2] % 113;
  const std::uint8_t* salt = data + 3;
  std::span<const std::uint8_t> password(data + 3 + crypto_pwhash_SALTBYTES, size - 3 - crypto_pwhash_SALTBYTES);
  std::vector<std::uint8_t> expected(tag_len), tag(tag_len);
  if (crypto_pwhash(expected.data(), tag_len, reinterpret_cast<const char*>(password.data()), password.size(), salt, t,
                    std::size_t{m} * 1024, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return 0;
  std::vector<a2::Block> memory(a2::blocks_needed({t, m, 1}));
  for (auto kernel : {a2::Kernel::portable, a2::Kernel::ssse3, a2::Kernel::avx2}) {
    if (!a2::kernel_available(kernel)) continue;
    if (!a2::derive({t, m, 1}, {password, {salt, crypto_pwhash_SALTBYTES}, {}, {}}, memory, tag, kernel) || tag != expected)
      std::abort();
  }
  return 0;
}
