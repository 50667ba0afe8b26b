#include "adapters/pdf/barcode.hpp"

#include <gtest/gtest.h>

#include "adapters/pdf/test_tools.hpp"

namespace mc::pdf {
namespace {

using namespace testing;

TEST(DataMatrix, EncodesASquareSymbol) {
  const auto m = encode_datamatrix("DC04MC00");
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->rows, m->cols);
  EXPECT_GE(m->rows, 10);
  // ECC 200 finder pattern: solid left column and bottom row.
  for (int r = 0; r < m->rows; ++r) EXPECT_TRUE(m->at(r, 0));
  for (int c = 0; c < m->cols; ++c) EXPECT_TRUE(m->at(m->rows - 1, c));
}

TEST(DataMatrix, RejectsDataBeyondTheLargestSymbol) {
  EXPECT_FALSE(encode_datamatrix(std::string(4000, '\xE9')));
}

// A real reader (dmtxread, libdmtx) gets back the exact bytes, separators and UTF-8 included.
TEST(DataMatrix, DmtxreadDecodesTheExactBytes) {
  if (!have_tool("dmtxread")) GTEST_SKIP() << "dmtxread (dmtx-utils) not installed";
  const std::string data = "DC04MC00TST223E923E9AM01FR11LE GOFF\x1D" "12Hélène\x1F" "ABCDEFGH234567";
  const auto m = encode_datamatrix(data);
  ASSERT_TRUE(m);
  TempDir tmp;
  write_file(tmp.path() / "code.pgm", to_pgm(*m, 4, 2));
  EXPECT_EQ(run("dmtxread -N1 " + quote(tmp.path() / "code.pgm")), data);
}

}  // namespace
}  // namespace mc::pdf
