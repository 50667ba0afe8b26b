#pragma once
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "core/attestation/attestation.hpp"

namespace mc::ports {

// PDF rendering of the attestation (libharu adapter).
class AttestationRenderer {
 public:
  virtual ~AttestationRenderer() = default;
  [[nodiscard]] virtual std::expected<std::vector<std::uint8_t>, std::string> render(
      const attestation::Rights& rights, std::string_view payload, std::string_view short_code) const = 0;
};

}  // namespace mc::ports
