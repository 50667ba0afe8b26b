#pragma once
// Back office (docs/backoffice.md).
#include <cstdint>
#include <string>
#include <string_view>

namespace mc::ports {

// TOTP codes (RFC 6238 = HOTP of the time step), computed by the liboath adapter.
class Totp {
 public:
  virtual ~Totp() = default;
  // The `digits`-digit HOTP value at counter `step` of a secret in its stored form ("" for an
  // unusable secret).
  [[nodiscard]] virtual std::string code_at(std::string_view stored_secret, std::int64_t step, int digits) const = 0;
  // A new random secret of 160 bits (RFC 4226): base32 (RFC 4648, no padding) for the
  // authenticator app, shown once, and the form to store, sealed with a key kept outside the
  // database so that a copy of the database alone does not give anyone's codes.
  struct NewSecret {
    std::string base32;
    std::string stored;
  };
  [[nodiscard]] virtual NewSecret new_secret() = 0;
};

}  // namespace mc::ports
