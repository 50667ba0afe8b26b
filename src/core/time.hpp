#pragma once
// Time enters the core only as values (Instant, Duration): core functions never read a clock.
// The use cases in src/app read the ports::Clock they are given — usually once per step, more
// when they wait (Login's retry while a lock is pending) — and waiting goes through
// Clock::pause, never by sleeping (tests/tools/check_no_sleep.sh guards it). The service's clock
// is the system clock, or with `clock.offset_file` a test clock that tests move forward
// (src/main/wiring.cpp).
#include <chrono>
#include <cmath>
#include <cstdint>

namespace mc {

using Duration = std::chrono::milliseconds;
using Instant = std::chrono::sys_time<Duration>;

inline std::int64_t to_millis(Instant t) { return t.time_since_epoch().count(); }
inline Instant from_millis(std::int64_t ms) { return Instant{Duration{ms}}; }

// Whole seconds left until `until`, rounded up so that "0 s left" never means "still locked".
inline std::int64_t seconds_until(Instant now, Instant until) {
  auto ms = (until - now).count();
  if (ms <= 0) return 0;
  return (ms + 999) / 1000;
}

// Durations in the config accept decimals ("0.05" minutes is 3 s), so they are converted here.
// Rounded to the nearest millisecond.
inline Duration minutes(double m) { return Duration{std::llround(m * 60'000.0)}; }
inline Duration hours(double h) { return Duration{std::llround(h * 3'600'000.0)}; }
inline Duration days(double d) { return Duration{std::llround(d * 86'400'000.0)}; }

}  // namespace mc
