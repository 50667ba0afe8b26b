#pragma once
// Seeing an attack across accounts (issue: population attacks): evaluated wrong passwords per
// minute and how many distinct NIRs they hit, in this process. Past the alarm threshold, one
// `attack_suspected` event per minute; never a NIR, only counts.
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_set>

#include "core/time.hpp"

namespace mc::app {

class AttackMonitor {
 public:
  struct Minute {
    Instant start{};
    std::int64_t failures = 0;
    std::int64_t distinct_nirs = 0;
  };
  using Alarm = std::function<void(const Minute&)>;

  AttackMonitor(std::int64_t alarm_failures_per_minute, Alarm alarm)
      : threshold_(alarm_failures_per_minute), alarm_(std::move(alarm)) {}

  // A wrong password was evaluated for `nir13` (account or not) at `now`.
  void failure(std::string_view nir13, Instant now);

  [[nodiscard]] std::int64_t failures_total() const;
  // The last complete minute (the current one while none is complete).
  [[nodiscard]] Minute last_minute(Instant now) const;

 private:
  void roll(Instant now);  // with mutex_ held

  std::int64_t threshold_;
  Alarm alarm_;
  mutable std::mutex mutex_;
  Minute current_{}, previous_{};
  std::unordered_set<std::size_t> seen_;  // hashes of the NIRs that failed this minute
  bool alarmed_ = false;
  std::int64_t total_ = 0;
};

}  // namespace mc::app
