#include "core/password/policy.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/embedded.hpp"

namespace mc::password {
namespace {

// Counts UTF-8 code points; invalid sequences count one per byte (they are refused elsewhere).
std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool has_special(std::string_view s) {
  static constexpr std::array<std::string_view, 22> specials = {
      "?", "!", "$", "€", "£", "@", "&", "(", "-", "+", "_", ")", "=", "*", "%", "/", "<", ">", ",", ".", ";", "\xC2\xA3"};
  return std::any_of(specials.begin(), specials.end(),
                     [&](std::string_view sp) { return s.find(sp) != std::string_view::npos; });
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string digits_only(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c >= '0' && c <= '9') out.push_back(c);
  return out;
}

// Forms of a birth date people put in passwords: 18031997, 180397, 19970318, 1803.
std::vector<std::string> birth_date_forms(std::string_view iso) {
  if (iso.size() != 10) return {};
  std::string y(iso.substr(0, 4)), m(iso.substr(5, 2)), d(iso.substr(8, 2));
  return {d + m + y, y + m + d, d + m + y.substr(2), y.substr(2) + m + d};
}

std::string strip_trailing_noise(std::string s) {
  while (!s.empty() && !std::isalpha(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && !std::isalpha(static_cast<unsigned char>(s[start]))) ++start;
  return s.substr(start);
}

}  // namespace

std::vector<Violation> Policy::check(std::string_view pw, std::string_view nir13, std::string_view birth_date) const {
  std::vector<Violation> v;
  std::size_t len = code_points(pw);
  if (len < 8) v.push_back({"too_short", "Le mot de passe doit comporter au moins 8 caractères."});
  if (len > 64) v.push_back({"too_long", "Le mot de passe doit comporter au plus 64 caractères."});
  bool lower = std::any_of(pw.begin(), pw.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  bool upper = std::any_of(pw.begin(), pw.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  bool digit = std::any_of(pw.begin(), pw.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!lower) v.push_back({"missing_lowercase", "Le mot de passe doit contenir au moins une lettre minuscule."});
  if (!upper) v.push_back({"missing_uppercase", "Le mot de passe doit contenir au moins une lettre majuscule."});
  if (!digit && !has_special(pw))
    v.push_back({"missing_digit_or_special",
                 "Le mot de passe doit contenir au moins un chiffre ou un caractère spécial parmi " +
                     std::string(kSpecials) + "."});
  if (std::any_of(pw.begin(), pw.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; }))
    v.push_back({"forbidden_character", "Le mot de passe contient un caractère invisible non autorisé."});

  std::string digits = digits_only(pw);
  std::string lowered = lower_ascii(pw);
  if (nir13.size() >= 13) {
    std::string nir_low = lower_ascii(nir13.substr(0, 13));
    if (lowered.find(nir_low) != std::string::npos || (digits.size() >= 13 && digits.find(digits_only(nir13)) != std::string::npos))
      v.push_back({"contains_nir", "Le mot de passe ne doit pas contenir votre numéro de sécurité sociale."});
  }
  for (const auto& form : birth_date_forms(birth_date)) {
    if (form.size() >= 6 && digits.find(form) != std::string::npos) {
      v.push_back({"contains_birth_date", "Le mot de passe ne doit pas contenir votre date de naissance."});
      break;
    }
  }
  std::string base = strip_trailing_noise(lowered);
  if (common_.contains(lowered) || (base.size() >= 4 && common_.contains(base)))
    v.push_back({"too_common", "Ce mot de passe est trop courant et facile à deviner : choisissez-en un autre."});
  return v;
}

}  // namespace mc::password


namespace mc::password {

const Policy& Policy::builtin() {
  static const Policy policy = [] {
    std::unordered_set<std::string> common;
    std::string_view text = mc::embedded::common_passwords("common-passwords.txt").value_or("");
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(pos, end - pos);
      if (!line.empty()) common.insert(lower_ascii(line));
      pos = end + 1;
    }
    return Policy(std::move(common));
  }();
  return policy;
}

}  // namespace mc::password
