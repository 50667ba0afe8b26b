#pragma once
// RFC 4648 Base32 (alphabet A-Z2-7), as 2D-Doc uses for signatures in C40 mode.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mc::attestation {

// Encodes without '=' padding (2D-Doc omits it).
std::string base32_encode(std::span<const std::uint8_t> bytes);

// Strict decoding: upper-case alphabet only, no padding, and the unused low bits of the
// last character must be zero. Strictness makes the encoding canonical, so changing any
// character of a signature always changes the decoded bytes (or is rejected).
std::optional<std::vector<std::uint8_t>> base32_decode(std::string_view text);

}  // namespace mc::attestation
