#pragma once
// Randomness, digests and constant-time comparison (libsodium adapter).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace mc::ports {

class Crypto {
 public:
  virtual ~Crypto() = default;
  virtual void random_bytes(std::span<std::uint8_t> out) = 0;
  [[nodiscard]] virtual std::string sha256_hex(std::string_view data) const = 0;
  // Constant-time equality for secrets of equal length.
  [[nodiscard]] virtual bool equal(std::string_view a, std::string_view b) const = 0;
};

}  // namespace mc::ports
