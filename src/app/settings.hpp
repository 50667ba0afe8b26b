#pragma once
// The rules' tunables, as the use cases see them (filled from the config in src/main/).
#include "core/lockout/lockout.hpp"
#include "core/time.hpp"

namespace mc::app {

struct SessionSettings {
  Duration idle = minutes(20);
  Duration absolute = hours(8);
};

struct Settings {
  lockout::Policy lockout;
  SessionSettings member_sessions;
  SessionSettings staff_sessions{minutes(15), hours(8)};
  double inactivity_months = 24;
};

}  // namespace mc::app
