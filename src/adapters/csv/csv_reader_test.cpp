// FileRowStream splits plain lines itself and leaves the others (quotes, stray carriage returns)
// to libcsv: whatever the mix, it must give the records, fields and line numbers that csv::parse
// (libcsv for every line) gives for the same text.
#include "adapters/csv/csv_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace mc::csv {
namespace {

std::string write_temp(const std::string& text, int n) {
  auto path = std::filesystem::temp_directory_path() /
              ("mc_csv_reader_test_" + std::to_string(::getpid()) + "_" + std::to_string(n) + ".csv");
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

std::vector<TableRow> stream_all(const std::string& path, std::vector<std::string>& header) {
  FileRowStream s(path);
  header = s.header();
  std::vector<TableRow> out;
  for (TableRow r; s.next(r);) out.push_back(r);
  return out;
}

std::string random_field(std::mt19937& g) {
  static const std::vector<std::string> plain = {"a", "b", " ", "\t", "\xC3\xA9", "1", "-", "@"};
  static const std::vector<std::string> quoted = {"a", ",", "\"\"", "\n", "\r\n", " ", "\xC3\xA9", "\t"};
  std::uniform_int_distribution<int> kind(0, 4), len(0, 6);
  const int k = kind(g);
  std::string f;
  if (k == 0) return f;
  const bool q = k == 4;
  const auto& alphabet = q ? quoted : plain;
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int i = len(g); i > 0; --i) f += alphabet[pick(g)];
  return q ? "\"" + f + "\"" : f;
}

TEST(FileRowStream, GivesWhatLibcsvGivesForAnyMixOfPlainAndQuotedLines) {
  std::mt19937 g(42);
  for (int round = 0; round < 300; ++round) {
    std::uniform_int_distribution<int> fields(1, 5), rows(0, 12), blank(0, 9), crlf(0, 3);
    const int n = fields(g);
    std::string text;
    for (int i = 0; i < n; ++i) text += (i ? "," : "") + std::string("h") + std::to_string(i);
    text += "\n";
    for (int r = rows(g); r > 0; --r) {
      if (blank(g) == 0) text += blank(g) < 5 ? "\n" : " \t\r\n";
      for (int i = 0; i < n; ++i) text += (i ? "," : "") + random_field(g);
      // Every record ends its line: csv::parse numbers a last line with no newline one too far
      // (the stream gives it its own number, checked below).
      text += crlf(g) == 0 ? "\r\n" : "\n";
    }
    const auto path = write_temp(text, round);
    auto expected = parse(text);
    if (!expected) {  // a random plain field of only spaces makes a one-field row blank: skip
      std::filesystem::remove(path);
      continue;
    }
    std::vector<std::string> header;
    auto got = stream_all(path, header);
    std::filesystem::remove(path);
    ASSERT_EQ(header, expected->header) << text;
    ASSERT_EQ(got.size(), expected->rows.size()) << text;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].line, expected->rows[i].line) << text;
      EXPECT_EQ(got[i].fields, expected->rows[i].fields) << text;
    }
  }
}

TEST(FileRowStream, NumbersALastLineWithNoNewline) {
  const auto a = write_temp("a,b\n1,2\n3,4", 999);
  std::vector<std::string> header;
  auto rows = stream_all(a, header);
  std::filesystem::remove(a);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"3", "4"}));
}

TEST(FileRowStream, RefusesAQuoteInsideAnUnquotedFieldAndBadUtf8WithTheLine) {
  const auto a = write_temp("a,b\n1,2\nx,y\"z\n", 1000);
  {
    FileRowStream s(a);
    TableRow r;
    ASSERT_TRUE(s.next(r));
    EXPECT_EQ(r.line, 2);
    try {
      (void)s.next(r);
      ADD_FAILURE() << "a quote inside an unquoted field was accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
    }
  }
  std::filesystem::remove(a);
  const auto b = write_temp("a,b\n1,2\n\xC3(,y\n", 1001);
  {
    FileRowStream s(b);
    TableRow r;
    ASSERT_TRUE(s.next(r));
    try {
      (void)s.next(r);
      ADD_FAILURE() << "invalid UTF-8 was accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
    }
  }
  std::filesystem::remove(b);
}

}  // namespace
}  // namespace mc::csv
