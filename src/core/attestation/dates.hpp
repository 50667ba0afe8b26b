#pragma once
// Calendar helpers for the attestation: ISO dates in the API, 2D-Doc encodings in the
// barcode, French wording on paper. Pure functions; "today" is always passed in.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace mc::attestation {

using Date = std::chrono::sys_days;

// Strict "YYYY-MM-DD" (a real calendar day, years 1900-2999).
std::optional<Date> parse_iso_date(std::string_view text);
std::string format_iso_date(Date d);

// 2D-Doc header date: 4 upper-case hex digits counting days since 2000-01-01.
// Representable range is 2000-01-01 .. 2179-06-05 ("FFFF" is reserved for "no date").
std::optional<std::string> to_hex_days(Date d);
std::optional<Date> from_hex_days(std::string_view hex4);

// 2D-Doc message date: "DDMMYYYY".
std::string to_ddmmyyyy(Date d);
std::optional<Date> from_ddmmyyyy(std::string_view text);

// "01/03/2025" and "1er mars 2025".
std::string french_short_date(Date d);
std::string french_long_date(Date d);

// One year after `issued`, minus one day (a 3 March 2025 attestation is valid up to
// 2 March 2026); issued on 29 February, valid up to 28 February.
Date one_year_validity_end(Date issued);

}  // namespace mc::attestation
