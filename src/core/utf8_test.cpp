#include "core/utf8.hpp"

#include <gtest/gtest.h>

namespace mc::utf8 {
namespace {

using Decoded = std::pair<char32_t, std::size_t>;

TEST(Utf8Sequence, ReadsOneCodePointOfEachLength) {
  EXPECT_EQ(sequence("a"), Decoded(U'a', 1));
  EXPECT_EQ(sequence("é!"), Decoded(U'é', 2));
  EXPECT_EQ(sequence("€"), Decoded(U'€', 3));
  EXPECT_EQ(sequence("\U0001F600"), Decoded(0x1F600, 4));
}

TEST(Utf8Sequence, MalformedOrCutShortIsZero) {
  EXPECT_EQ(sequence(""), Decoded(0, 0));
  EXPECT_EQ(sequence("\x80"), Decoded(0, 0));              // a continuation byte first
  EXPECT_EQ(sequence("\xC3"), Decoded(0, 0));              // cut short
  EXPECT_EQ(sequence("\xC3("), Decoded(0, 0));             // not a continuation byte
  EXPECT_EQ(sequence("\xF8\x80\x80\x80"), Decoded(0, 0));  // no 5-byte forms
}

TEST(Utf8Sequence, OnlyTheStrictFormRefusesOverlongsSurrogatesAndOutOfRange) {
  EXPECT_EQ(sequence("\xC0\xAF"), Decoded(U'/', 2));
  EXPECT_EQ(well_formed_sequence("\xC0\xAF"), Decoded(0, 0));
  EXPECT_EQ(well_formed_sequence("\xED\xA0\x80"), Decoded(0, 0));      // U+D800
  EXPECT_EQ(well_formed_sequence("\xF4\x90\x80\x80"), Decoded(0, 0));  // past U+10FFFF
  EXPECT_EQ(well_formed_sequence("é"), Decoded(U'é', 2));
}

}  // namespace
}  // namespace mc::utf8
