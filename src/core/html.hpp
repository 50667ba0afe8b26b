#pragma once
// HTML text for pages and e-mails built as strings (pure, header-only).
#include <string>
#include <string_view>

namespace mc::html {

// `s` with & < > " written as entities: safe as element text and inside a double-quoted
// attribute. Apostrophes are kept (French text is full of them).
[[nodiscard]] inline std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace mc::html
