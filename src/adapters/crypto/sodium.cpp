#include "adapters/crypto/sodium.hpp"

#include <sodium.h>
#include <sys/mman.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <stdexcept>

#include "adapters/crypto/argon2id.hpp"
#include "core/ports/password_hasher.hpp"

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
// Hashes beyond these go to libsodium: an arena never grows past 1 GiB for a stored hash.
constexpr std::size_t kMaxArenaBlocks = std::size_t{1} << 20;
constexpr std::uint32_t kMaxLanes = 16;
constexpr std::size_t kHugePage = std::size_t{2} << 20;

bool fits_arena(const argon2id::Phc& phc) {
  // The bounds libsodium itself enforces on a stored hash, so both paths accept the same strings.
  return phc.params.t_cost >= 1 && phc.params.lanes >= 1 && phc.params.lanes <= kMaxLanes &&
         phc.params.m_cost_kib >= 8u * phc.params.lanes && argon2id::blocks_needed(phc.params) <= kMaxArenaBlocks &&
         phc.salt.size() >= crypto_pwhash_SALTBYTES / 2 && phc.hash.size() >= crypto_pwhash_BYTES_MIN;
}
}  // namespace

// Anonymous memory mapped once. Not in core dumps (it holds values derived from a password);
// 2 MiB aligned and marked for transparent huge pages, which Argon2's random reads favour.
class Argon2Hasher::Arena {
 public:
  explicit Arena(std::atomic<std::size_t>& accounted) : accounted_(accounted) {}
  ~Arena() { unmap(); }
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Empty when the memory cannot be had (the caller then leaves the work to libsodium).
  std::span<argon2id::Block> blocks(std::size_t n) {
    if (n * argon2id::kBlockBytes > bytes_) {
      unmap();
      if (!map(n * argon2id::kBlockBytes)) return {};
    }
    last_used_ = std::chrono::steady_clock::now();
    return {static_cast<argon2id::Block*>(base_), n};
  }

  // Hands the pages back to the kernel but keeps the mapping: the next use faults them in again.
  // The blocks derive from the last password verified here: wiped first, so that they survive
  // neither a madvise the kernel ignores nor a later read of the mapping.
  void release_pages() {
    if (base_ != nullptr && !released_) {
      sodium_memzero(base_, bytes_);
      madvise(base_, bytes_, MADV_DONTNEED);
      released_ = true;
    }
  }
  bool idle_since(std::chrono::steady_clock::time_point t) const { return !released_ && last_used_ <= t; }
  void mark_used() { released_ = false; }

 private:
  bool map(std::size_t bytes) {
    bytes = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    // Over-map by one huge page so the arena can start on a 2 MiB boundary.
    void* raw = mmap(nullptr, bytes + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return false;
    auto start = reinterpret_cast<std::uintptr_t>(raw);
    auto aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
    if (aligned > start) munmap(raw, aligned - start);
    if (auto end = start + bytes + kHugePage; end > aligned + bytes) munmap(reinterpret_cast<void*>(aligned + bytes), end - aligned - bytes);
    base_ = reinterpret_cast<void*>(aligned);
    bytes_ = bytes;
    madvise(base_, bytes_, MADV_DONTDUMP);
    madvise(base_, bytes_, MADV_HUGEPAGE);  // a hint: ignored where huge pages are off
    accounted_ += bytes_;
    return true;
  }
  void unmap() {
    if (base_ == nullptr) return;
    if (!released_) sodium_memzero(base_, bytes_);
    munmap(base_, bytes_);
    accounted_ -= bytes_;
    base_ = nullptr;
    bytes_ = 0;
  }

  std::atomic<std::size_t>& accounted_;
  void* base_ = nullptr;
  std::size_t bytes_ = 0;
  bool released_ = false;
  std::chrono::steady_clock::time_point last_used_{};
};

Argon2Hasher::Argon2Hasher(Argon2Params params, unsigned threads, unsigned queue, ArenaPolicy arenas)
    : params_(params),
      policy_(arenas),
      fair_(std::max(1u, threads), threads + queue) {
  unsigned char secret[32];
  randombytes_buf(secret, sizeof secret);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, secret, sizeof secret);
  dummy_ = hash_now(hex, params_);
  // Arenas are mapped on first use, so an idle process stays small.
  for (unsigned i = 0; i < std::max(1u, threads); ++i) idle_arenas_.push_back(std::make_unique<Arena>(arena_bytes_));
  if (policy_.reuse && policy_.release_after_idle.count() > 0) {
    janitor_ = std::jthread([this](std::stop_token stop) {
      std::mutex m;
      std::condition_variable_any cv;
      const auto every = std::max<std::chrono::milliseconds>(policy_.release_after_idle / 2, std::chrono::milliseconds(10));
      std::unique_lock lock(m);
      while (!stop.stop_requested()) {
        cv.wait_for(lock, stop, every, [] { return false; });
        if (!stop.stop_requested()) release_idle_arenas();
      }
    });
  }
}

Argon2Hasher::~Argon2Hasher() = default;

std::optional<ports::PasswordHasher::Ticket> Argon2Hasher::admit(std::string_view source) {
  if (!fair_.admit(source)) return std::nullopt;
  return Ticket([this, s = std::string(source)] { fair_.leave(s); }, std::string(source));
}

std::unique_ptr<Argon2Hasher::Arena> Argon2Hasher::take_arena() {
  // Called with a slot held: there are as many arenas as slots, so one is always idle.
  std::lock_guard lock(arenas_mutex_);
  auto arena = std::move(idle_arenas_.back());
  idle_arenas_.pop_back();
  arena->mark_used();
  return arena;
}

void Argon2Hasher::return_arena(std::unique_ptr<Arena> arena) {
  std::lock_guard lock(arenas_mutex_);
  idle_arenas_.push_back(std::move(arena));
}

void Argon2Hasher::release_idle_arenas() {
  const auto cutoff = std::chrono::steady_clock::now() - policy_.release_after_idle;
  std::lock_guard lock(arenas_mutex_);
  for (auto& arena : idle_arenas_)
    if (arena->idle_since(cutoff)) arena->release_pages();
}

std::size_t Argon2Hasher::arena_bytes() const { return arena_bytes_.load(); }

bool Argon2Hasher::verify(const Ticket& ticket, std::string_view phc, std::string_view password) {
  FairSlots::Slot slot(fair_, ticket.source());
  if (!policy_.reuse) return verify_now(phc, password);
  const auto parsed = argon2id::parse_phc(phc);
  if (!parsed || !fits_arena(*parsed)) return verify_now(phc, password);

  struct Lease {
    Argon2Hasher& owner;
    std::unique_ptr<Arena> arena;
    ~Lease() { owner.return_arena(std::move(arena)); }
  } lease{*this, take_arena()};
  const auto memory = lease.arena->blocks(argon2id::blocks_needed(parsed->params));
  if (memory.empty()) return verify_now(phc, password);
  std::vector<std::uint8_t> tag(parsed->hash.size());
  const argon2id::Inputs inputs{{reinterpret_cast<const std::uint8_t*>(password.data()), password.size()}, parsed->salt, {}, {}};
  if (!argon2id::derive(parsed->params, inputs, memory, tag, policy_.kernel)) return false;
  const bool same = sodium_memcmp(tag.data(), parsed->hash.data(), tag.size()) == 0;
  sodium_memzero(tag.data(), tag.size());
  return same;
}

std::string Argon2Hasher::hash(std::string_view password) {
  FairSlots::Slot slot(fair_, "");  // hashing a new password: the service's own work
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
