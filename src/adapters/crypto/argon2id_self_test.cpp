#include "adapters/crypto/argon2id_self_test.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <vector>

namespace mc::crypto::argon2id {

std::string_view kernel_name(Kernel k) {
  switch (k) {
    case Kernel::portable: return "portable";
    case Kernel::ssse3: return "ssse3";
    case Kernel::avx2: return "avx2";
    case Kernel::automatic: break;
  }
  return "automatic";
}

namespace {

bool is_broken(const std::vector<std::string>& broken, std::string_view name) {
  return std::find(broken.begin(), broken.end(), name) != broken.end();
}

// RFC 9106 §5.3: Argon2id, t = 3, m = 32 KiB, 4 lanes, with secret and associated data.
bool rfc9106(Kernel k, bool corrupt) {
  const std::vector<std::uint8_t> password(32, 0x01), salt(16, 0x02), secret(8, 0x03), ad(12, 0x04);
  static constexpr std::array<std::uint8_t, 32> expected{
      0x0d, 0x64, 0x0d, 0xf5, 0x8d, 0x78, 0x76, 0x6c, 0x08, 0xc0, 0x37, 0xa3, 0x4a, 0x8b, 0x53, 0xc9,
      0xd0, 0x1e, 0xf0, 0x45, 0x2d, 0x75, 0xb6, 0x5e, 0xb5, 0x25, 0x20, 0xe9, 0x6b, 0x01, 0xe6, 0x59};
  const Params p{3, 32, 4};
  std::vector<Block> memory(blocks_needed(p));
  std::array<std::uint8_t, 32> tag{};
  if (!derive(p, {password, salt, secret, ad}, memory, tag, k)) return false;
  if (corrupt) tag[0] ^= 0x01;
  return tag == expected;
}

const std::array<std::uint8_t, 16> kSalt{0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
                                         0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};
constexpr std::string_view kPassword = "MonCompte self-test";

// libsodium's own known answer (t = 2, m = 64 KiB): the fallback must be checked too.
bool libsodium_known_answer(bool corrupt) {
  static constexpr std::array<std::uint8_t, 32> expected{
      0xed, 0x0a, 0x06, 0xb8, 0x11, 0x9e, 0xeb, 0x02, 0x40, 0xa6, 0xea, 0xc0, 0x89, 0x2f, 0x1b, 0x0f,
      0x33, 0xdd, 0xb7, 0x89, 0x8d, 0xc2, 0x5f, 0xc8, 0xc1, 0x72, 0xe5, 0x0f, 0xf3, 0xbe, 0x69, 0x3a};
  std::array<std::uint8_t, 32> out{};
  if (crypto_pwhash(out.data(), out.size(), kPassword.data(), kPassword.size(), kSalt.data(), 2, 64 * 1024,
                    crypto_pwhash_ALG_ARGON2ID13) != 0)
    return false;
  if (corrupt) out[0] ^= 0x01;
  return out == expected;
}

// The same password and salt through libsodium and through the kernel, at the service's cost.
bool agrees_with_libsodium(Kernel k, std::uint32_t t_cost, std::uint32_t m_cost_kib, bool corrupt) {
  std::array<std::uint8_t, 32> reference{}, tag{};
  if (crypto_pwhash(reference.data(), reference.size(), kPassword.data(), kPassword.size(), kSalt.data(), t_cost,
                    std::size_t{m_cost_kib} * 1024, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return false;
  const Params p{t_cost, m_cost_kib, 1};
  std::vector<Block> memory(blocks_needed(p));
  const std::span pw(reinterpret_cast<const std::uint8_t*>(kPassword.data()), kPassword.size());
  if (!derive(p, {pw, kSalt, {}, {}}, memory, tag, k)) return false;
  if (corrupt) tag[0] ^= 0x01;
  const bool same = tag == reference;
  sodium_memzero(memory.data(), memory.size() * sizeof(Block));
  return same;
}

}  // namespace

SelfTest self_test(std::uint32_t t_cost, std::uint32_t m_cost_kib, const std::vector<std::string>& broken) {
  SelfTest out;
  const bool sodium_ok = libsodium_known_answer(is_broken(broken, "libsodium"));
  for (Kernel k : {Kernel::avx2, Kernel::ssse3, Kernel::portable}) {
    if (!kernel_available(k)) continue;
    const bool corrupt = is_broken(broken, kernel_name(k));
    KernelCheck c{std::string(kernel_name(k)), false, {}};
    if (!rfc9106(k, corrupt))
      c.detail = "rfc9106 test vector mismatch";
    else if (!sodium_ok)
      c.detail = "libsodium failed its own known answer: no reference to cross-check against";
    else if (!agrees_with_libsodium(k, t_cost, m_cost_kib, corrupt))
      c.detail = "disagrees with libsodium at the configured parameters";
    else
      c.ok = true;
    if (corrupt) c.detail += c.detail.empty() ? "test hook" : " (test hook)";
    if (c.ok && !out.kernel) out.kernel = k;
    out.checks.push_back(std::move(c));
  }
  out.checks.push_back({"libsodium", sodium_ok, sodium_ok ? "" : "known answer mismatch"});
  out.usable = sodium_ok;  // new hashes and hashes the arenas do not take always go to libsodium
  return out;
}

}  // namespace mc::crypto::argon2id
