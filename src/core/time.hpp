#pragma once
// Time enters the core only as values: the clock is read once per request at the edge.
#include <chrono>
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
inline Duration minutes(double m) { return Duration{static_cast<std::int64_t>(m * 60'000.0 + 0.5)}; }
inline Duration hours(double h) { return Duration{static_cast<std::int64_t>(h * 3'600'000.0 + 0.5)}; }
inline Duration days(double d) { return Duration{static_cast<std::int64_t>(d * 86'400'000.0 + 0.5)}; }

}  // namespace mc
