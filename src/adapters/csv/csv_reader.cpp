#include "adapters/csv/csv_reader.hpp"

#include <csv.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace mc::csv {
namespace {

struct Builder {
  std::vector<TableRow> records;
  TableRow current;
  int line = 1;
  int next_record_line = 1;
};

void on_field(void* data, std::size_t len, void* ctx) {
  auto* b = static_cast<Builder*>(ctx);
  if (b->current.fields.empty()) b->current.line = b->next_record_line;
  b->current.fields.emplace_back(static_cast<const char*>(data), len);
}

void on_row(int, void* ctx) {
  auto* b = static_cast<Builder*>(ctx);
  if (b->current.fields.empty()) b->current.line = b->next_record_line;
  b->records.push_back(std::move(b->current));
  b->current = TableRow{};
}

// Position of the first byte that is not valid UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    // ASCII runs, 8 bytes at a time (most of a register's text).
    while (i + 8 <= s.size()) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if ((w & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= s.size()) break;
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return i;
    if (n == 2 && c < 0xC2) return i;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    if (n == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return i;
    }
    if (n == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90) || c > 0xF4) return i;
    }
    i += n;
  }
  return std::string_view::npos;
}

}  // namespace

std::expected<mc::Table, std::string> parse(std::string_view data) {
  if (data.starts_with("\xEF\xBB\xBF")) data.remove_prefix(3);  // a BOM from spreadsheet exports
  if (auto bad = first_invalid_utf8(data); bad != std::string_view::npos) {
    auto line = 1 + std::count(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    return std::unexpected("line " + std::to_string(line) + ": the file is not valid UTF-8");
  }
  csv_parser p{};
  if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0) return std::unexpected("cannot initialise the CSV parser");
  std::unique_ptr<csv_parser, void (*)(csv_parser*)> guard(&p, [](csv_parser* q) { csv_free(q); });
  Builder b;
  // Feed line by line so that records know the line they start on.
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::size_t end = data.find('\n', pos);
    std::size_t len = (end == std::string_view::npos ? data.size() : end + 1) - pos;
    if (csv_parse(&p, data.data() + pos, len, on_field, on_row, &b) != len)
      return std::unexpected("line " + std::to_string(b.line) + ": " + csv_strerror(csv_error(&p)));
    pos += len;
    ++b.line;
    if (b.current.fields.empty()) b.next_record_line = b.line;
  }
  if (csv_fini(&p, on_field, on_row, &b) != 0)
    return std::unexpected("line " + std::to_string(b.line) + ": " + csv_strerror(csv_error(&p)) + " (unterminated quote?)");
  mc::Table t;
  if (b.records.empty()) return std::unexpected("the file is empty (a header line is expected)");
  t.header = std::move(b.records.front().fields);
  for (auto& h : t.header) {
    while (!h.empty() && (h.back() == ' ' || h.back() == '\r')) h.pop_back();
  }
  for (std::size_t i = 1; i < b.records.size(); ++i) {
    auto& r = b.records[i];
    if (r.fields.size() == 1 && r.fields[0].empty()) continue;  // blank line
    if (r.fields.size() != t.header.size())
      return std::unexpected("line " + std::to_string(r.line) + ": " + std::to_string(r.fields.size()) +
                             " fields, the header has " + std::to_string(t.header.size()));
    t.rows.push_back(std::move(r));
  }
  return t;
}

struct FileRowStream::State {
  csv_parser parser{};
  Builder builder;
  char* line = nullptr;
  std::size_t capacity = 0;
  bool first_line = true;
};

FileRowStream::FileRowStream(const std::string& path) : path_(path), state_(std::make_unique<State>()) {
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) throw std::runtime_error("cannot read '" + path + "': " + std::strerror(errno));
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  total_bytes_ = ec ? 0 : size;
  if (csv_init(&state_->parser, CSV_STRICT | CSV_APPEND_NULL) != 0) throw std::runtime_error("cannot initialise the CSV parser");
  if (!fill() || state_->builder.records.empty()) throw std::runtime_error("the file is empty (a header line is expected)");
  header_ = std::move(state_->builder.records.front().fields);
  state_->builder.records.erase(state_->builder.records.begin());
  for (auto& h : header_) {
    while (!h.empty() && (h.back() == ' ' || h.back() == '\r')) h.pop_back();
  }
}

FileRowStream::~FileRowStream() {
  csv_free(&state_->parser);
  std::free(state_->line);
  if (file_) std::fclose(file_);
}

