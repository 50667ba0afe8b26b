#pragma once
// Bytes written with a power-of-two alphabet, unpadded: Base32 (2D-Doc) and Base64url (JOSE)
// share this encoder (pure, header-only). Decoding stays with each format: their strictness differs.
#include <cstdint>
#include <string>
#include <string_view>

namespace mc::radix {

// `bytes` as characters of `alphabet`, `Bits` bits each (5: Base32, 6: Base64); the last
// character holds the leftover bits, zero-filled.
template <int Bits, class Bytes>
[[nodiscard]] std::string encode(const Bytes& bytes, std::string_view alphabet) {
  constexpr std::uint32_t kMask = (1u << Bits) - 1;
  std::string out;
  out.reserve((bytes.size() * 8 + Bits - 1) / Bits);
  std::uint32_t acc = 0;
  int bits = 0;
  for (auto byte : bytes) {
    acc = (acc << 8) | static_cast<unsigned char>(byte);
    bits += 8;
    while (bits >= Bits) {
      bits -= Bits;
      out.push_back(alphabet[(acc >> bits) & kMask]);
    }
  }
  if (bits > 0) out.push_back(alphabet[(acc << (Bits - bits)) & kMask]);
  return out;
}

}  // namespace mc::radix
