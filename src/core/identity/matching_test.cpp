#include "core/identity/matching.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace mc::identity {
namespace {

// sub, given_name, family_name, birthdate, gender, birthplace, birthcountry (as theo_row below).
PivotIdentity theo() { return {"abc", "Théo", "ÉTIENNE", "1942-04-11", "male", "59350", "99100"}; }

RegisterIdentity theo_row() { return {"ÉTIENNE", "Théo", "1942-04-11", "M", "59350"}; }

TEST(NormaliseName, FoldsCaseAccentsAndSeparators) {
  EXPECT_EQ(normalise_name("ÉTIENNE"), "etienne");
  EXPECT_EQ(normalise_name("  Jean-Pierre   Marie "), "jean pierre marie");
  EXPECT_EQ(normalise_name("N'DIAYE"), "n diaye");
  EXPECT_EQ(normalise_name("N’Diaye"), "n diaye");  // typographic apostrophe
  EXPECT_EQ(normalise_name("MÜLLER"), "muller");
  EXPECT_EQ(normalise_name("Cœur-de-Lion"), "coeur de lion");
  EXPECT_EQ(normalise_name("Ærøskøbing"), "aeroskobing");
  EXPECT_EQ(normalise_name("Maëlle"), normalise_name("MAELLE"));
  EXPECT_EQ(normalise_name("François"), "francois");
  EXPECT_EQ(normalise_name(""), "");
  EXPECT_EQ(normalise_name("--"), "");
}

TEST(NormaliseName, SurvivesInvalidUtf8) {
  const std::string bad = "Jo\xC3\x28se\xFF";
  EXPECT_NO_THROW((void)normalise_name(bad));
}

TEST(Matching, ExactIdentityMatches) { EXPECT_TRUE(matches(theo(), theo_row())); }

TEST(Matching, CaseAndAccentsIgnored) {
  PivotIdentity p = theo();
  p.given_name = "THEO";
  p.family_name = "etienne";
  EXPECT_TRUE(matches(p, theo_row()));
}

// Théo's identity with one field as FranceConnect writes it, and his register row with the same
// field as the register writes it: whether they match.
bool matches_written(std::string PivotIdentity::*pivot_field, const char* pivot_value,
                     std::string RegisterIdentity::*row_field, const char* row_value) {
  PivotIdentity p = theo();
  p.*pivot_field = pivot_value;
  RegisterIdentity r = theo_row();
  r.*row_field = row_value;
  return matches(p, r);
}

TEST(Matching, HyphensApostrophesAndSpacesAreEquivalent) {
  EXPECT_TRUE(matches_written(&PivotIdentity::family_name, "SAINT JUST", &RegisterIdentity::family_name, "SAINT-JUST"));
  EXPECT_TRUE(matches_written(&PivotIdentity::family_name, "N’DIAYE", &RegisterIdentity::family_name, "N'DIAYE"));
  EXPECT_TRUE(matches_written(&PivotIdentity::family_name, "N DIAYE", &RegisterIdentity::family_name, "N'DIAYE"));
}

TEST(Matching, FirstGivenNameOrWholeList) {
  RegisterIdentity r = theo_row();
  r.given_names = "Jean-Pierre";
  PivotIdentity p = theo();
  p.given_name = "Jean-Pierre Marie Ange";  // FC sends every given name
  EXPECT_TRUE(matches(p, r));
  p.given_name = "Jean Pierre";  // compound written with a space: whole lists equal
  EXPECT_TRUE(matches(p, r));
  p.given_name = "Jean";  // a different (shorter) first given name
  EXPECT_FALSE(matches(p, r));
  r.given_names = "Jean, Marie";
  p.given_name = "Jean Marie";
  EXPECT_TRUE(matches(p, r));
  p.given_name = "Marie Jean";  // order matters: the first given name is the one in use
  EXPECT_FALSE(matches(p, r));
}

TEST(Matching, EveryOtherFieldMustBeEqual) {
  // Théo's identity with one field changed.
  const std::pair<std::string PivotIdentity::*, const char*> changes[] = {
      {&PivotIdentity::birthdate, "1942-04-12"}, {&PivotIdentity::gender, "female"},
      {&PivotIdentity::birthplace, "59000"},     {&PivotIdentity::family_name, "ETIENNES"},
      {&PivotIdentity::given_name, "Theodore"},
  };
  for (const auto& [field, value] : changes) {
    PivotIdentity p = theo();
    p.*field = value;
    EXPECT_FALSE(matches(p, theo_row())) << value;
  }
}

TEST(Matching, GenderMapping) {
  PivotIdentity p = theo();
  RegisterIdentity r = theo_row();
  r.sex = "1";
  EXPECT_TRUE(matches(p, r));
  r.sex = "m";
  EXPECT_TRUE(matches(p, r));
  p.gender = "Male";  // FC sends exactly male/female; anything else is refused
  EXPECT_FALSE(matches(p, r));
  p.gender = "female";
  r.sex = "F";
  EXPECT_FALSE(matches(theo(), r));
  EXPECT_TRUE(matches(p, r));
}

TEST(Matching, CorsicanCodesIgnoreCase) {
  EXPECT_TRUE(matches_written(&PivotIdentity::birthplace, "2b033", &RegisterIdentity::birth_place, "2B033"));
}

TEST(Matching, BornAbroadComparesTheCountry) {
  PivotIdentity p = theo();
  p.birthplace = "";
  p.birthcountry = "99139";  // Portugal
  RegisterIdentity r = theo_row();
  r.birth_place = "99139";
  EXPECT_TRUE(matches(p, r));
  p.birthcountry = "99127";
  EXPECT_FALSE(matches(p, r));
  // A commune code sent along with a foreign country is ignored, as FC's own sub hash does.
  p.birthcountry = "99139";
  p.birthplace = "59350";
  EXPECT_TRUE(matches(p, r));
}

TEST(Matching, MissingPivotDataNeverMatches) {
  PivotIdentity p = theo();
  p.birthplace = "";  // born in France but no commune: too little to go on
  RegisterIdentity r = theo_row();
  r.birth_place = "";
  EXPECT_FALSE(matches(p, r));
  p = theo();
  p.family_name = "";
  r = theo_row();
  r.family_name = "";
  EXPECT_FALSE(matches(p, r));
}

TEST(MatchRegister, UniqueNoneSeveral) {
  std::vector<RegisterIdentity> rows = {
      {"RICHARD", "Maëlle", "1949-12-07", "F", "69383"},
      theo_row(),
      {"DUBOIS", "Camille", "1990-05-12", "F", "75115"},
      {"DUBOIS", "Camille", "1990-05-12", "F", "75115"},
  };
  auto r = match_register(theo(), rows);
  EXPECT_EQ(r.outcome, MatchOutcome::unique);
  EXPECT_EQ(r.index, 1u);

  PivotIdentity unknown = theo();
  unknown.family_name = "INCONNUE";
  r = match_register(unknown, rows);
  EXPECT_EQ(r.outcome, MatchOutcome::none);
  EXPECT_TRUE(r.matches.empty());

  const PivotIdentity camille{"", "Camille Anne", "DUBOIS", "1990-05-12", "female", "75115", "99100"};
  r = match_register(camille, rows);
  EXPECT_EQ(r.outcome, MatchOutcome::several);
  EXPECT_EQ(r.matches, (std::vector<std::size_t>{2, 3}));

  EXPECT_EQ(match_register(theo(), {}).outcome, MatchOutcome::none);
}

}  // namespace
}  // namespace mc::identity
