#pragma once
#include <string_view>

#include "core/time.hpp"

namespace mc::ports {

// Sliding-window counters for abuse limits (per NIR, per client address).
class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Records one hit for `key` and returns how many hits it has had within `window` (this one
  // included). Always writes, whatever the result, so that callers cost the same either way.
  virtual int hit(std::string_view key, Instant now, Duration window) = 0;
};

}  // namespace mc::ports
