#include "core/password/policy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>

namespace mc::password {
namespace {

bool has(const std::vector<Violation>& v, std::string_view code) {
  return std::any_of(v.begin(), v.end(), [&](const Violation& x) { return x.code == code; });
}

const Policy& p = Policy::builtin();

// A password checked with the member's NIR and birth date, and the rule it breaks.
struct Broken {
  const char* password;
  const char* nir;
  const char* birth_date;
  const char* rule;
};

void expect_broken(std::initializer_list<Broken> cases) {
  for (const auto& c : cases) EXPECT_TRUE(has(p.check(c.password, c.nir, c.birth_date), c.rule)) << c.password;
}

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
  expect_broken({{"TULIPE-ORANGE-42", "", "", "missing_lowercase"},
                 {"tulipe-orange-42", "", "", "missing_uppercase"},
                 {"TulipeOrangeRivage", "", "", "missing_digit_or_special"}});
}

TEST(PasswordPolicy, PersonalData) {
  expect_broken({{"Xx2951099126111", "2951099126111", "", "contains_nir"},
                 {"Tulipe01101995", "", "1995-10-01", "contains_birth_date"},
                 {"Tulipe011095!", "", "1995-10-01", "contains_birth_date"}});
}

TEST(PasswordPolicy, CommonPasswordsWithDecorations) {
  expect_broken({{"Password1", "", "", "too_common"},
                 {"Azerty123!", "", "", "too_common"},
                 {"Motdepasse2024", "", "", "too_common"}});
}

TEST(PasswordPolicy, MessagesAreFrench) {
  auto v = p.check("abc", "", "");
  ASSERT_FALSE(v.empty());
  EXPECT_NE(v[0].message.find("caractères"), std::string::npos);
}

}  // namespace
}  // namespace mc::password
