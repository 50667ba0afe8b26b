#include "core/attestation/dates.hpp"

#include <gtest/gtest.h>

namespace mc::attestation {
namespace {

Date d(std::string_view iso) { return *parse_iso_date(iso); }

TEST(Dates, ParsesStrictIso) {
  EXPECT_TRUE(parse_iso_date("2024-02-29"));
  for (const char* bad : {"2023-02-29", "2024-2-29", "2024-13-01", "24-01-01xx"})
    EXPECT_FALSE(parse_iso_date(bad)) << bad;
  EXPECT_EQ(format_iso_date(d("1997-03-18")), "1997-03-18");
}

TEST(Dates, HexDaysMatchTheSpecExamples) {
  // lib2ddoc: "29 avril 2021 correspond à 1E6D"; dossierfacile test: 202A = 2022-07-18.
  EXPECT_EQ(to_hex_days(d("2021-04-29")), "1E6D");
  EXPECT_EQ(format_iso_date(*from_hex_days("1E6D")), "2021-04-29");
  EXPECT_EQ(format_iso_date(*from_hex_days("202A")), "2022-07-18");
  EXPECT_EQ(format_iso_date(*from_hex_days("23DC")), "2025-02-18");
  EXPECT_EQ(to_hex_days(d("2000-01-01")), "0000");
  EXPECT_FALSE(to_hex_days(d("1999-12-31")));
  EXPECT_FALSE(from_hex_days("FFFF"));
  EXPECT_FALSE(from_hex_days("1e6d"));
  EXPECT_FALSE(from_hex_days("1E6"));
}

TEST(Dates, MessageDates) {
  EXPECT_EQ(to_ddmmyyyy(d("1949-12-07")), "07121949");
  EXPECT_EQ(format_iso_date(*from_ddmmyyyy("07121949")), "1949-12-07");
  EXPECT_FALSE(from_ddmmyyyy("31022024"));
  EXPECT_FALSE(from_ddmmyyyy("0712194"));
}

TEST(Dates, FrenchWording) {
  EXPECT_EQ(french_short_date(d("2025-03-01")), "01/03/2025");
  EXPECT_EQ(french_long_date(d("2025-03-01")), "1er mars 2025");
  EXPECT_EQ(french_long_date(d("2025-08-15")), "15 août 2025");
  EXPECT_EQ(french_long_date(d("2025-12-02")), "2 décembre 2025");
}

TEST(Dates, OneYearValidity) {
  EXPECT_EQ(format_iso_date(one_year_validity_end(d("2025-03-03"))), "2026-03-02");
  EXPECT_EQ(format_iso_date(one_year_validity_end(d("2024-02-29"))), "2025-02-28");
  EXPECT_EQ(format_iso_date(one_year_validity_end(d("2025-01-01"))), "2025-12-31");
}

}  // namespace
}  // namespace mc::attestation
