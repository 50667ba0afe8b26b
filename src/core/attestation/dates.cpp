#include "core/attestation/dates.hpp"

#include <array>
#include <cstdio>

namespace mc::attestation {
namespace {
using namespace std::chrono;

constexpr Date kEpoch2000 = sys_days{year{2000} / January / 1};

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::optional<Date> make_date(int y, int m, int d) {
  if (y < 1900 || y > 2999) return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

constexpr std::array<std::string_view, 12> kMonths = {
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre"};
// `format` printed with `args`: a date or a day count, a few characters.
template <class... Args>
std::string printed(const char* format, Args... args) {
  char buf[16];
  std::snprintf(buf, sizeof buf, format, args...);
  return buf;
}

}  // namespace

std::optional<Date> parse_iso_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  const auto y = t.substr(0, 4), m = t.substr(5, 2), d = t.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return std::nullopt;
  return make_date(to_int(y), to_int(m), to_int(d));
}

std::string format_iso_date(Date d) {
  const year_month_day ymd{d};
  return printed("%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                 static_cast<unsigned>(ymd.day()));
}

std::optional<std::string> to_hex_days(Date d) {
  const auto days = (d - kEpoch2000).count();
  if (days < 0 || days >= 0xFFFF) return std::nullopt;
  return printed("%04X", static_cast<unsigned>(days));
}

std::optional<Date> from_hex_days(std::string_view t) {
  if (t.size() != 4) return std::nullopt;
  unsigned v = 0;
  for (char c : t) {
    unsigned digit;
    if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
    else if (c >= 'A' && c <= 'F') digit = static_cast<unsigned>(c - 'A' + 10);
    else return std::nullopt;  // lower case is not canonical
    v = v * 16 + digit;
  }
  if (v == 0xFFFF) return std::nullopt;
  return kEpoch2000 + days{v};
}

std::string to_ddmmyyyy(Date d) {
  const year_month_day ymd{d};
  return printed("%02u%02u%04d", static_cast<unsigned>(ymd.day()), static_cast<unsigned>(ymd.month()),
                 static_cast<int>(ymd.year()));
}

std::optional<Date> from_ddmmyyyy(std::string_view t) {
  if (t.size() != 8 || !all_digits(t)) return std::nullopt;
  return make_date(to_int(t.substr(4, 4)), to_int(t.substr(2, 2)), to_int(t.substr(0, 2)));
}

std::string french_short_date(Date d) {
  const year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
  return buf;
}

std::string french_long_date(Date d) {
  const year_month_day ymd{d};
  const unsigned day_number = static_cast<unsigned>(ymd.day());
  std::string out = day_number == 1 ? "1er" : std::to_string(day_number);
  out += ' ';
  out += kMonths[static_cast<unsigned>(ymd.month()) - 1];
  out += ' ';
  out += std::to_string(static_cast<int>(ymd.year()));
  return out;
}

Date one_year_validity_end(Date issued) {
  year_month_day next{issued};
  next += years{1};
  // Issued on 29 February: the anniversary is 1 March, so the last day is 28 February.
  if (!next.ok()) return sys_days{next.year() / February / last};
  return sys_days{next} - days{1};
}

}  // namespace mc::attestation
