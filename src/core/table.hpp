#pragma once
// A parsed text table (from CSV files), with the line each record started on for error messages.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace mc {

struct TableRow {
  int line = 0;  // 1-based; the header is line 1
  std::vector<std::string> fields;
};

struct Table {
  std::vector<std::string> header;
  std::vector<TableRow> rows;
  [[nodiscard]] int column(std::string_view name) const {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  }
};

}  // namespace mc
