#include "core/nir/nir.hpp"

#include <gtest/gtest.h>

namespace mc::nir {
namespace {

TEST(Nir, AcceptsSpecVectorsWithKey) {
  for (const char* v : {"295109912611193", "253072B07300470", "253072A07300443", "255082A16802597", "141208078200587"}) {
    auto r = parse(v);
    ASSERT_TRUE(r.has_value()) << v << " -> " << code(r.error());
    EXPECT_EQ(r->with_key(), v);
    EXPECT_TRUE(r->key_given);
  }
}

TEST(Nir, KeyOf97WhenRemainderIsZero) { EXPECT_EQ(compute_key("255082A168025"), 97); }

TEST(Nir, CorsicaReplacement) {
  EXPECT_EQ(compute_key("253072B073004"), 70);
  EXPECT_EQ(compute_key("253072A073004"), 43);
}

TEST(Nir, ThirteenCharactersComputeTheKey) {
  auto r = parse("2951099126111");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->key_given);
  EXPECT_EQ(r->key, 93);
  EXPECT_EQ(r->digits13, "2951099126111");
}

TEST(Nir, AcceptsSeparatorsAndLowerCaseCorsica) {
  auto r = parse("2 53 07 2a 073 004 43");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->digits13, "253072A073004");
  EXPECT_TRUE(parse("2.95.10.99.126.111-93").has_value());
}

TEST(Nir, RejectsWrongKeyWithPreciseMessage) {
  auto r = parse("295109912611199");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), NirError::bad_key);
  EXPECT_NE(message_fr(r.error()).find("la clé ne correspond pas au numéro"), std::string::npos);
}

TEST(Nir, RejectsBadFormat) {
  EXPECT_EQ(parse("253072C07300443").error(), NirError::bad_characters);
  EXPECT_EQ(parse("941208078200575").error(), NirError::bad_sex);
  EXPECT_EQ(parse("").error(), NirError::empty);
  EXPECT_EQ(parse("12345").error(), NirError::bad_length);
  EXPECT_EQ(parse("2951399126111").error(), NirError::bad_month);
  EXPECT_EQ(parse("2951000126111").error(), NirError::bad_birth_place);
  EXPECT_EQ(parse("2951099126000").error(), NirError::bad_order);
  EXPECT_EQ(parse("2A51099126111").error(), NirError::bad_characters);
}

TEST(Nir, LengthMessageCountsWhatWasTyped) {
  EXPECT_NE(message_fr(NirError::bad_length, "12 345").find("saisi 5"), std::string::npos);
}

TEST(Nir, TemporaryNumbers) {
  for (char s : {'3', '4', '7', '8'}) {
    std::string d = std::string(1, s) + "951099126111";
    auto r = parse(d);
    ASSERT_TRUE(r) << d;
    EXPECT_TRUE(r->is_temporary());
  }
  EXPECT_FALSE(parse("2951099126111")->is_temporary());
}

TEST(Nir, Formatted) { EXPECT_EQ(parse("295109912611193")->formatted(), "2 95 10 99 126 111 93"); }

}  // namespace
}  // namespace mc::nir
