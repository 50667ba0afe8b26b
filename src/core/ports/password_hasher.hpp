#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace mc::ports {

// Argon2id behind admission control: a ticket is taken before an attempt is counted, so a
// saturated pool answers "busy" without consuming one of the member's tries.
class PasswordHasher {
 public:
  class Ticket {
   public:
    Ticket() = default;
    explicit Ticket(std::function<void()> release, std::string source = {})
        : release_(std::move(release)), source_(std::move(source)) {}
    Ticket(Ticket&& o) noexcept : release_(std::exchange(o.release_, nullptr)), source_(std::move(o.source_)) {}
    Ticket& operator=(Ticket&& o) noexcept {
      if (this != &o) {
        reset();
        release_ = std::exchange(o.release_, nullptr);
        source_ = std::move(o.source_);
      }
      return *this;
    }
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket() { reset(); }
    void reset() {
      if (release_) std::exchange(release_, nullptr)();
    }
    // The source (throttle::source_key) the ticket was admitted for: hashing slots are shared
    // fairly between sources.
    [[nodiscard]] const std::string& source() const { return source_; }

   private:
    std::function<void()> release_;
    std::string source_;
  };

  virtual ~PasswordHasher() = default;
  // nullopt when the pool is saturated and `source` already holds tickets: answer 503 busy at
  // once. A source holding none is admitted beyond the limit (up to twice it), so that one busy
  // source never pushes out the others (SPEC §3 Sources).
  [[nodiscard]] virtual std::optional<Ticket> admit(std::string_view source = {}) = 0;
  // Waits for a hashing slot, then verifies. Never throws on a malformed hash (returns false).
  [[nodiscard]] virtual bool verify(const Ticket& ticket, std::string_view phc, std::string_view password) = 0;
  [[nodiscard]] virtual std::string hash(std::string_view password) = 0;
  [[nodiscard]] virtual bool needs_rehash(std::string_view phc) const = 0;
  // A hash of a random secret with the current parameters, verified for unknown accounts so that
  // they cost exactly what a real account costs.
  [[nodiscard]] virtual const std::string& dummy_hash() const = 0;
  [[nodiscard]] virtual std::size_t queue_depth() const = 0;
};

}  // namespace mc::ports
