#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace mc::ports {

// Issued attestations: the short verification code points to the signed payload.
class AttestationStore {
 public:
  virtual ~AttestationStore() = default;
  virtual void record_attestation(std::string_view short_code, std::string_view payload, std::string_view nir13,
                                  Instant at) = 0;
  [[nodiscard]] virtual std::optional<std::string> find_attestation_payload(std::string_view short_code) = 0;
};

}  // namespace mc::ports
