#include "core/password/policy.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace mc::password {
namespace {

bool has(const std::vector<Violation>& v, std::string_view code) {
  return std::any_of(v.begin(), v.end(), [&](const Violation& x) { return x.code == code; });
}

const Policy& p = Policy::builtin();

TEST(PasswordPolicy, AcceptsAGoodPassword) {
  EXPECT_TRUE(p.check("Tulipe-Orange-42", "2951099126111", "1995-10-01").empty());
  EXPECT_TRUE(p.check("Demo-d00-Motdepasse!", "", "").empty());
  EXPECT_TRUE(p.check("Bleuet€Rivage", "", "").empty());  // a special instead of a digit
}

TEST(PasswordPolicy, Length) {
  EXPECT_TRUE(has(p.check("Ab1?xyz", "", ""), "too_short"));
  EXPECT_TRUE(has(p.check(std::string(60, 'a') + "B1cdef", "", ""), "too_long"));
  // "é" is one character, not two bytes.
  EXPECT_FALSE(has(p.check("Ééééééé1", "", ""), "too_short"));
}

TEST(PasswordPolicy, CharacterClasses) {
  EXPECT_TRUE(has(p.check("TULIPE-ORANGE-42", "", ""), "missing_lowercase"));
  EXPECT_TRUE(has(p.check("tulipe-orange-42", "", ""), "missing_uppercase"));
  EXPECT_TRUE(has(p.check("TulipeOrangeRivage", "", ""), "missing_digit_or_special"));
}

TEST(PasswordPolicy, PersonalData) {
  EXPECT_TRUE(has(p.check("Xx2951099126111", "2951099126111", ""), "contains_nir"));
  EXPECT_TRUE(has(p.check("Tulipe01101995", "", "1995-10-01"), "contains_birth_date"));
  EXPECT_TRUE(has(p.check("Tulipe011095!", "", "1995-10-01"), "contains_birth_date"));
}

TEST(PasswordPolicy, CommonPasswordsWithDecorations) {
  EXPECT_TRUE(has(p.check("Password1", "", ""), "too_common"));
  EXPECT_TRUE(has(p.check("Azerty123!", "", ""), "too_common"));
  EXPECT_TRUE(has(p.check("Motdepasse2024", "", ""), "too_common"));
}

TEST(PasswordPolicy, MessagesAreFrench) {
  auto v = p.check("abc", "", "");
  ASSERT_FALSE(v.empty());
  EXPECT_NE(v[0].message.find("caractères"), std::string::npos);
}

}  // namespace
}  // namespace mc::password
