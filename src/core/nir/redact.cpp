#include "core/nir/redact.hpp"

#include <cctype>

#include "core/nir/nir.hpp"

namespace mc::nir {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_corsica(char c) { return c == 'A' || c == 'B' || c == 'a' || c == 'b'; }

// The canonical 13 characters when `s` (separators removed) looks like a NIR, whether its key is
// right or not: what matters here is what a reader would recognise as one.
std::string nir_like(std::string_view s) {
  std::string compact;
  for (char c : s) {
    if (c == ' ' || c == '.' || c == '-') continue;
    compact.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (compact.size() != 13 && compact.size() != 15) return {};
  for (std::size_t i = 0; i < compact.size(); ++i) {
    const bool corsica = i == 6 && compact[5] == '2' && is_corsica(compact[6]);
    if (!is_digit(compact[i]) && !corsica) return {};
  }
  return compact.substr(0, 13);
}

}  // namespace

std::string pseudonym(std::string_view digits13, const Mac& mac) {
  return "p:" + mac("nir:" + std::string(digits13)).substr(0, 12);
}

std::string redact_text(std::string_view text, const Mac& mac) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    // A run of digits, with a 2A/2B department allowed inside it.
    std::size_t j = i;
    while (j < text.size() && (is_digit(text[j]) || (j == i + 6 && text[j - 1] == '2' && is_corsica(text[j])))) ++j;
    std::size_t digits = 0;
    for (std::size_t k = i; k < j; ++k) digits += is_digit(text[k]) ? 1 : 0;
    if (j > i && digits >= 12 && j - i >= 13) {
      std::string run(text.substr(i, j - i));
      for (auto& c : run) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out += pseudonym(run.substr(0, 13), mac);
      i = j;
      continue;
    }
    if (j > i) {
      out.append(text.substr(i, j - i));
      i = j;
      continue;
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

std::string redact_path(std::string_view path, const Mac& mac) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    auto slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view segment = path.substr(pos, slash - pos);
    if (auto n = nir_like(segment); !n.empty())
      out += pseudonym(n, mac);
    else
      out += redact_text(segment, mac);
    if (slash < path.size()) out.push_back('/');
    pos = slash + 1;
  }
  return out;
}

}  // namespace mc::nir
