#pragma once
// CSV (RFC 4180: quotes, embedded commas and newlines) through Debian's libcsv.
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "core/table.hpp"

namespace mc::csv {

// Fails on malformed quoting, invalid UTF-8, or rows whose field count differs from the header's.
[[nodiscard]] std::expected<mc::Table, std::string> parse(std::string_view data);

}  // namespace mc::csv