bool FileRowStream::fill() {
  auto& st = *state_;
  auto& b = st.builder;
  while (b.records.empty()) {
    if (eof_) return false;
    ssize_t n = ::getline(&st.line, &st.capacity, file_);
    if (n < 0) {
      if (std::ferror(file_)) throw std::runtime_error("cannot read '" + path_ + "': " + std::strerror(errno));
      eof_ = true;
      if (csv_fini(&st.parser, on_field, on_row, &b) != 0)
        throw std::runtime_error("line " + std::to_string(b.line) + ": " + csv_strerror(csv_error(&st.parser)) +
                                 " (unterminated quote?)");
      continue;
    }
    bytes_read_ += static_cast<std::uint64_t>(n);
    std::string_view data(st.line, static_cast<std::size_t>(n));
    if (st.first_line && data.starts_with("\xEF\xBB\xBF")) data.remove_prefix(3);  // a BOM
    st.first_line = false;
    if (first_invalid_utf8(data) != std::string_view::npos)
      throw std::runtime_error("line " + std::to_string(b.line) + ": the file is not valid UTF-8");
    if (csv_parse(&st.parser, data.data(), data.size(), on_field, on_row, &b) != data.size())
      throw std::runtime_error("line " + std::to_string(b.line) + ": " + csv_strerror(csv_error(&st.parser)));
    ++b.line;
    if (b.current.fields.empty()) b.next_record_line = b.line;
  }
  return true;
}

namespace {

bool csv_space(char c) { return c == ' ' || c == '\t'; }

// A line with no quote and no carriage return but at its end, read while libcsv is between
// records, is split here: the fields libcsv would give (unquoted fields lose their leading and
// trailing spaces and tabs), written into the row's own strings (no allocation once they have
// grown). About a quarter of the import's client CPU went to libcsv's per-character callbacks.
// Returns false for a line it does not handle, left to libcsv.
bool split_plain_line(std::string_view data, std::vector<std::string>& fields) {
  if (data.ends_with('\n')) data.remove_suffix(1);
  if (data.ends_with('\r')) data.remove_suffix(1);
  // One pass, no find_first_of: libstdc++'s calls memchr over the set for every character.
  for (const char c : data)
    if (c == '"' || c == '\r' || c == '\n') return false;
  std::size_t n = 0;
  for (;;) {
    const auto comma = data.find(',');
    std::string_view f = data.substr(0, comma);
    while (!f.empty() && csv_space(f.front())) f.remove_prefix(1);
    while (!f.empty() && csv_space(f.back())) f.remove_suffix(1);
    if (n == fields.size()) fields.emplace_back();
    fields[n++].assign(f);
    if (comma == std::string_view::npos) break;
    data.remove_prefix(comma + 1);
  }
  fields.resize(n);
  return true;
}

bool ascii(std::string_view s) {
  for (const char c : s)
    if ((static_cast<unsigned char>(c) & 0x80U) != 0) return false;
  return true;
}

}  // namespace

bool FileRowStream::next(mc::TableRow& row) {
  auto& st = *state_;
  auto& b = st.builder;
  for (;;) {
    if (!b.records.empty()) {
      row = std::move(b.records.front());
      b.records.erase(b.records.begin());
      if (row.fields.size() == 1 && row.fields[0].empty()) continue;  // blank line
      return true;
    }
    // Between records (libcsv holds no part of one): the next line may take the fast path.
    if (eof_ || st.parser.pstate != 0 || !b.current.fields.empty()) {
      if (!fill()) return false;
      continue;
    }
    ssize_t n = ::getline(&st.line, &st.capacity, file_);
    if (n < 0) {
      if (std::ferror(file_)) throw std::runtime_error("cannot read '" + path_ + "': " + std::strerror(errno));
      eof_ = true;
      continue;  // libcsv holds nothing: csv_fini would give no record
    }
    bytes_read_ += static_cast<std::uint64_t>(n);
    std::string_view data(st.line, static_cast<std::size_t>(n));
    if (!ascii(data) && first_invalid_utf8(data) != std::string_view::npos)
      throw std::runtime_error("line " + std::to_string(b.line) + ": the file is not valid UTF-8");
    const int line = b.line;
    if (split_plain_line(data, row.fields)) {
      ++b.line;
      b.next_record_line = b.line;
      if (row.fields.size() == 1 && row.fields[0].empty()) continue;  // blank line
      row.line = line;
      return true;
    }
    if (csv_parse(&st.parser, data.data(), data.size(), on_field, on_row, &b) != data.size())
      throw std::runtime_error("line " + std::to_string(b.line) + ": " + csv_strerror(csv_error(&st.parser)));
    ++b.line;
    if (b.current.fields.empty()) b.next_record_line = b.line;
  }
}

}  // namespace mc::csv
