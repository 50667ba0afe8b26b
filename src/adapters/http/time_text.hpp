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

// The member's own sign-in history (issue 17 item 5) in Europe/Paris time, by the EU rule:
// summer time (UTC+2) from the last Sunday of March to the last Sunday of October, at 01:00 UTC;
// UTC+1 otherwise. "03/12/2026 15:05 (heure de Paris)".
inline std::string paris_time(Instant t) {
  const std::time_t s = static_cast<std::time_t>(to_millis(t) / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  auto last_sunday_1h_utc = [](int year, int month) {  // month 0-based; March and October have 31 days
    std::tm x{};
    x.tm_year = year;
    x.tm_mon = month;
    x.tm_mday = 31;
    x.tm_hour = 1;
    const std::time_t v = timegm(&x);
    std::tm y{};
    gmtime_r(&v, &y);
    return v - static_cast<std::time_t>(y.tm_wday) * 86400;
  };
  const bool summer = s >= last_sunday_1h_utc(tm.tm_year, 2) && s < last_sunday_1h_utc(tm.tm_year, 9);
  return utc_text(from_millis((static_cast<std::int64_t>(s) + (summer ? 7200 : 3600)) * 1000), "%d/%m/%Y %H:%M") +
         " (heure de Paris)";
}

}  // namespace mc::http
