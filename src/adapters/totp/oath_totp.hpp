#pragma once
// TOTP codes with liboath (Debian liboath-dev, the OATH Toolkit): HOTP of the time step
// (RFC 4226 / RFC 6238) and base32 secrets. The decisions (window, replay) stay in the core
// (core/staff/totp.hpp).
#include "core/ports.hpp"

namespace mc::totp {

// Throws std::runtime_error when liboath cannot initialise.
void init_oath();

class OathTotp final : public ports::Totp {
 public:
  explicit OathTotp(ports::Crypto& crypto) : crypto_(crypto) {}
  std::string code_at(std::string_view base32_secret, std::int64_t step, int digits) const override;
  std::string new_secret() override;

 private:
  ports::Crypto& crypto_;
};

}  // namespace mc::totp
