#pragma once
// A parsed text table (from CSV files), with the line each record started on for error messages.
#include <algorithm>
#include <cstdint>
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

// Records read one at a time from a file too big to hold (the register): the header first, then
// next() until it returns false. A file that cannot be parsed any further throws
// std::runtime_error naming the line; a record whose field count differs from the header's is
// returned as it is, for the caller to report.
class RowStream {
 public:
  virtual ~RowStream() = default;
  [[nodiscard]] virtual const std::vector<std::string>& header() const = 0;
  virtual bool next(TableRow& row) = 0;
  [[nodiscard]] virtual std::uint64_t bytes_read() const = 0;
  [[nodiscard]] virtual std::uint64_t total_bytes() const = 0;  // 0 when unknown (a pipe)
};

}  // namespace mc
