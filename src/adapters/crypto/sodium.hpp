#pragma once
// libsodium behind the Crypto and PasswordHasher ports.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include "adapters/crypto/argon2id.hpp"
#include "adapters/crypto/fair_slots.hpp"
#include "core/ports/crypto.hpp"
#include "core/ports/password_hasher.hpp"

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

// Working memory of the hashing slots. Reused, a verification skips the ≈ 4,900 page faults
// libsodium pays to map 19 MiB of fresh zeroed pages each time; the price is that memory staying
// resident (slots × Argon2 memory) until the pool has been idle for `release_after_idle`.
struct ArenaPolicy {
  bool reuse = true;  // false: libsodium verifies every hash (also when no kernel passed the self-test)
  argon2id::Kernel kernel = argon2id::Kernel::automatic;  // the one the start-up self-test chose
  std::chrono::milliseconds release_after_idle{60'000};  // 0: keep them for the life of the process
};

// Argon2id (PHC strings, p=1) on at most `threads` concurrent hashes; at most `threads + queue`
// admitted sign-ins at once, beyond which admit() says no and the edge answers 503 busy.
// Verification computes Argon2id in one arena per slot (argon2id.hpp); hashes it does not
// handle (other variants, versions or sizes) go to libsodium.
class Argon2Hasher final : public ports::PasswordHasher {
 public:
  Argon2Hasher(Argon2Params params, unsigned threads, unsigned queue, ArenaPolicy arenas = {});
  ~Argon2Hasher() override;

  std::optional<Ticket> admit(std::string_view source = {}) override;
  bool verify(const Ticket& ticket, std::string_view phc, std::string_view password) override;
  std::string hash(std::string_view password) override;
  bool needs_rehash(std::string_view phc) const override;
  const std::string& dummy_hash() const override { return dummy_; }
  std::size_t queue_depth() const override { return fair_.admitted(); }

  // Bytes the arenas hold mapped now (resident once used), for /metrics.
  std::size_t arena_bytes() const;

  // Raw libsodium calls, for benchmarks' baselines and import.
  static std::string hash_now(std::string_view password, const Argon2Params& p);
  static bool verify_now(std::string_view phc, std::string_view password);

 private:
  class Arena;
  std::unique_ptr<Arena> take_arena();
  void return_arena(std::unique_ptr<Arena> arena);
  void release_idle_arenas();

  Argon2Params params_;
  ArenaPolicy policy_;
  FairSlots fair_;
  std::string dummy_;
  mutable std::mutex arenas_mutex_;
  std::vector<std::unique_ptr<Arena>> idle_arenas_;  // one per slot not hashing now
  std::atomic<std::size_t> arena_bytes_{0};
  std::jthread janitor_;
};

}  // namespace mc::crypto
