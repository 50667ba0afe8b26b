#include "core/attestation/base32.hpp"

#include "core/radix.hpp"

namespace mc::attestation {
namespace {
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int value_of(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}
}  // namespace

std::string base32_encode(std::span<const std::uint8_t> bytes) { return radix::encode<5>(bytes, kAlphabet); }

std::optional<std::vector<std::uint8_t>> base32_decode(std::string_view text) {
  // Lengths that leave 5+ spare bits can never come from the encoder.
  const std::size_t spare = (text.size() * 5) % 8;
  if (spare >= 5) return std::nullopt;
  std::vector<std::uint8_t> out;
  out.reserve(text.size() * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int v = value_of(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((buffer >> bits) & 0xFF));
    }
  }
  if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace mc::attestation
