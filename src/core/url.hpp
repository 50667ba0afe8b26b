#pragma once
// Building URLs (pure, header-only).
#include <string>
#include <string_view>

namespace mc::url {

// `s` percent-encoded for a query parameter or a path segment: every byte outside RFC 3986's
// unreserved set (A-Z a-z 0-9 - . _ ~) becomes %XX, upper-case hex.
[[nodiscard]] inline std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace mc::url
