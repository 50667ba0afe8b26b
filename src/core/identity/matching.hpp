#pragma once
// Pure matching of a FranceConnect pivot identity against register entries (no I/O).
// The caller looks up a linked `sub` first; only when there is none does it call this, usually
// on the register rows that share the birth date (a cheap indexed pre-filter).
//
// A register row matches when ALL of these hold (ADR 0141):
//   - family name: normalised equality (case, accents, hyphens, apostrophes, spaces ignored);
//   - given names: the register's first given name equals FranceConnect's first one, or the
//     whole normalised lists are equal (registers often keep only the first given name, and
//     FranceConnect sends them all, space-separated);
//   - birth date: exact equality of the ISO strings (presumed dates included);
//   - gender: male <-> M (or 1), female <-> F (or 2);
//   - birth place: born in France (birthcountry 99100): the INSEE commune codes are equal
//     (2A/2B case-insensitive); born abroad: FranceConnect's birthcountry equals the register's
//     99xxx code, which the register keeps in its birth-place column.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/identity/pivot.hpp"

namespace mc::identity {

// The register's view of a person, as in fixtures/register.csv.
struct RegisterIdentity {
  std::string family_name;
  std::string given_names;  // one or several, separated by spaces or commas
  std::string birth_date;   // YYYY-MM-DD
  std::string sex;          // "M" | "F"
  std::string birth_place;  // INSEE commune code, or 99xxx country code if born abroad
};

enum class MatchOutcome { none, unique, several };

struct MatchResult {
  MatchOutcome outcome = MatchOutcome::none;
  std::size_t index = 0;             // meaningful only when outcome == unique
  std::vector<std::size_t> matches;  // every matching index (for the log when several)
};

// Lower-case ASCII with accents removed; hyphens, apostrophes and any other non-alphanumeric
// character become one space; leading/trailing spaces trimmed. "N’Diaye-Élodie" -> "n diaye elodie".
// Uses ICU's "Any-Latin; Latin-ASCII; Lower" transliterator, so ligatures fold too (Œ -> oe).
[[nodiscard]] std::string normalise_name(std::string_view utf8);

[[nodiscard]] bool matches(const PivotIdentity& fc, const RegisterIdentity& row);

[[nodiscard]] MatchResult match_register(const PivotIdentity& fc,
                                         std::span<const RegisterIdentity> rows);

}  // namespace mc::identity
