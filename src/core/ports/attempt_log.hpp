#pragma once
// One line of the sign-in attempt log (Store::recent_attempts), shown to advisors.
#include <string>

#include "core/time.hpp"

namespace mc::ports {

struct AttemptLogEntry {
  Instant at{};
  std::string outcome;
  std::string client_ip;
};

}  // namespace mc::ports
