#include "app/attack_monitor.hpp"

#include <string>

namespace mc::app {

namespace {
Instant minute_of(Instant t) { return std::chrono::floor<std::chrono::minutes>(t); }
// Enough to tell a spray from a burst; beyond it the count is a floor, and memory is bounded.
constexpr std::size_t kMaxTracked = 200'000;
}  // namespace

void AttackMonitor::roll(Instant now) {
  const Instant m = minute_of(now);
  if (m == current_.start) return;
  previous_ = m - current_.start == std::chrono::minutes(1) ? current_ : Minute{m - std::chrono::minutes(1)};
  current_ = Minute{m};
  seen_.clear();
  alarmed_ = false;
}

void AttackMonitor::failure(std::string_view nir13, Instant now) {
  Minute alarm;
  {
    std::lock_guard lock(mutex_);
    roll(now);
    ++total_;
    ++current_.failures;
    if (seen_.size() < kMaxTracked && seen_.insert(std::hash<std::string_view>{}(nir13)).second)
      ++current_.distinct_nirs;
    if (alarmed_ || threshold_ <= 0 || current_.failures <= threshold_) return;
    alarmed_ = true;
    alarm = current_;
  }
  if (alarm_) alarm_(alarm);
}

std::int64_t AttackMonitor::failures_total() const {
  std::lock_guard lock(mutex_);
  return total_;
}

AttackMonitor::Minute AttackMonitor::last_minute(Instant now) const {
  std::lock_guard lock(mutex_);
  const Instant m = minute_of(now);
  if (current_.start == m) return previous_.start == Instant{} ? current_ : previous_;
  if (m - current_.start == std::chrono::minutes(1)) return current_;
  return Minute{m - std::chrono::minutes(1)};
}

}  // namespace mc::app
