#pragma once
// Claim checks for FranceConnect ID tokens and userinfo JWTs, on an already signature-checked
// payload. Pure: `now` is passed in (seconds since the epoch).
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/oidc/error.hpp"
#include "core/identity/pivot.hpp"

namespace mc::oidc {

struct ClaimRules {
  std::string issuer;     // exact, as in discovery (no trailing-slash tolerance)
  std::string client_id;
  std::string acr;        // minimum level requested: eidas1 < eidas2 < eidas3
  std::int64_t now = 0;
  std::int64_t skew_s = 60;       // clock difference tolerated with the provider
  std::int64_t max_age_s = 600;   // an ID token issued longer ago than this is refused
};

struct IdClaims {
  std::string sub;
  std::string acr;
  std::vector<std::string> amr;  // informational (only sent when asked for)
  std::string idp_id;            // informational, empty when absent
  std::int64_t iat = 0;
  std::int64_t exp = 0;
  std::int64_t auth_time = 0;    // 0 when absent
};

// iss, aud (string or array holding client_id; azp required when several), azp, exp, iat, sub,
// nonce (constant-time equality), acr >= rules.acr.
[[nodiscard]] std::expected<IdClaims, Error> check_id_token_claims(
    const nlohmann::json& payload, const ClaimRules& rules, std::string_view expected_nonce);

// iss, aud, sub equal to the ID token's, exp if present; then the pivot identity.
[[nodiscard]] std::expected<mc::identity::PivotIdentity, Error> check_userinfo_claims(
    const nlohmann::json& payload, const ClaimRules& rules, std::string_view expected_sub);

// 1..3 for eidas1..eidas3, 0 for anything else.
[[nodiscard]] int acr_rank(std::string_view acr);

}  // namespace mc::oidc
