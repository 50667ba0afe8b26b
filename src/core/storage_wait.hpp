#pragma once
// How long a request may wait for the database, all statements together (`storage.wait_ms`).
// The edge opens a StorageWait scope per request; storage adapters read the deadline of the
// calling thread and give up with StorageError{locked} once it has passed. Threads without a
// scope (maintenance, delivery) wait at most the adapter's own per-statement bound.
#include <chrono>
#include <optional>

namespace mc::storage_wait {

using Clock = std::chrono::steady_clock;

namespace detail {
inline thread_local std::optional<Clock::time_point> deadline;
}

[[nodiscard]] inline std::optional<Clock::time_point> deadline() { return detail::deadline; }

class Scope {
 public:
  explicit Scope(std::chrono::milliseconds budget) : previous_(detail::deadline) {
    detail::deadline = Clock::now() + budget;
  }
  ~Scope() { detail::deadline = previous_; }
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  std::optional<Clock::time_point> previous_;
};

}  // namespace mc::storage_wait
