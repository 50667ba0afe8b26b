#include "core/scam/matcher.hpp"

namespace mc::scam {

bool PhraseIndex::term_matches(const Term& term, const text::Token& token) {
  switch (term.kind) {
    case Kind::exact:
      return token.key == term.key;
    case Kind::prefix:
      return !token.number && token.key.starts_with(term.key);
    case Kind::number:
      return token.number;
  }
  return false;
}

std::expected<int, std::string> PhraseIndex::add_list(const std::vector<std::string>& phrases) {
  const int list = static_cast<int>(list_sizes_.size());
  list_sizes_.push_back(phrases.size());
  for (const std::string& phrase : phrases) {
    std::vector<Term> terms;
    std::size_t pos = 0;
    while (pos < phrase.size()) {
      std::size_t space = phrase.find(' ', pos);
      std::string piece = phrase.substr(pos, space == std::string::npos ? std::string::npos : space - pos);
      pos = space == std::string::npos ? phrase.size() : space + 1;
      if (piece.empty()) continue;
      if (piece == "#") {
        terms.push_back({"", Kind::number});
        continue;
      }
      bool prefix = piece.back() == '*';
      if (prefix) piece.pop_back();
      std::vector<text::Token> toks;
      text::tokenize(piece, text::Field::text, toks);
      if (toks.empty()) return std::unexpected("phrase sans mot : « " + phrase + " »");
      for (std::size_t k = 0; k < toks.size(); ++k) terms.push_back({toks[k].key, Kind::exact});
      if (prefix) {
        Term& last = terms.back();
        // Loosening rewrites a/c/q/p according to the next letter, which a
        // prefix cannot know: such prefixes would silently never match.
        char end = last.key.empty() ? '\0' : last.key.back();
        if (last.key.size() < 3 || end == 'a' || end == 'c' || end == 'q' || end == 'p')
          return std::unexpected("préfixe trop court ou finissant par a, c, q ou p : « " + phrase + " »");
        last.kind = Kind::prefix;
      }
    }
    if (terms.empty()) return std::unexpected("phrase vide dans une liste");
    std::string compiled;
    for (const Term& t : terms) {
      compiled += t.kind == Kind::number ? "#" : t.key;
      compiled += t.kind == Kind::prefix ? "* " : " ";
    }
    auto [it, inserted] = by_text_.emplace(compiled, static_cast<int>(phrases_.size()));
    if (!inserted) {
      auto& lists = phrases_[static_cast<std::size_t>(it->second)].lists;
      if (lists.empty() || lists.back() != list) lists.push_back(list);
      continue;
    }
    const int id = static_cast<int>(phrases_.size());
    phrases_.push_back({terms, {list}});
    const Term& first = terms.front();
    if (first.kind == Kind::number) {
      number_first_.push_back(id);
    } else if (first.kind == Kind::prefix) {
      prefix_first_[first.key.substr(0, 2)].push_back(id);
    } else {
      exact_first_[first.key].push_back(id);
    }
  }
  return list;
}

void PhraseIndex::try_phrase(int id, const std::vector<text::Token>& tokens, std::size_t at,
                             std::vector<std::vector<Hit>>& hits, std::size_t cap) const {
  const Phrase& phrase = phrases_[static_cast<std::size_t>(id)];
  if (at + phrase.terms.size() > tokens.size()) return;
  const text::Token& start = tokens[at];
  for (std::size_t k = 0; k < phrase.terms.size(); ++k) {
    const text::Token& t = tokens[at + k];
    if (t.field != start.field || t.sentence != start.sentence) return;
    if (!term_matches(phrase.terms[k], t)) return;
  }
  Hit hit{static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + phrase.terms.size() - 1)};
  for (int list : phrase.lists) {
    auto& v = hits[static_cast<std::size_t>(list)];
    if (v.size() < cap) v.push_back(hit);
  }
}

std::vector<std::vector<Hit>> PhraseIndex::match(const std::vector<text::Token>& tokens, std::size_t cap) const {
  std::vector<std::vector<Hit>> hits(list_sizes_.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const text::Token& t = tokens[i];
    if (t.number) {
      for (int id : number_first_) try_phrase(id, tokens, i, hits, cap);
    }
    if (auto it = exact_first_.find(t.key); it != exact_first_.end())
      for (int id : it->second) try_phrase(id, tokens, i, hits, cap);
    if (!t.number && t.key.size() >= 2) {
      if (auto it = prefix_first_.find(t.key.substr(0, 2)); it != prefix_first_.end())
        for (int id : it->second) try_phrase(id, tokens, i, hits, cap);
    }
  }
  return hits;
}

}  // namespace mc::scam
