#pragma once
// FranceConnect v2 relying party: discovery, authorization URL, code exchange, ID token and
// userinfo verification, logout URL. One instance is shared by every server thread: all
// methods are thread-safe (provider metadata and keys are immutable snapshots swapped under a
// mutex; HTTP calls use no shared handle).
//
// What the caller (the HTTP layer) still owns: generating state and nonce (random_hex64),
// binding them to the browser, checking `state` on the callback *before* anything else,
// using each nonce once, checking the callback `iss` (callback_issuer_ok), and keeping the raw
// ID token for logout. See docs/franceconnect.md for the whole sequence.
#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/oidc/claims.hpp"
#include "adapters/oidc/error.hpp"
#include "adapters/oidc/http_transport.hpp"
#include "adapters/oidc/jose.hpp"
#include "core/identity/pivot.hpp"

namespace mc::oidc {

inline constexpr std::string_view kFranceConnectScopes =
    "openid given_name family_name birthdate gender birthplace birthcountry email "
    "preferred_username";

// Config keys franceconnect.<field>; see docs/franceconnect.md.
struct ProviderConfig {
  std::string issuer;  // e.g. https://oidc.franceconnect.gouv.fr/api/v2 (no trailing slash)
  std::string client_id;
  std::string client_secret;
  std::string redirect_uri;
  std::string post_logout_redirect_uri;
  // Pin the one algorithm registered with FC in production; only ES256 and RS256 are known.
  std::vector<std::string> allowed_algs{"ES256", "RS256"};
  std::string acr = "eidas1";
  std::string scopes = std::string(kFranceConnectScopes);
  long timeout_ms = 5000;
  bool verify_tls = true;
  // Endpoints must be https unless this is set (the offline test provider speaks plain http).
  bool allow_http = false;
  std::int64_t clock_skew_s = 60;
  std::int64_t max_token_age_s = 600;
};

struct Tokens {
  std::string access_token;
  std::string id_token;  // raw compact JWS: keep it for end_session_url
  std::string token_type;
  std::int64_t expires_in = 0;
};

// What discovery told us (only the fields we use).
struct ProviderMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string userinfo_endpoint;
  std::string jwks_uri;
  std::string end_session_endpoint;  // empty if the provider has none
};

// The three calls of a callback in one: exchange, verify the ID token, fetch userinfo.
struct LoginResult {
  Tokens tokens;
  IdClaims id;
  mc::identity::PivotIdentity identity;
};

// 32 random bytes as 64 lower-case hex characters (OpenSSL RAND_bytes): for state and nonce.
[[nodiscard]] std::string random_hex64();

class FranceConnectClient {
 public:
  // Throws std::invalid_argument on an unusable configuration (empty issuer/client, an
  // algorithm outside {ES256, RS256}, e.g. "none" or "HS256"). transport defaults to libcurl.
  explicit FranceConnectClient(ProviderConfig config,
                               std::shared_ptr<HttpTransport> transport = nullptr);

  FranceConnectClient(const FranceConnectClient&) = delete;
  FranceConnectClient& operator=(const FranceConnectClient&) = delete;

  // Fetches issuer/.well-known/openid-configuration and the JWKS. Every other call runs it
  // first if it has never succeeded, so a provider that is down at start-up is not fatal.
  [[nodiscard]] std::expected<void, Error> discover();
  [[nodiscard]] std::expected<ProviderMetadata, Error> metadata();

  // state and nonce: 32..512 characters of [A-Za-z0-9._~-] (use random_hex64()).
  [[nodiscard]] std::expected<std::string, Error> authorization_url(std::string_view state,
                                                                    std::string_view nonce);

  // RFC 9207: the callback's `iss` parameter, when present, must be our issuer.
  [[nodiscard]] bool callback_issuer_ok(std::string_view iss) const;

  [[nodiscard]] std::expected<Tokens, Error> exchange_code(std::string_view code);

  // Signature (alg from the allow-list, key by kid, one JWKS re-fetch on an unknown kid), then
  // iss, aud, azp, exp, iat, sub, nonce, acr. `now` in seconds since the epoch.
  [[nodiscard]] std::expected<IdClaims, Error> verify_id_token(std::string_view jwt,
                                                               std::string_view expected_nonce,
                                                               std::int64_t now);

  // GET userinfo with the access token; the answer must be a signed JWT (application/jwt)
  // verified like the ID token, with iss, aud and sub == expected_sub.
  [[nodiscard]] std::expected<mc::identity::PivotIdentity, Error> fetch_userinfo(
      const Tokens& tokens, std::string_view expected_sub, std::int64_t now);

  [[nodiscard]] std::expected<LoginResult, Error> complete_login(std::string_view code,
                                                                 std::string_view expected_nonce,
                                                                 std::int64_t now);

  // end_session_endpoint?id_token_hint&state&post_logout_redirect_uri.
  [[nodiscard]] std::expected<std::string, Error> end_session_url(std::string_view id_token_hint,
                                                                  std::string_view state);

  [[nodiscard]] const ProviderConfig& config() const { return config_; }

  // How many times the JWKS was downloaded (discovery included); for tests and metrics.
  [[nodiscard]] std::uint64_t jwks_fetches() const;

 private:
  struct State {
    ProviderMetadata meta;
    std::shared_ptr<const jose::KeySet> keys;
  };

  [[nodiscard]] std::expected<std::shared_ptr<const State>, Error> state();
  [[nodiscard]] std::expected<std::shared_ptr<const jose::KeySet>, Error> fetch_keys(
      const std::string& jwks_uri);
  [[nodiscard]] std::expected<nlohmann::json, Error> verify_jws(std::string_view token);
  [[nodiscard]] ClaimRules rules(std::int64_t now) const;

  ProviderConfig config_;
  std::vector<jose::Alg> allowed_;
  std::shared_ptr<HttpTransport> http_;

  mutable std::mutex mu_;  // guards state_ and fetches_
  std::shared_ptr<const State> state_;
  std::uint64_t fetches_ = 0;
  std::mutex refresh_mu_;  // one JWKS re-fetch at a time
};

}  // namespace mc::oidc
