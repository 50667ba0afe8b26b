#include "core/identity/matching.hpp"

#include <memory>
#include <stdexcept>

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

namespace mc::identity {
namespace {

// ICU transliterators are not safe to share between threads while transliterating, and
// building one parses rules (milliseconds), so each thread keeps its own.
const icu::Transliterator& folder() {
  thread_local std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8("Any-Latin; Latin-ASCII; Lower"), UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !made) {
      throw std::runtime_error("ICU transliterator unavailable (libicu data missing?)");
    }
    return made;
  }();
  return *t;
}

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string upper_trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  std::string out;
  for (char c : s) out.push_back(ascii_upper(c));
  return out;
}

// Splits on separators first, so that a compound given name ("Jean-Pierre") stays one name.
std::string first_given_name(std::string_view names) {
  const auto start = names.find_first_not_of(" ,");
  if (start == std::string_view::npos) return {};
  names.remove_prefix(start);
  return normalise_name(names.substr(0, names.find_first_of(" ,")));
}

char sex_of_gender(std::string_view gender) {
  if (gender == "male") return 'M';
  if (gender == "female") return 'F';
  return '?';
}

char register_sex(std::string_view sex) {
  const std::string s = upper_trimmed(sex);
  if (s == "M" || s == "1") return 'M';
  if (s == "F" || s == "2") return 'F';
  return '!';  // never equal to sex_of_gender's values, so an unknown sex never matches
}

// FranceConnect's side, normalised once per call to match_register.
struct Probe {
  std::string family;
  std::string given_first;
  std::string given_all;
  std::string birth_date;
  char sex;
  std::string place;  // the commune code if born in France, else the 99xxx country code
  bool usable;
};

Probe probe_of(const PivotIdentity& fc) {
  Probe p;
  p.family = normalise_name(fc.family_name);
  p.given_first = first_given_name(fc.given_name);
  p.given_all = normalise_name(fc.given_name);
  p.birth_date = fc.birthdate;
  p.sex = sex_of_gender(fc.gender);
  const std::string country = upper_trimmed(fc.birthcountry);
  p.place = country == "99100" ? upper_trimmed(fc.birthplace) : country;
  // Without these a "match" would rest on too little: refuse rather than guess.
  p.usable = !p.family.empty() && !p.birth_date.empty() && p.sex != '?' && p.place.size() == 5;
  return p;
}

bool row_matches(const Probe& p, const RegisterIdentity& row) {
  if (!p.usable) return false;
  if (row.birth_date != p.birth_date) return false;
  if (register_sex(row.sex) != p.sex) return false;
  if (upper_trimmed(row.birth_place) != p.place) return false;
  if (normalise_name(row.family_name) != p.family) return false;
  return first_given_name(row.given_names) == p.given_first ||
         normalise_name(row.given_names) == p.given_all;
}

}  // namespace

std::string normalise_name(std::string_view utf8) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
  folder().transliterate(u);
  std::string folded;
  u.toUTF8String(folded);

  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  for (char c : folded) {
    if (is_ascii_alnum(c)) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    } else {
      pending_space = true;  // hyphen, apostrophe, space, anything left over from a script
    }
  }
  return out;
}

bool matches(const PivotIdentity& fc, const RegisterIdentity& row) {
  return row_matches(probe_of(fc), row);
}

MatchResult match_register(const PivotIdentity& fc, std::span<const RegisterIdentity> rows) {
  const Probe p = probe_of(fc);
  MatchResult r;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (row_matches(p, rows[i])) r.matches.push_back(i);
  }
  if (r.matches.size() == 1) {
    r.outcome = MatchOutcome::unique;
    r.index = r.matches.front();
  } else if (r.matches.size() > 1) {
    r.outcome = MatchOutcome::several;
  }
  return r;
}

}  // namespace mc::identity
