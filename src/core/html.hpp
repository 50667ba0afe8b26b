#pragma once
// HTML text for pages and e-mails built as strings (pure, header-only).
#include <string>
#include <string_view>

namespace mc::html {

// Whether an apostrophe is written as &#39; (pages, whose attributes may be single-quoted) or
// kept (e-mails: French text is full of them).
enum class Apostrophes { kept, escaped };

// `s` with & < > " written as entities: safe as element text and inside a double-quoted
// attribute. Apostrophes are kept unless asked.
[[nodiscard]] inline std::string escape(std::string_view s, Apostrophes apostrophes = Apostrophes::kept) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += apostrophes == Apostrophes::escaped ? "&#39;" : "'"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace mc::html
