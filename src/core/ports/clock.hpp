#pragma once
// The clock of every use case: the system clock in production, a settable one in tests.
#include "core/time.hpp"

namespace mc::ports {

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Instant now() const = 0;
  // Waiting goes through the clock, so that use cases never sleep themselves: the system clock
  // sleeps, a test clock may simply return (or advance).
  virtual void pause(Duration d) const { (void)d; }
};

}  // namespace mc::ports
