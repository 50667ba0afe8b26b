#pragma once
// A recognised device of an account (SPEC §3 device trust), as the storage ports hand it out.
// Its own header so that what only carries a Device (a sign-in's outcome, a counter's owner)
// does not depend on the DeviceStore port and recompile when that port changes.
#include <string>

#include "core/time.hpp"

namespace mc::ports {

struct Device {
  std::string id;
  std::string nir13;
  std::string label;  // "Firefox sur Android"
  Instant first_seen_at{}, last_seen_at{};
};

}  // namespace mc::ports
