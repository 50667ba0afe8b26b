#include "core/nir/nir.hpp"

#include <cctype>
#include <cstdint>

namespace mc::nir {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int two_digits(std::string_view s, std::size_t pos) { return (s[pos] - '0') * 10 + (s[pos + 1] - '0'); }

std::string canonicalize(std::string_view input, bool& bad_char) {
  std::string out;
  out.reserve(input.size());
  for (char c : input) {
    if (c == ' ' || c == '.' || c == '-' || c == '\t') continue;
    if (c == 'a' || c == 'b') c = static_cast<char>(c - 'a' + 'A');
    if (!is_digit(c) && c != 'A' && c != 'B') {
      bad_char = true;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

bool valid_month(int m) { return (m >= 1 && m <= 12) || (m >= 20 && m <= 42) || (m >= 50 && m <= 99); }

bool valid_birth_place(std::string_view d13) {
  // Positions 6–10 (1-based): département + commune, or 97x/98x + 2, or 99 + country.
  std::string_view dep = d13.substr(5, 2);
  std::string_view rest = d13.substr(7, 3);
  for (char c : rest)
    if (!is_digit(c)) return false;
  if (dep == "2A" || dep == "2B") return true;
  if (!is_digit(dep[0]) || !is_digit(dep[1])) return false;
  int dep_num = two_digits(dep, 0);
  if (dep_num == 0) return false;
  if (rest == "000" && dep_num != 99) return false;
  return true;
}

}  // namespace

bool Nir::is_temporary() const {
  char s = digits13[0];
  return s == '3' || s == '4' || s == '7' || s == '8';
}

std::string Nir::with_key() const {
  std::string k = std::to_string(key);
  if (k.size() < 2) k.insert(0, "0");
  return digits13 + k;
}

std::string Nir::formatted() const {
  std::string f = with_key();
  // 1 23 45 67 890 123 45
  return f.substr(0, 1) + " " + f.substr(1, 2) + " " + f.substr(3, 2) + " " + f.substr(5, 2) + " " +
         f.substr(7, 3) + " " + f.substr(10, 3) + " " + f.substr(13, 2);
}

int compute_key(std::string_view d13) {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < d13.size(); ++i) {
    char c = d13[i];
    int digit = 0;
    if (i == 5 && c == '2' && d13[6] == 'A') {
      n = n * 100 + 19;
      ++i;
      continue;
    }
    if (i == 5 && c == '2' && d13[6] == 'B') {
      n = n * 100 + 18;
      ++i;
      continue;
    }
    digit = c - '0';
    n = n * 10 + static_cast<std::uint64_t>(digit);
  }
  int r = static_cast<int>(n % 97);
  return r == 0 ? 97 : 97 - r;
}

std::expected<Nir, NirError> parse(std::string_view input) {
  bool bad_char = false;
  std::string s = canonicalize(input, bad_char);
  if (bad_char) return std::unexpected(NirError::bad_characters);
  if (s.empty()) return std::unexpected(NirError::empty);
  if (s.size() != 13 && s.size() != 15) return std::unexpected(NirError::bad_length);
  // Letters are only allowed as the Corsican département (positions 6–7).
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_digit(s[i])) continue;
    bool corsica = (i == 6) && s[5] == '2' && (s[6] == 'A' || s[6] == 'B');
    if (!corsica) return std::unexpected(NirError::bad_characters);
  }
  std::string d13 = s.substr(0, 13);
  char sex = d13[0];
  if (sex != '1' && sex != '2' && sex != '3' && sex != '4' && sex != '7' && sex != '8')
    return std::unexpected(NirError::bad_sex);
  if (!valid_month(two_digits(d13, 3))) return std::unexpected(NirError::bad_month);
  if (!valid_birth_place(d13)) return std::unexpected(NirError::bad_birth_place);
  if (d13.substr(10, 3) == "000") return std::unexpected(NirError::bad_order);

  Nir nir{d13, s.size() == 15, compute_key(d13)};
  if (nir.key_given) {
    int given = two_digits(s, 13);
    if (given != nir.key) return std::unexpected(NirError::bad_key);
  }
  return nir;
}

std::string_view code(NirError e) {
  switch (e) {
    case NirError::empty: return "empty";
    case NirError::bad_characters: return "bad_characters";
    case NirError::bad_length: return "bad_length";
    case NirError::bad_sex: return "bad_sex";
    case NirError::bad_month: return "bad_month";
    case NirError::bad_birth_place: return "bad_birth_place";
    case NirError::bad_order: return "bad_order";
    case NirError::bad_key: return "bad_key";
  }
  return "invalid";
}

std::string message_fr(NirError e, std::string_view raw) {
  switch (e) {
    case NirError::empty:
      return "Saisissez votre numéro de sécurité sociale (13 caractères, inscrits sur votre carte Vitale).";
    case NirError::bad_characters:
      return "Le numéro de sécurité sociale ne contient que des chiffres (et 2A ou 2B pour une naissance en "
             "Corse). Vérifiez votre saisie.";
    case NirError::bad_length: {
      bool ignored = false;
      std::size_t n = canonicalize(raw, ignored).size();
      return "Le numéro de sécurité sociale comporte 13 caractères (15 avec la clé) : vous en avez saisi " +
             std::to_string(n) + ".";
    }
    case NirError::bad_sex:
      return "Le premier chiffre du numéro de sécurité sociale doit être 1 (homme) ou 2 (femme). Vérifiez "
             "votre saisie.";
    case NirError::bad_month:
      return "Les 4e et 5e chiffres (mois de naissance) ne correspondent pas à un mois valide. Vérifiez votre "
             "saisie.";
    case NirError::bad_birth_place:
      return "Les caractères 6 à 10 (lieu de naissance) ne sont pas valides. Vérifiez votre saisie.";
    case NirError::bad_order:
      return "Les caractères 11 à 13 (numéro d'ordre) ne sont pas valides. Vérifiez votre saisie.";
    case NirError::bad_key:
      return "Numéro incorrect : la clé ne correspond pas au numéro. Vérifiez les 15 chiffres, ou saisissez "
             "seulement les 13 premiers.";
  }
  return "Numéro de sécurité sociale invalide.";
}

std::string temporary_number_message_fr() {
  return "Ce numéro est un numéro provisoire : il ne permet pas d'ouvrir un compte en ligne. Contactez votre "
         "caisse d'assurance maladie au 36 46 ou à l'accueil : elle vous indiquera vos démarches.";
}

}  // namespace mc::nir
