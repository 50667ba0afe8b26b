// Text preparation for the scam checker: sanitising, de-obfuscation, NFKC,
// tokenisation and the "loose" folding that makes rules tolerate accents,
// case and the usual scam misspellings ("coordonées", "remboursemant").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mc::scam::text {

enum class Field : std::uint8_t { text = 0, subject = 1, sender = 2 };

struct Token {
  std::uint32_t begin = 0;  // byte offsets into the display string of `field`
  std::uint32_t end = 0;
  std::uint32_t index_in_field = 0;
  std::uint32_t sentence = 0;  // increments at . ! ? … ; and line breaks
  Field field = Field::text;
  bool quoted = false;  // inside « … » or "…" (a quoted scam is not a request)
  bool number = false;  // only digits
  bool plus = false;    // a '+' touches the token on its left (phone numbers)
  char gap = 0;         // the separator on the left when it is one ASCII char
  bool elided = false;  // an apostrophe follows: "n'", "l'"
  bool confusable = false;    // letters of another script were folded to Latin look-alikes ("Mаladie")
  bool mixed_script = false;  // Latin letters and look-alikes from another script in one word
  std::string key;      // folded + loosened form used for matching
};

// Result of cleaning one field of the message.
struct Cleaned {
  std::string display;                    // NFKC, controls removed, links de-obfuscated
  std::vector<std::string> obfuscations;  // evidence such as "hxxp" or "[.]"
  std::vector<std::string> hidden;        // invisible characters found, as "U+200B"
  bool truncated = false;
};

// Sanitises raw bytes (invalid UTF-8 becomes U+FFFD), caps them at
// `max_bytes`, removes control/invisible characters, maps odd dots, applies
// NFKC and undoes the usual link obfuscations (hxxp, [.], (.), [:]).
Cleaned clean(std::string_view raw, std::size_t max_bytes);

// Splits a display string into tokens. Letters and digits form separate
// tokens ("24h" gives "24", "h"), apostrophes and hyphens split words.
void tokenize(std::string_view display, Field field, std::vector<Token>& out);

// What folding found in one word.
struct WordInfo {
  bool confusable = false;    // some letter was a look-alike from another script
  bool mixed_script = false;  // Latin letters and such look-alikes in the same word
};

// Case fold + confusable folding + accent stripping + loosening of one word
// (see loosen()). Letters that are not Latin (or are unusual Latin letters
// such as U+0251 "ɑ") and whose Unicode TR39 confusable skeleton (ICU
// uspoof_getSkeleton) is a plain Latin letter are replaced by it, so
// "Mаladie" with a Cyrillic "а" folds like "Maladie". French letters with
// accents are not confusables: they keep their usual folding.
std::string fold_word(std::string_view word, WordInfo* info = nullptr);

// The Latin letters (lower case, ASCII) a code point imitates, or empty when
// it is ASCII, a Latin letter with accents, or not confusable with Latin.
// Built once from ICU's confusables data (see confusables_self_test()).
std::string_view confusable_latin(char32_t c);

// Start-up self-test of the confusable folding (ADR 0106): checks known
// look-alikes and French letters against ICU's data; empty when it holds,
// else what failed. Checker construction refuses to start on a failure.
std::string confusables_self_test();

// Phonetic-ish loosening of a lower-case accent-free word so that common
// misspellings share a key: qu/c(a,o,u)/ck -> k, ph -> f, an/am -> en/em,
// doubled letters collapsed, final plural s/x dropped (words over 3 letters).
std::string loosen(std::string_view folded);

// Lower-cases ASCII letters only (hosts, schemes).
std::string ascii_lower(std::string_view s);

}  // namespace mc::scam::text
