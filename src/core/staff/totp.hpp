#pragma once
// TOTP (RFC 6238) decisions, fed `now` and the last accepted time step: which step a code
// matches, within a small window for clock drift, and never a step already used (RFC 6238 §5.2:
// a code is accepted once). The HMAC itself is computed by an adapter (ports::Totp, liboath).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace mc::staff {

struct TotpPolicy {
  Duration period = Duration{30'000};
  int digits = 6;
  int window = 1;  // steps accepted before and after the current one
};

[[nodiscard]] std::int64_t totp_step(Instant now, const TotpPolicy& p);

// "123 456" → "123456"; nullopt unless exactly `digits` digits remain.
[[nodiscard]] std::optional<std::string> normalize_totp(std::string_view input, const TotpPolicy& p);

// The code for a step (HOTP of the step counter), and a constant-time comparison.
using TotpAt = std::function<std::string(std::int64_t step)>;
using SecretEqual = std::function<bool(std::string_view, std::string_view)>;

// The step `code` belongs to, or nullopt when it matches no step of the window, or only steps
// at or before `last_used_step` (a replay, or an older code after a newer one).
[[nodiscard]] std::optional<std::int64_t> match_totp(std::string_view code, Instant now,
                                                     std::optional<std::int64_t> last_used_step, const TotpPolicy& p,
                                                     const TotpAt& code_at, const SecretEqual& equal);

// otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
// (the Key Uri Format read by authenticator apps). `account` must be URI-safe (staff logins are).
[[nodiscard]] std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view base32_secret,
                                      const TotpPolicy& p);

}  // namespace mc::staff
