#include "core/token/token.hpp"

#include <gtest/gtest.h>

#include <array>

namespace mc::token {
namespace {

using namespace std::chrono_literals;
const Instant t0 = from_millis(1'800'000'000'000);

TEST(Token, CodesUseTheUnambiguousAlphabet) {
  std::array<std::uint8_t, 5> r{0xFF, 0x00, 0xAB, 0x12, 0x7C};
  auto c = make_code(r);
  ASSERT_EQ(c.size(), 8u);
  for (char ch : c) EXPECT_NE(kCodeAlphabet.find(ch), std::string_view::npos);
  for (char bad : {'I', 'O', '0', '1'}) EXPECT_EQ(kCodeAlphabet.find(bad), std::string_view::npos);
  std::array<std::uint8_t, 5> zero{};
  EXPECT_EQ(make_code(zero), "AAAAAAAA");
}

TEST(Token, NormalizesWhatMembersType) {
  EXPECT_EQ(normalize_code("abcd-efgh"), "ABCDEFGH");
  EXPECT_EQ(normalize_code(" ABCD EFGH "), "ABCDEFGH");
  for (const char* bad : {"ABCDEFG", "ABCDEFGHJ", "ABCDEFG0"}) EXPECT_FALSE(normalize_code(bad)) << bad;
  EXPECT_EQ(display_code("ABCDEFGH"), "ABCD-EFGH");
}

TEST(Token, LinkTokens) {
  std::array<std::uint8_t, 16> r{};
  r[0] = 0xAB;
  auto t = make_link_token(r);
  EXPECT_EQ(t.size(), 32u);
  EXPECT_EQ(t.substr(0, 2), "ab");
  EXPECT_EQ(normalize_link_token("AB000000000000000000000000000000"), "ab000000000000000000000000000000");
  EXPECT_FALSE(normalize_link_token("xyz"));
  EXPECT_FALSE(normalize_link_token("zz000000000000000000000000000000"));
}

TEST(Token, UsabilityAtChosenInstants) {
  CodeRecord r;
  r.created_at = t0;
  r.expires_at = t0 + 30min;
  EXPECT_EQ(check(r, t0 + 29min), Usability::usable);
  EXPECT_EQ(check(r, t0 + 30min), Usability::expired);
  r.failed_tries = kMaxCodeTries;
  EXPECT_EQ(check(r, t0), Usability::exhausted);
  r.failed_tries = 0;
  r.voided_at = t0;
  EXPECT_EQ(check(r, t0), Usability::voided);
  r.used_at = t0;
  EXPECT_EQ(check(r, t0), Usability::used);
}

TEST(Token, PurposeAndChannelNamesAreTheStoredOnes) {
  for (auto p : {Purpose::password_reset, Purpose::activation, Purpose::email_verification})
    EXPECT_EQ(parse_purpose(to_string(p)), p);
  for (auto c : {Channel::email, Channel::postal, Channel::counter}) EXPECT_EQ(parse_channel(to_string(c)), c);
  EXPECT_EQ(to_string(Purpose::email_verification), "email_verification");
  EXPECT_EQ(to_string(Channel::counter), "counter");
  EXPECT_FALSE(parse_purpose("reset"));
  EXPECT_FALSE(parse_channel("Email"));
}

}  // namespace
}  // namespace mc::token
