#include "adapters/crypto/sodium.hpp"

#include <sodium.h>

#include <stdexcept>

namespace mc::crypto {

void init_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised (no entropy source?)");
}

void SodiumCrypto::random_bytes(std::span<std::uint8_t> out) { randombytes_buf(out.data(), out.size()); }

std::string SodiumCrypto::sha256_hex(std::string_view data) const {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

bool SodiumCrypto::equal(std::string_view a, std::string_view b) const {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {
class SlotGuard {
 public:
  explicit SlotGuard(std::counting_semaphore<1024>& s) : s_(s) { s_.acquire(); }
  ~SlotGuard() { s_.release(); }
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;

 private:
  std::counting_semaphore<1024>& s_;
};
}  // namespace

Argon2Hasher::Argon2Hasher(Argon2Params params, unsigned threads, unsigned queue)
    : params_(params), limit_(threads + queue), slots_(static_cast<std::ptrdiff_t>(threads == 0 ? 1 : threads)) {
  unsigned char secret[32];
  randombytes_buf(secret, sizeof secret);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, secret, sizeof secret);
  dummy_ = hash_now(hex, params_);
}

std::optional<ports::PasswordHasher::Ticket> Argon2Hasher::admit() {
  std::size_t n = admitted_.load();
  do {
    if (n >= limit_) return std::nullopt;
  } while (!admitted_.compare_exchange_weak(n, n + 1));
  return Ticket([this] { admitted_.fetch_sub(1); });
}

bool Argon2Hasher::verify(const Ticket&, std::string_view phc, std::string_view password) {
  SlotGuard slot(slots_);
  return verify_now(phc, password);
}

std::string Argon2Hasher::hash(std::string_view password) {
  SlotGuard slot(slots_);
  return hash_now(password, params_);
}

bool Argon2Hasher::needs_rehash(std::string_view phc) const {
  std::string s(phc);
  return crypto_pwhash_str_needs_rehash(s.c_str(), params_.t_cost, params_.m_cost_kib * 1024) != 0;
}

std::string Argon2Hasher::hash_now(std::string_view password, const Argon2Params& p) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), p.t_cost, p.m_cost_kib * 1024,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("Argon2id hashing failed (out of memory?)");
  return out;
}

bool Argon2Hasher::verify_now(std::string_view phc, std::string_view password) {
  // libsodium wants a NUL-terminated string; a hash too long to be ours is simply wrong.
  if (phc.size() >= crypto_pwhash_STRBYTES) return false;
  char buf[crypto_pwhash_STRBYTES] = {};
  phc.copy(buf, phc.size());
  return crypto_pwhash_str_verify(buf, password.data(), password.size()) == 0;
}

}  // namespace mc::crypto
