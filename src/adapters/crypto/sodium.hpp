#pragma once
// libsodium behind the Crypto and PasswordHasher ports.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <semaphore>
#include <string>

#include "core/ports.hpp"

namespace mc::crypto {

// Throws if libsodium cannot initialise (no entropy source): a clear start-up error.
void init_sodium();

class SodiumCrypto final : public ports::Crypto {
 public:
  void random_bytes(std::span<std::uint8_t> out) override;
  std::string sha256_hex(std::string_view data) const override;
  bool equal(std::string_view a, std::string_view b) const override;
};

struct Argon2Params {
  unsigned t_cost = 2;
  std::size_t m_cost_kib = 19456;
};

// Argon2id (PHC strings, p=1) on at most `threads` concurrent hashes; at most `threads + queue`
// admitted sign-ins at once, beyond which admit() says no and the edge answers 503 busy.
class Argon2Hasher final : public ports::PasswordHasher {
 public:
  Argon2Hasher(Argon2Params params, unsigned threads, unsigned queue);

  std::optional<Ticket> admit() override;
  bool verify(const Ticket& ticket, std::string_view phc, std::string_view password) override;
  std::string hash(std::string_view password) override;
  bool needs_rehash(std::string_view phc) const override;
  const std::string& dummy_hash() const override { return dummy_; }
  std::size_t queue_depth() const override { return admitted_.load(); }

  // Raw libsodium calls, for benchmarks' baselines and import.
  static std::string hash_now(std::string_view password, const Argon2Params& p);
  static bool verify_now(std::string_view phc, std::string_view password);

 private:
  Argon2Params params_;
  unsigned limit_;
  std::atomic<std::size_t> admitted_{0};
  std::counting_semaphore<1024> slots_;
  std::string dummy_;
};

}  // namespace mc::crypto
