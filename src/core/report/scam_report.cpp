#include "core/report/scam_report.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

namespace mc::report {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Length of a separator allowed between two digit groups at s[i]: ' ', '.', '-', U+00A0, U+202F.
std::size_t separator_at(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] == ' ' || s[i] == '.' || s[i] == '-') return 1;
  if (s.substr(i, 2) == "\xC2\xA0") return 2;
  if (s.substr(i, 3) == "\xE2\x80\xAF") return 3;
  return 0;
}

bool is_local_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '.' || c == '_' || c == '%' ||
         c == '+' || c == '-';
}
bool is_domain_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '.' || c == '-'; }

// The whitespace-delimited token around position i is a link: nothing inside is masked.
bool in_link(std::string_view s, std::size_t i) {
  std::size_t b = i;
  while (b > 0 && !is_space(s[b - 1])) --b;
  std::size_t e = i;
  while (e < s.size() && !is_space(s[e])) ++e;
  std::string_view tok = s.substr(b, e - b);
  return tok.find("://") != std::string_view::npos || tok.starts_with("www.") || tok.starts_with("hxxp") ||
         tok.starts_with("data:");
}

std::string mask_phone(const std::string& digits, bool plus) {
  // digits: the number's digits, without '+'.
  std::string keep;
  std::size_t rest = 0;
  if (plus || digits.starts_with("00")) {
    const std::string d = plus ? digits : digits.substr(2);
    if (d.starts_with("33") && d.size() == 11) {
      keep = "+33 " + d.substr(2, 1);
      rest = 8;
    } else {
      keep = "+" + d.substr(0, 2);
      rest = d.size() - 2;
    }
  } else if (digits.starts_with("08")) {
    keep = digits.substr(0, 4);  // 08 00 free … 08 99 surcharged: the class is the evidence
    rest = 6;
  } else {
    keep = digits.substr(0, 2);
    rest = 8;
  }
  std::string out = keep;
  for (std::size_t k = 0; k < rest; k += 2) out += rest - k >= 2 ? " XX" : " X";
  return out;
}

// Public service numbers that identify nobody (and that genuine messages quote).
bool public_number(const std::string& d) {
  static constexpr std::array<std::string_view, 10> kPublic = {"3646", "33700", "3939", "3237", "3949",
                                                                "3960", "3919", "116117", "116000", "3624"};
  for (auto p : kPublic)
    if (d == p) return true;
  return false;
}

}  // namespace

std::string cap_utf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

std::string mask_personal_data(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    // E-mail address: mask the local part, keep the domain.
    if (c == '@' && i > 0 && is_local_char(s[i - 1]) && i + 1 < s.size() && is_domain_char(s[i + 1]) && !in_link(s, i)) {
      std::size_t b = out.size();
      while (b > 0 && is_local_char(out[b - 1])) --b;
      std::size_t e = i + 1;
      while (e < s.size() && is_domain_char(s[e])) ++e;
      std::string_view domain = s.substr(i + 1, e - i - 1);
      if (domain.find('.') != std::string_view::npos && b < out.size()) {
        out.resize(b);
        out += "[e-mail masqué]@";
        out += domain;
        i = e;
        continue;
      }
    }
    // A run of digits (with separators between groups) that does not continue a word.
    const bool starts_run = (is_digit(c) || (c == '+' && i + 1 < s.size() && is_digit(s[i + 1]))) &&
                            (i == 0 || !(is_digit(s[i - 1]) || std::isalpha(static_cast<unsigned char>(s[i - 1]))));
    if (starts_run && !in_link(s, i)) {
      const bool plus = c == '+';
      std::size_t j = plus ? i + 1 : i;
      std::string digits;
      bool spaced = false;
      std::size_t end = j;
      while (j < s.size()) {
        if (is_digit(s[j])) {
          digits += s[j];
          ++j;
          end = j;
          continue;
        }
        std::size_t sep = separator_at(s, j);
        if (sep > 0 && j + sep < s.size() && is_digit(s[j + sep])) {
          spaced = true;
          j += sep;
          continue;
        }
        break;
      }
      // A run glued to letters ("24h", "6A123") or a decimal amount ("87,40") is not personal.
      const bool glued = end < s.size() && std::isalpha(static_cast<unsigned char>(s[end]));
      const bool decimal = end + 1 < s.size() && s[end] == ',' && is_digit(s[end + 1]);
      std::size_t k = end;
      while (k < s.size() && s[k] == ' ') ++k;
      const std::string_view after = s.substr(k, 5);
      const bool amount = decimal || after.starts_with("€") || after.starts_with("EUR") || after.starts_with("euro");
      const bool year = !spaced && digits.size() == 4 && (digits.starts_with("19") || digits.starts_with("20"));
      const std::size_t n = digits.size();
      std::string replacement;
      if (glued || amount || year || (n < 4 && !plus) || (!plus && public_number(digits))) {
        replacement.clear();
      } else if (!plus && n == 6 && digits.starts_with("118")) {
        replacement = "118 XXX";  // directory enquiries: surcharged, the class is the evidence
      } else if ((n == 13 || n == 15) && !plus && (digits[0] == '1' || digits[0] == '2' || digits[0] == '7' || digits[0] == '8')) {
        replacement = "[NIR masqué]";
      } else if ((!plus && n == 10 && digits[0] == '0') || (plus && n >= 8 && n <= 15) ||
                 (!plus && digits.starts_with("0033") && n == 13)) {
        replacement = mask_phone(digits, plus);
      } else if (n >= 4 && n <= 8 && !plus) {
        replacement = "[code masqué]";
      } else if (n > 8) {
        replacement = "[numéro masqué]";
      }
      if (!replacement.empty()) {
        out += replacement;
        i = end;
        continue;
      }
      out.append(s.substr(i, end - i));
      i = end;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

std::string_view to_string(Label l) { return l == Label::scam ? "scam" : "legit"; }

std::optional<Label> parse_label(std::string_view s) {
  if (s == "scam") return Label::scam;
  if (s == "legit") return Label::legit;
  return std::nullopt;
}

std::string_view label_fr(Label l) { return l == Label::scam ? "arnaque" : "message authentique"; }

std::string family_of(Instant at) {
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(at)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "report-%04d-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()));
  return buf;
}

}  // namespace mc::report
