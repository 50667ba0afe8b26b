#include "core/scam/text.hpp"

#include <gtest/gtest.h>

namespace mc::scam::text {
namespace {

std::vector<Token> tokens_of(std::string_view s) {
  std::vector<Token> out;
  tokenize(s, Field::text, out);
  return out;
}

TEST(ScamText, FoldingToleratesAccentsCaseAndScamMisspellings) {
  EXPECT_EQ(fold_word("coordonnées"), fold_word("COORDONÉES"));
  EXPECT_EQ(fold_word("remboursement"), fold_word("remboursemant"));
  EXPECT_EQ(fold_word("bancaire"), fold_word("banquaire"));
  EXPECT_EQ(fold_word("assurance"), fold_word("Assurence"));
  EXPECT_EQ(fold_word("bancaires"), fold_word("bancaire"));
  EXPECT_EQ(fold_word("Sécurité"), fold_word("securite"));
  EXPECT_EQ(fold_word("numéro"), fold_word("numero"));
  EXPECT_NE(fold_word("carte"), fold_word("compte"));
  EXPECT_EQ(fold_word("Œil"), fold_word("oeil"));
}

TEST(ScamText, LoosenKeepsShortWordsAndDigits) {
  EXPECT_EQ(loosen("vos"), "vos");
  EXPECT_EQ(loosen("sms"), "sms");
  EXPECT_EQ(loosen("1000"), "1000");
}

TEST(ScamText, CleanAppliesNfkcAndRecordsFullwidthDots) {
  Cleaned c = clean("Allez sur ａｍｅｌｉ．ｆｒ maintenant", 1000);
  EXPECT_NE(c.display.find("ameli.fr"), std::string::npos);
  EXPECT_FALSE(c.obfuscations.empty());
}

TEST(ScamText, CleanUndoesHxxpAndBracketDots) {
  Cleaned c = clean("Lien : hxxps://ameli-remb[.]com/r et evil(.)example", 1000);
  EXPECT_NE(c.display.find("https://ameli-remb.com/r"), std::string::npos);
  EXPECT_NE(c.display.find("evil.example"), std::string::npos);
  EXPECT_GE(c.obfuscations.size(), 3u);
}

TEST(ScamText, CleanUndoesSpacedScheme) {
  Cleaned c = clean("h t t p s : / / evil.example/x", 1000);
  EXPECT_NE(c.display.find("https://evil.example/x"), std::string::npos);
  EXPECT_FALSE(c.obfuscations.empty());
}

TEST(ScamText, InvisibleCharactersInsideWordsAreRemovedAndRecorded) {
  Cleaned c = clean("https://ame\u200Bli-vitale.com", 1000);
  EXPECT_EQ(c.display, "https://ameli-vitale.com");
  ASSERT_EQ(c.hidden.size(), 1u);
  EXPECT_EQ(c.hidden.front(), "U+200B");
}

TEST(ScamText, EmojiJoinerIsHarmless) {
  Cleaned c = clean("Bonne fête 👨\u200D👩\u200D👧", 1000);
  EXPECT_TRUE(c.hidden.empty());
}

TEST(ScamText, BidiOverrideIsRecorded) {
  Cleaned c = clean("fichier \u202Efdp.exe", 1000);
  EXPECT_FALSE(c.hidden.empty());
}

TEST(ScamText, InclusiveWritingMiddleDotIsNotALinkDot) {
  Cleaned c = clean("Cher·e assuré·e", 1000);
  EXPECT_TRUE(c.obfuscations.empty());
  EXPECT_NE(c.display.find("assuré·e"), std::string::npos);
}

TEST(ScamText, InvalidUtf8AndControlsBecomeSafeText) {
  std::string raw = "Bonjour \xC3\x28 \xFF\xFE code\x01\x02 fin\r\nligne";
  Cleaned c = clean(raw, 1000);
  EXPECT_NE(c.display.find("\xEF\xBF\xBD"), std::string::npos);  // U+FFFD
  EXPECT_EQ(c.display.find('\x01'), std::string::npos);
  EXPECT_EQ(c.display.find('\r'), std::string::npos);
}

TEST(ScamText, CleanTruncatesAtTheCap) {
  std::string big(5000, 'a');
  Cleaned c = clean(big, 1000);
  EXPECT_TRUE(c.truncated);
  EXPECT_LE(c.display.size(), 1000u);
}

TEST(ScamText, TokenizerSplitsLettersFromDigitsAndApostrophes) {
  auto t = tokens_of("sous 24h, l'assurance");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[0].key, fold_word("sous"));
  EXPECT_TRUE(t[1].number);
  EXPECT_EQ(t[1].key, "24");
  EXPECT_EQ(t[2].key, "h");
  EXPECT_TRUE(t[3].elided);
  EXPECT_EQ(t[4].key, fold_word("assurance"));
}

TEST(ScamText, TokenizerTracksSentencesButNotDomainDots) {
  auto t = tokens_of("Allez sur ameli.fr. Puis appelez.");
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[2].sentence, t[3].sentence);  // ameli . fr
  EXPECT_NE(t[3].sentence, t[4].sentence);
}

TEST(ScamText, TokenizerMarksShortQuotationsOnly) {
  auto t = tokens_of("Il dit « votre carte expire » puis rien");
  ASSERT_GE(t.size(), 5u);
  EXPECT_FALSE(t[0].quoted);
  EXPECT_TRUE(t[2].quoted);
  EXPECT_TRUE(t[4].quoted);
  EXPECT_FALSE(t.back().quoted);
  std::string unbalanced = "« début";
  for (int i = 0; i < 60; ++i) unbalanced += " mot";
  auto u = tokens_of(unbalanced);
  EXPECT_FALSE(u.back().quoted);
}

TEST(ScamText, TokenizerRecordsPhoneSeparators) {
  auto t = tokens_of("appelez le +33 6 12.34-56");
  ASSERT_EQ(t.size(), 7u);
  EXPECT_TRUE(t[2].plus);
  EXPECT_EQ(t[3].gap, ' ');
  EXPECT_EQ(t[5].gap, '.');
  EXPECT_EQ(t[6].gap, '-');
}

TEST(ScamText, EuroSignIsAToken) {
  auto t = tokens_of("frais 1,49€");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[3].key, "€");
}

}  // namespace
}  // namespace mc::scam::text
