#include "core/account/contact.hpp"

namespace mc::account {

namespace {

// Overseas mobile prefixes (national form, 4 digits) and their country codes.
struct Overseas {
  std::string_view prefix, code;
};
constexpr Overseas kOverseas[] = {{"0639", "262"}, {"0692", "262"}, {"0693", "262"}, {"0690", "590"},
                                  {"0691", "590"}, {"0694", "594"}, {"0696", "596"}, {"0697", "596"}};

// "0612345678" (10 digits, national) from what a member types, or "" when it is not a French
// or overseas mobile. `code` receives the country code the input named, if any.
std::string national_mobile(std::string_view input, std::string& code) {
  std::string digits;
  bool plus = false;
  for (char c : input) {
    if (c == ' ' || c == '.' || c == '-' || c == '\t') continue;
    if (c == '+' && digits.empty() && !plus) {
      plus = true;
      continue;
    }
    if (c < '0' || c > '9') return "";
    digits.push_back(c);
  }
  if (!plus && digits.starts_with("00")) {
    plus = true;
    digits.erase(0, 2);
  }
  if (plus) {
    for (std::string_view cc : {"33", "262", "590", "594", "596"}) {
      if (digits.starts_with(cc) && digits.size() == cc.size() + 9) {
        code = cc;
        digits = "0" + digits.substr(cc.size());
        break;
      }
    }
    if (code.empty()) return "";
  }
  if (digits.size() != 10 || !(digits.starts_with("06") || digits.starts_with("07"))) return "";
  return digits;
}

}  // namespace

std::optional<std::string> normalize_mobile(std::string_view input) {
  std::string code;
  std::string national = national_mobile(input, code);
  if (national.empty()) return std::nullopt;
  std::string_view home = "33";
  for (const auto& o : kOverseas)
    if (national.starts_with(o.prefix)) home = o.code;
  // "+590 612…" names a department whose mobiles do not start so: not a number anyone can dial.
  if (!code.empty() && code != "33" && code != home) return std::nullopt;
  return "+" + std::string(home) + national.substr(1);
}

std::string display_mobile(std::string_view stored) {
  std::string code;
  std::string national = national_mobile(stored, code);
  if (national.empty()) return std::string(stored);
  std::string out;
  for (std::size_t i = 0; i < national.size(); i += 2) {
    if (!out.empty()) out.push_back(' ');
    out.append(national, i, 2);
  }
  return out;
}

}  // namespace mc::account
