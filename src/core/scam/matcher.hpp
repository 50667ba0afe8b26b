// Phrase matching over folded tokens. Rules are written in plain French
// ("coordonnées bancaires", "confirm*", "sous # h") and compiled with the same
// folding as the message, so accents, case and common misspellings match.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/scam/text.hpp"

namespace mc::scam {

struct Hit {
  std::uint32_t first = 0;  // token indexes, inclusive
  std::uint32_t last = 0;
};

class PhraseIndex {
 public:
  // Compiles a list of phrases and returns its id. A word ending in '*' is a
  // prefix; '#' matches any number. Errors name the offending phrase.
  std::expected<int, std::string> add_list(const std::vector<std::string>& phrases);

  int list_count() const { return static_cast<int>(list_sizes_.size()); }

  // hits[list] in token order, at most `cap` per list (bounded work on
  // hostile input). A phrase never spans two fields or two sentences.
  std::vector<std::vector<Hit>> match(const std::vector<text::Token>& tokens, std::size_t cap) const;

 private:
  enum class Kind : std::uint8_t { exact, prefix, number };
  struct Term {
    std::string key;
    Kind kind = Kind::exact;
  };
  struct Phrase {
    std::vector<Term> terms;
    std::vector<int> lists;
  };
  static bool term_matches(const Term& term, const text::Token& token);
  void try_phrase(int phrase, const std::vector<text::Token>& tokens, std::size_t at,
                  std::vector<std::vector<Hit>>& hits, std::size_t cap) const;

  std::vector<Phrase> phrases_;
  std::unordered_map<std::string, int> by_text_;  // compiled phrase -> index (dedup)
  std::unordered_map<std::string, std::vector<int>> exact_first_;
  std::unordered_map<std::string, std::vector<int>> prefix_first_;  // bucket: first 2 bytes
  std::vector<int> number_first_;
  std::vector<std::size_t> list_sizes_;
};

}  // namespace mc::scam
