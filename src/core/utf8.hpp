#pragma once
// Reading UTF-8 one code point at a time (pure, header-only).
#include <cstddef>
#include <string_view>
#include <utility>

namespace mc::utf8 {

// The code point the UTF-8 sequence at the start of `s` encodes and its length in bytes, or {0, 0}
// when the lead byte or a continuation byte is malformed or the sequence is cut short. Only the
// sequence's structure is checked: overlong forms, surrogates and values past U+10FFFF come back
// as they are (see well_formed_sequence for strict decoding).
[[nodiscard]] constexpr std::pair<char32_t, std::size_t> sequence(std::string_view s) {
  if (s.empty()) return {0, 0};
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) return {b0, 1};
  // The lead byte gives the length (2 to 4) and the code point's first bits.
  const std::size_t len = (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || s.size() < len) return {0, 0};
  char32_t cp = b0 & (0x7Fu >> len);
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, len};
}

// sequence(), and also {0, 0} for an overlong form, a surrogate or a value past U+10FFFF.
[[nodiscard]] constexpr std::pair<char32_t, std::size_t> well_formed_sequence(std::string_view s) {
  const auto [cp, len] = sequence(s);
  constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (len == 0 || cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
  return {cp, len};
}

}  // namespace mc::utf8
