// The header-only text helpers: UTF-8 decoding (core/utf8.hpp), HTML escaping (core/html.hpp)
// and percent-encoding (core/url.hpp).
#include <gtest/gtest.h>

#include "core/html.hpp"
#include "core/url.hpp"
#include "core/utf8.hpp"

namespace mc {
namespace {

using Decoded = std::pair<char32_t, std::size_t>;

TEST(Utf8Sequence, ReadsOneCodePointOfEachLength) {
  EXPECT_EQ(utf8::sequence("a"), Decoded(U'a', 1));
  EXPECT_EQ(utf8::sequence("é!"), Decoded(U'é', 2));
  EXPECT_EQ(utf8::sequence("€"), Decoded(U'€', 3));
  EXPECT_EQ(utf8::sequence("\U0001F600"), Decoded(0x1F600, 4));
}

TEST(Utf8Sequence, MalformedOrCutShortIsZero) {
  EXPECT_EQ(utf8::sequence(""), Decoded(0, 0));
  EXPECT_EQ(utf8::sequence("\x80"), Decoded(0, 0));              // a continuation byte first
  EXPECT_EQ(utf8::sequence("\xC3"), Decoded(0, 0));              // cut short
  EXPECT_EQ(utf8::sequence("\xC3("), Decoded(0, 0));             // not a continuation byte
  EXPECT_EQ(utf8::sequence("\xF8\x80\x80\x80"), Decoded(0, 0));  // no 5-byte forms
}

TEST(Utf8Sequence, OnlyTheStrictFormRefusesOverlongsSurrogatesAndOutOfRange) {
  EXPECT_EQ(utf8::sequence("\xC0\xAF"), Decoded(U'/', 2));
  EXPECT_EQ(utf8::well_formed_sequence("\xC0\xAF"), Decoded(0, 0));
  EXPECT_EQ(utf8::well_formed_sequence("\xED\xA0\x80"), Decoded(0, 0));      // U+D800
  EXPECT_EQ(utf8::well_formed_sequence("\xF4\x90\x80\x80"), Decoded(0, 0));  // past U+10FFFF
  EXPECT_EQ(utf8::well_formed_sequence("é"), Decoded(U'é', 2));
}

TEST(HtmlEscape, EntitiesForMarkupAndQuotesButNotApostrophes) {
  EXPECT_EQ(html::escape("<a href=\"x\">R&D</a>"), "&lt;a href=&quot;x&quot;&gt;R&amp;D&lt;/a&gt;");
  EXPECT_EQ(html::escape("l'Assurance Maladie"), "l'Assurance Maladie");
  EXPECT_EQ(html::escape(""), "");
}

TEST(PercentEncode, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(url::percent_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(url::percent_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
  EXPECT_EQ(url::percent_encode(""), "");
}

}  // namespace
}  // namespace mc
