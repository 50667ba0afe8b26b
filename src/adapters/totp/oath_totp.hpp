#pragma once
// TOTP codes with liboath (Debian liboath-dev, the OATH Toolkit): HOTP of the time step
// (RFC 4226 / RFC 6238) and base32 secrets. The decisions (window, replay) stay in the core
// (core/staff/totp.hpp). Secrets are stored sealed (libsodium secretbox) with a key that lives
// in the keys directory, not in the database (docs/adr/0194-totp-secrets-sealed.md).
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/ports/crypto.hpp"
#include "core/ports/totp.hpp"

namespace mc::totp {

// Throws std::runtime_error when liboath cannot initialise.
void init_oath();

using SealingKey = std::array<std::uint8_t, 32>;

// The key in `path`, created (32 random bytes, mode 0600, directories included) when missing;
// every process sharing a database must share this file. Throws with a clear message when it
// cannot be read or is not a key.
SealingKey load_or_create_sealing_key(const std::string& path);

class OathTotp final : public ports::Totp {
 public:
  OathTotp(ports::Crypto& crypto, const SealingKey& key)
      : crypto_(crypto), keys_([key] { return std::vector<SealingKey>{key}; }) {}
  // A key ring read at each use (issue 19: SIGHUP swaps it): the first key seals, every key opens.
  OathTotp(ports::Crypto& crypto, std::function<std::vector<SealingKey>()> keys)
      : crypto_(crypto), keys_(std::move(keys)) {}
  // Takes a sealed secret, or a bare base32 one stored before secrets were sealed.
  std::string code_at(std::string_view stored_secret, std::int64_t step, int digits) const override;
  NewSecret new_secret() override;

  std::string seal(std::string_view base32) const;
  // The base32 secret, or "" when `stored` was not sealed with one of the keys or was altered.
  std::string open(std::string_view stored) const;

 private:
  ports::Crypto& crypto_;
  std::function<std::vector<SealingKey>()> keys_;
};

}  // namespace mc::totp
