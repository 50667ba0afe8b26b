#pragma once
// Instants as the API (ISO 8601, UTC) and the pages (French, UTC, said so) show them.
#include <ctime>
#include <string>

#include "core/time.hpp"

namespace mc::http {

inline std::string utc_text(Instant t, const char* format) {
  std::time_t s = static_cast<std::time_t>(to_millis(t) / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

inline std::string iso(Instant t) { return utc_text(t, "%Y-%m-%dT%H:%M:%SZ"); }

// Pages show UTC, and say so: advisors and members work across time zones (Outre-mer).
inline std::string fr_time(Instant t) { return utc_text(t, "%d/%m/%Y %H:%M") + " UTC"; }

}  // namespace mc::http
