#include "core/scam/text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>

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

// `text` cleaned shows each of `shown` and records at least `obfuscations` disguises.
void expect_cleaned(const char* text, std::initializer_list<const char*> shown, std::size_t obfuscations) {
  Cleaned c = clean(text, 1000);
  for (const char* s : shown) EXPECT_NE(c.display.find(s), std::string::npos) << s;
  EXPECT_GE(c.obfuscations.size(), obfuscations);
}

TEST(ScamText, CleanAppliesNfkcAndRecordsFullwidthDots) {
  expect_cleaned("Allez sur ａｍｅｌｉ．ｆｒ maintenant", {"ameli.fr"}, 1);
}

TEST(ScamText, CleanUndoesHxxpAndBracketDots) {
  expect_cleaned("Lien : hxxps://ameli-remb[.]com/r et evil(.)example", {"https://ameli-remb.com/r", "evil.example"},
                 3);
}

TEST(ScamText, CleanUndoesSpacedScheme) {
  expect_cleaned("h t t p s : / / evil.example/x", {"https://evil.example/x"}, 1);
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

// Issue 16: look-alike letters, spacing and invisible characters inside a
// multi-word brand name fold to the same keys as the plain phrase.
std::vector<std::string> keys_of(std::string_view raw) {
  std::vector<std::string> keys;
  for (const Token& t : tokens_of(clean(raw, 1000).display)) keys.push_back(t.key);
  return keys;
}

TEST(ScamText, LookalikesAndSpacingFoldToThePlainPhrase) {
  const std::vector<std::string> plain = keys_of("Assurance Maladie");
  struct Case {
    const char* raw;
    bool confusable;  // some token folded a look-alike
    bool mixed;       // some token mixes scripts
    bool hidden;      // an invisible character was found and recorded
  };
  for (const Case& c : std::initializer_list<Case>{
           {"Assurance M\u0430ladie", true, true, false},                 // Cyrillic а
           {"\u0410ssur\u0430nce M\u0430l\u0430die", true, true, false},  // Cyrillic А, а
           {"Assur\u03b1nce Mal\u03b1d\u03b9e", true, true, false},       // Greek α, ι
           {"ASSURANCE M\u0391LAD\u0399E", true, true, false},            // Greek capital Α, Ι
           {"Assurance \u041Caladie", true, true, false},                 // Cyrillic М
           {"Assur\u0251nce Maladie", true, false, false},                // Latin alpha ɑ
           {"\u0410\u0405\u0405UR\u0410NCE MALADIE", true, true, false},  // Cyrillic А, Ѕ
           {"\uFF21\uFF53\uFF53\uFF55\uFF52\uFF41\uFF4E\uFF43\uFF45 \uFF2D\uFF41\uFF4C\uFF41\uFF44\uFF49\uFF45", false,
            false, false},                                         // fullwidth (NFKC)
           {"Assurance\u00A0Maladie", false, false, false},        // no-break space
           {"Assurance\u202FMaladie", false, false, false},        // narrow no-break space
           {"Assurance\u2003Maladie", false, false, false},        // em space
           {"Assurance\u3000Maladie", false, false, false},        // ideographic space
           {"Assurance   \n Maladie", false, false, false},        // odd spacing
           {"Assu\u200Brance Mala\u200Ddie", false, false, true},  // zero-width space, joiner
           {"Assurance Mal\u2060a\uFEFFdie", false, false, true},  // word joiner, BOM
           {"Assurance Mala\u00ADdie", false, false, true},        // soft hyphen
           {"Assurance\u3164Maladie", false, false, true},         // Hangul filler
           {"Assurance Ma\u0336ladie", false, false, false},       // combining overlay
       }) {
    EXPECT_EQ(keys_of(c.raw), plain) << c.raw;
    std::vector<Token> toks = tokens_of(clean(c.raw, 1000).display);
    EXPECT_EQ(std::any_of(toks.begin(), toks.end(), [](const Token& t) { return t.confusable; }), c.confusable)
        << c.raw;
    EXPECT_EQ(std::any_of(toks.begin(), toks.end(), [](const Token& t) { return t.mixed_script; }), c.mixed) << c.raw;
    EXPECT_EQ(!clean(c.raw, 1000).hidden.empty(), c.hidden) << c.raw;
  }
}

TEST(ScamText, FrenchLettersAreNotLookalikes) {
  const char* french =
      "Hélène, Noël, Zoë, Maïté : votre cœur, l'œuvre, ex æquo, à la fête, déjà, où, çà, garçon, "
      "naïf, l'été, août, Ève, ÉCOLE, ÇA, Œdipe, 5 µg de vitamine, 3 m², n° 12, 1er, Ⅳ, ½ comprimé";
  for (const Token& t : tokens_of(clean(french, 1000).display)) {
    EXPECT_FALSE(t.confusable) << t.key;
    EXPECT_FALSE(t.mixed_script) << t.key;
  }
  // Other alphabets alone are not mixed scripts: a greeting in Russian or Greek.
  for (const Token& t : tokens_of(clean("Спасибо, Ελένη ! Καλημέρα", 1000).display))
    EXPECT_FALSE(t.mixed_script) << t.key;
}

TEST(ScamText, ConfusablesSelfTestHolds) {
  EXPECT_EQ(confusables_self_test(), "");
  EXPECT_EQ(confusable_latin(U'\u043E'), "o");
  EXPECT_EQ(confusable_latin(U'é'), "");
  EXPECT_EQ(confusable_latin(U'a'), "");
  EXPECT_EQ(fold_word("c\u043Ede"), fold_word("code"));  // Cyrillic о
}

}  // namespace
}  // namespace mc::scam::text
