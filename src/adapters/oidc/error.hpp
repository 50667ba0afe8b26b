#pragma once
// Errors of the FranceConnect relying party. None of them is shown as such to the member: the
// HTTP layer answers every one with the same French page ("La connexion avec FranceConnect n'a
// pas abouti…") and logs code + detail. `transient` says whether trying again later may help.
//
// | code                 | meaning                                              | transient |
// |----------------------|------------------------------------------------------|-----------|
// | invalid_argument     | caller passed an unusable state/nonce/code           | no        |
// | network              | connection, TLS or timeout failure talking to FC     | yes       |
// | http_status          | FC answered with an unexpected HTTP status           | 5xx: yes  |
// | bad_response         | FC's answer is not the JSON/JWT expected             | no        |
// | discovery_mismatch   | discovery `issuer` differs, endpoint missing/insecure| no        |
// | token_error          | /token refused the code (invalid_grant…): detail has it | no     |
// | malformed_jwt        | not a compact JWS we can parse                       | no        |
// | alg_not_allowed      | header alg outside the pinned allow-list (none, HS*…)| no        |
// | unknown_key          | no JWKS key for the kid, even after one re-fetch     | no        |
// | bad_signature        | the signature does not verify                        | no        |
// | wrong_issuer / wrong_audience / wrong_azp              | claim check failed | no        |
// | expired / bad_iat    | exp passed, or iat in the future / too old           | no        |
// | missing_claim        | a required claim is absent or of the wrong type      | no        |
// | nonce_mismatch       | nonce absent or not the one bound to this browser    | no        |
// | acr_too_low          | acr absent, unknown, or below the level requested    | no        |
// | userinfo_not_jwt     | userinfo answered plain JSON (a downgrade)           | no        |
// | sub_mismatch         | userinfo `sub` differs from the ID token's           | no        |
#include <string>
#include <string_view>

namespace mc::oidc {

enum class ErrorCode {
  invalid_argument,
  network,
  http_status,
  bad_response,
  discovery_mismatch,
  token_error,
  malformed_jwt,
  alg_not_allowed,
  unknown_key,
  bad_signature,
  wrong_issuer,
  wrong_audience,
  wrong_azp,
  expired,
  bad_iat,
  missing_claim,
  nonce_mismatch,
  acr_too_low,
  userinfo_not_jwt,
  sub_mismatch,
};

[[nodiscard]] constexpr std::string_view to_string(ErrorCode c) {
  switch (c) {
    case ErrorCode::invalid_argument: return "invalid_argument";
    case ErrorCode::network: return "network";
    case ErrorCode::http_status: return "http_status";
    case ErrorCode::bad_response: return "bad_response";
    case ErrorCode::discovery_mismatch: return "discovery_mismatch";
    case ErrorCode::token_error: return "token_error";
    case ErrorCode::malformed_jwt: return "malformed_jwt";
    case ErrorCode::alg_not_allowed: return "alg_not_allowed";
    case ErrorCode::unknown_key: return "unknown_key";
    case ErrorCode::bad_signature: return "bad_signature";
    case ErrorCode::wrong_issuer: return "wrong_issuer";
    case ErrorCode::wrong_audience: return "wrong_audience";
    case ErrorCode::wrong_azp: return "wrong_azp";
    case ErrorCode::expired: return "expired";
    case ErrorCode::bad_iat: return "bad_iat";
    case ErrorCode::missing_claim: return "missing_claim";
    case ErrorCode::nonce_mismatch: return "nonce_mismatch";
    case ErrorCode::acr_too_low: return "acr_too_low";
    case ErrorCode::userinfo_not_jwt: return "userinfo_not_jwt";
    case ErrorCode::sub_mismatch: return "sub_mismatch";
  }
  return "unknown";
}

struct Error {
  ErrorCode code;
  std::string detail;  // for the log only: never shown to the member
  long http_status = 0;  // set with ErrorCode::http_status

  [[nodiscard]] bool transient() const {
    return code == ErrorCode::network || (code == ErrorCode::http_status && http_status >= 500);
  }
};

}  // namespace mc::oidc
