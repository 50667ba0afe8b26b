#pragma once
// CSV (RFC 4180: quotes, embedded commas and newlines) through Debian's libcsv.
#include <cstdio>
#include <deque>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/table.hpp"

namespace mc::csv {

// Fails on malformed quoting, invalid UTF-8, or rows whose field count differs from the header's.
[[nodiscard]] std::expected<mc::Table, std::string> parse(std::string_view data);

// The same format read one record at a time from a file, in constant memory (a register of tens
// of millions of lines). The header is read by the constructor (std::runtime_error if the file
// cannot be opened or has none).
class FileRowStream final : public mc::RowStream {
 public:
  explicit FileRowStream(const std::string& path);
  ~FileRowStream() override;
  FileRowStream(const FileRowStream&) = delete;
  FileRowStream& operator=(const FileRowStream&) = delete;

  [[nodiscard]] const std::vector<std::string>& header() const override { return header_; }
  bool next(mc::TableRow& row) override;
  [[nodiscard]] std::uint64_t bytes_read() const override { return bytes_read_; }
  [[nodiscard]] std::uint64_t total_bytes() const override { return total_bytes_; }

  struct State;

 private:
  bool fill();  // reads lines until a record is complete or the file ends

  std::string path_;
  std::FILE* file_ = nullptr;
  std::unique_ptr<State> state_;
  std::vector<std::string> header_;
  std::uint64_t bytes_read_ = 0, total_bytes_ = 0;
  bool eof_ = false;
};

}  // namespace mc::csv
