#include "core/scam/rules.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/scam/checker.hpp"

namespace mc::scam {
namespace {

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The rules `text` are refused with an error that names `what`.
void expect_refused(const std::string& text, const std::string& what) {
  auto r = Checker::from_rules(text);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find(what), std::string::npos) << r.error();
}

TEST(ScamRules, EmbeddedRulesAreTheDataFile) {
  std::ifstream in(MC_SCAM_RULES_FILE);
  ASSERT_TRUE(in) << MC_SCAM_RULES_FILE;
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), builtin_rules_toml());
}

TEST(ScamRules, BuiltinRulesParse) {
  auto rules = parse_rules(builtin_rules_toml());
  ASSERT_TRUE(rules) << rules.error();
  EXPECT_FALSE(rules->advice.empty());
  EXPECT_FALSE(rules->official_domains.empty());
  EXPECT_TRUE(rules->brands.front().insurer);
  for (std::string_view code : computed_signal_codes()) EXPECT_TRUE(rules->signals.contains(std::string(code)));
}

TEST(ScamRules, PublishedCapsMatchTheBuiltinRules) {
  auto rules = parse_rules(builtin_rules_toml());
  ASSERT_TRUE(rules);
  EXPECT_EQ(rules->limits.max_text_bytes, kMaxTextBytes);
  EXPECT_EQ(rules->limits.max_field_bytes, kMaxFieldBytes);
}

TEST(ScamRules, InvalidTomlNamesTheLine) {
  auto r = parse_rules("advice = \"x\"\n[score\n");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("ligne 2"), std::string::npos) << r.error();
}

TEST(ScamRules, MissingComputedSignalIsAnError) {
  std::string text = replaced(std::string(builtin_rules_toml()), "[signals.ip_link]", "[signals.ip_link_renamed]");
  expect_refused(text, "ip_link");
}

TEST(ScamRules, UnknownKeyIsAnError) {
  std::string text = replaced(std::string(builtin_rules_toml()), "[signals.urgency]\nweight = 0.8",
                              "[signals.urgency]\nwieght = 1\nweight = 0.8");
  expect_refused(text, "wieght");
}

TEST(ScamRules, PrefixThatCannotMatchIsRejected) {
  std::string text = replaced(std::string(builtin_rules_toml()), "\"arnaque*\"", "\"arnac*\"");
  expect_refused(text, "arnac*");
}

TEST(ScamRules, UnknownTermListIsAnError) {
  std::string text = replaced(std::string(builtin_rules_toml()), "\"@bank_objects\"", "\"@no_such_list\"");
  expect_refused(text, "@no_such_list");
}

TEST(ScamRules, CapsAboveTheHardCeilingAreRejected) {
  std::string text = replaced(std::string(builtin_rules_toml()), "max_links = 20", "max_links = 100000");
  EXPECT_FALSE(Checker::from_rules(text));
}

TEST(ScamRules, ThresholdsMustBeOrdered) {
  std::string text = replaced(std::string(builtin_rules_toml()), "scam = 3.0", "scam = 1.0");
  EXPECT_FALSE(Checker::from_rules(text));
}

TEST(ScamRules, WeightsAreData) {
  Message m{"Ameli : confirmez votre RIB sur https://ameli-sante.xyz", "+33 6 39 98 00 01", "", Channel::sms};
  EXPECT_EQ(Checker::builtin().check(m).verdict, Verdict::scam);
  std::string text = replaced(std::string(builtin_rules_toml()), "scam = 3.0\nsuspicious = 1.5",
                              "scam = 99.0\nsuspicious = 50.0");
  auto lenient = Checker::from_rules(text);
  ASSERT_TRUE(lenient) << lenient.error();
  EXPECT_EQ(lenient->check(m).verdict, Verdict::no_sign);
}

TEST(ScamRules, ComboMustReferToKnownSignals) {
  std::string text = std::string(builtin_rules_toml()) +
                     "\n[[combo]]\ncode = \"x\"\nall = [\"nope\"]\nweight = 1.0\nmessage = \"m\"\n";
  expect_refused(text, "nope");
}

}  // namespace
}  // namespace mc::scam
