#pragma once
#include <expected>
#include <string>
#include <string_view>

#include "core/identity/pivot.hpp"
#include "core/time.hpp"

namespace mc::ports {

// The OpenID Connect relying party as the FranceConnect use case sees it (the adapter wraps
// mc::oidc::FranceConnectClient, which does every protocol check).
class FranceConnectProvider {
 public:
  struct Failure {
    std::string code;        // e.g. "token_error", "bad_signature" (for the log)
    std::string detail;      // for the log only, never shown
    bool transient = false;  // network trouble or a 5xx: trying again later may work
  };
  struct Login {
    identity::PivotIdentity person;  // from the verified userinfo; person.sub is the ID token's sub
    std::string acr;
    std::string id_token;  // raw, kept for the logout (id_token_hint)
  };
  virtual ~FranceConnectProvider() = default;
  [[nodiscard]] virtual std::expected<std::string, Failure> authorization_url(std::string_view state,
                                                                              std::string_view nonce) = 0;
  // RFC 9207: the callback's `iss`, when present, must be the provider's issuer.
  [[nodiscard]] virtual bool callback_issuer_ok(std::string_view iss) const = 0;
  // Code exchange, ID token (signature, iss, aud, exp, nonce, acr) and userinfo, at once.
  [[nodiscard]] virtual std::expected<Login, Failure> complete_login(std::string_view code, std::string_view nonce,
                                                                     Instant now) = 0;
  [[nodiscard]] virtual std::expected<std::string, Failure> end_session_url(std::string_view id_token_hint,
                                                                            std::string_view state) = 0;
};

}  // namespace mc::ports
