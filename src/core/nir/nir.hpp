#pragma once
// The NIR (numéro d'inscription au répertoire), the French social-security number.
// 13 characters + a 2-digit key; see SPEC §2 for the layout and the key rule.
#include <expected>
#include <string>
#include <string_view>

namespace mc::nir {

enum class NirError {
  empty,
  bad_characters,
  bad_length,
  bad_sex,
  bad_month,
  bad_birth_place,
  bad_order,
  bad_key,
};

struct Nir {
  std::string digits13;  // canonical: upper-case, no separators ("2A"/"2B" kept as letters)
  bool key_given = false;
  int key = 0;           // always computed, even when the input had only 13 characters
  // Sex digits 3, 4, 7, 8 mark temporary numbers (NIA / numéros provisoires).
  [[nodiscard]] bool is_temporary() const;
  [[nodiscard]] std::string with_key() const;   // the 15 characters
  [[nodiscard]] std::string formatted() const;  // "2 95 10 99 126 111 93"
};

// Accepts spaces, dots, dashes and lower-case 2a/2b. 13 characters, or 15 with the key (checked).
[[nodiscard]] std::expected<Nir, NirError> parse(std::string_view input);

// Key of the 13 canonical characters (2A → 19, 2B → 18 at positions 6–7 before computing).
[[nodiscard]] int compute_key(std::string_view digits13);

// A precise French sentence for the member, e.g. "… la clé ne correspond pas au numéro …".
[[nodiscard]] std::string message_fr(NirError error, std::string_view raw_input = {});
[[nodiscard]] std::string_view code(NirError error);

// Shown when a temporary number is used where an online account is needed.
[[nodiscard]] std::string temporary_number_message_fr();

}  // namespace mc::nir
