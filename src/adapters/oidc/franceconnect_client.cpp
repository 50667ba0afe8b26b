#include "adapters/oidc/franceconnect_client.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

#include "core/url.hpp"

namespace mc::oidc {
namespace {

using Json = nlohmann::json;
using url::percent_encode;

std::unexpected<Error> fail(ErrorCode c, std::string detail, long status = 0) {
  return std::unexpected(Error{c, std::move(detail), status});
}

std::string with_query(const std::string& endpoint,
                       std::initializer_list<std::pair<std::string_view, std::string_view>> params) {
  std::string url = endpoint;
  char sep = endpoint.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    url += sep;
    url += percent_encode(k);
    url += '=';
    url += percent_encode(v);
    sep = '&';
  }
  return url;
}

// state and nonce travel in URLs and cookies: keep them to an unreserved alphabet.
bool valid_binding_value(std::string_view v) {
  if (v.size() < 32 || v.size() > 512) return false;
  return std::all_of(v.begin(), v.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
  });
}

bool printable_ascii(std::string_view v) {
  return std::all_of(v.begin(), v.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string media_type(std::string_view content_type) {
  auto t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  return lower(t);
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == '\n' || s.front() == '\r' || s.front() == ' ')) s.remove_prefix(1);
  return std::string(s);
}

std::expected<Json, Error> json_object(const HttpResponse& r, std::string_view what) {
  Json j = Json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return fail(ErrorCode::bad_response, std::string(what) + " is not a JSON object");
  }
  return j;
}

}  // namespace

std::string random_hex64() {
  unsigned char buf[32];
  if (RAND_bytes(buf, sizeof buf) != 1) throw std::runtime_error("RAND_bytes failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (unsigned char b : buf) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

FranceConnectClient::FranceConnectClient(ProviderConfig config,
                                         std::shared_ptr<HttpTransport> transport)
    : config_(std::move(config)), http_(std::move(transport)) {
  if (config_.issuer.empty() || config_.client_id.empty() || config_.redirect_uri.empty()) {
    throw std::invalid_argument("franceconnect: issuer, client_id and redirect_uri are required");
  }
  for (const auto& name : config_.allowed_algs) {
    const auto alg = jose::alg_from_name(name);
    if (!alg) throw std::invalid_argument("franceconnect: unsupported algorithm " + name);
    allowed_.push_back(*alg);
  }
  if (allowed_.empty()) throw std::invalid_argument("franceconnect: allowed_algs is empty");
  if (acr_rank(config_.acr) == 0) throw std::invalid_argument("franceconnect: acr must be eidas1..3");
  if (!http_) {
    http_ = make_curl_transport(CurlOptions{config_.timeout_ms, config_.verify_tls});
  }
}

ClaimRules FranceConnectClient::rules(std::int64_t now) const {
  return ClaimRules{config_.issuer, config_.client_id, config_.acr, now, config_.clock_skew_s,
                    config_.max_token_age_s};
}

std::expected<void, Error> FranceConnectClient::discover() {
  const std::string url = config_.issuer + "/.well-known/openid-configuration";
  auto r = http_->get(url, {"Accept: application/json"});
  if (!r) return std::unexpected(r.error());
  if (r->status != 200) return fail(ErrorCode::http_status, "discovery", r->status);
  auto doc = json_object(*r, "discovery");
  if (!doc) return std::unexpected(doc.error());

  auto field = [&](const char* name) -> std::string {
    auto it = doc->find(name);
    return it != doc->end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  ProviderMetadata m{field("issuer"),         field("authorization_endpoint"),
                     field("token_endpoint"), field("userinfo_endpoint"),
                     field("jwks_uri"),       field("end_session_endpoint")};
  // A discovery document for another issuer is a mix-up, not a detail (OIDC Discovery §4.3).
  if (m.issuer != config_.issuer) return fail(ErrorCode::discovery_mismatch, "issuer " + m.issuer);
  auto secure = [&](const std::string& ep) {
    return ep.starts_with("https://") || (config_.allow_http && ep.starts_with("http://"));
  };
  for (const std::string* ep : {&m.authorization_endpoint, &m.token_endpoint, &m.userinfo_endpoint,
                                &m.jwks_uri}) {
    if (!secure(*ep)) return fail(ErrorCode::discovery_mismatch, "missing or insecure endpoint: " + *ep);
  }
  if (!m.end_session_endpoint.empty() && !secure(m.end_session_endpoint)) {
    return fail(ErrorCode::discovery_mismatch, "insecure end_session_endpoint");
  }

  auto keys = fetch_keys(m.jwks_uri);
  if (!keys) return std::unexpected(keys.error());
  auto next = std::make_shared<const State>(State{std::move(m), std::move(*keys)});
  std::lock_guard lock(mu_);
  state_ = std::move(next);
  return {};
}

std::expected<std::shared_ptr<const FranceConnectClient::State>, Error>
FranceConnectClient::state() {
  {
    std::lock_guard lock(mu_);
    if (state_) return state_;
  }
  // Two threads may both discover on a cold start; the second result simply replaces the first.
  if (auto ok = discover(); !ok) return std::unexpected(ok.error());
  std::lock_guard lock(mu_);
  return state_;
}

std::expected<ProviderMetadata, Error> FranceConnectClient::metadata() {
  auto st = state();
  if (!st) return std::unexpected(st.error());
  return (*st)->meta;
}

std::uint64_t FranceConnectClient::jwks_fetches() const {
  std::lock_guard lock(mu_);
  return fetches_;
}

std::expected<std::shared_ptr<const jose::KeySet>, Error> FranceConnectClient::fetch_keys(
    const std::string& jwks_uri) {
  {
    std::lock_guard lock(mu_);
    ++fetches_;
  }
  auto r = http_->get(jwks_uri, {"Accept: application/json"});
  if (!r) return std::unexpected(r.error());
  if (r->status != 200) return fail(ErrorCode::http_status, "jwks", r->status);
  auto set = jose::parse_jwks(r->body);
  if (!set) return std::unexpected(set.error());
  if (set->keys.empty()) return fail(ErrorCode::bad_response, "JWKS holds no usable signing key");
  return std::make_shared<const jose::KeySet>(std::move(*set));
}

std::expected<Json, Error> FranceConnectClient::verify_jws(std::string_view token) {
  auto jws = jose::parse_compact(token);
  if (!jws) return std::unexpected(jws.error());
  // The header only names the algorithm; whether we accept it is our configuration's call.
  const auto alg = jose::alg_from_name(jws->alg);
  if (!alg || std::find(allowed_.begin(), allowed_.end(), *alg) == allowed_.end()) {
    return fail(ErrorCode::alg_not_allowed, "alg " + jws->alg.substr(0, 32));
  }
  auto st = state();
  if (!st) return std::unexpected(st.error());
  std::shared_ptr<const jose::KeySet> keys = (*st)->keys;
  const jose::PublicKey* key = keys->find(jws->kid, *alg);
  if (!key) {
    // Key rotation: fetch the JWKS again, once. If another thread refreshed while we waited,
    // its result is as fresh as ours would be.
    std::lock_guard refresh(refresh_mu_);
    std::shared_ptr<const State> current;
    {
      std::lock_guard lock(mu_);
      current = state_;
    }
    if (current->keys == keys) {
      auto fresh = fetch_keys(current->meta.jwks_uri);
      if (!fresh) return std::unexpected(fresh.error());
      auto next = std::make_shared<const State>(State{current->meta, *fresh});
      std::lock_guard lock(mu_);
      state_ = next;
      current = std::move(next);
    }
    keys = current->keys;
    key = keys->find(jws->kid, *alg);
    if (!key) return fail(ErrorCode::unknown_key, "kid " + jws->kid.value_or("(none)").substr(0, 64));
  }
  if (auto ok = jose::verify_signature(*jws, *alg, *key); !ok) return std::unexpected(ok.error());
  return std::move(jws->payload);
}

std::expected<std::string, Error> FranceConnectClient::authorization_url(std::string_view state,
                                                                         std::string_view nonce) {
  if (!valid_binding_value(state) || !valid_binding_value(nonce)) {
    return fail(ErrorCode::invalid_argument, "state and nonce must be 32+ unreserved characters");
  }
  auto st = this->state();
  if (!st) return std::unexpected(st.error());
  return with_query((*st)->meta.authorization_endpoint,
                    {{"response_type", "code"},
                     {"client_id", config_.client_id},
                     {"redirect_uri", config_.redirect_uri},
                     {"scope", config_.scopes},
                     {"acr_values", config_.acr},
                     {"state", state},
                     {"nonce", nonce}});
}

bool FranceConnectClient::callback_issuer_ok(std::string_view iss) const {
  return iss.empty() || iss == config_.issuer;
}

std::expected<Tokens, Error> FranceConnectClient::exchange_code(std::string_view code) {
  if (code.empty() || code.size() > 2048 || !printable_ascii(code)) {
    return fail(ErrorCode::invalid_argument, "unusable authorization code");
  }
  auto st = state();
  if (!st) return std::unexpected(st.error());
  auto r = http_->post_form((*st)->meta.token_endpoint,
                            {{"grant_type", "authorization_code"},
                             {"code", std::string(code)},
                             {"redirect_uri", config_.redirect_uri},
                             {"client_id", config_.client_id},
                             {"client_secret", config_.client_secret}},
                            {"Accept: application/json"});
  if (!r) return std::unexpected(r.error());
  if (r->status != 200) {
    // RFC 6749 §5.2: errors come as JSON {error, error_description}.
    Json j = Json::parse(r->body, nullptr, false);
    if (r->status >= 400 && r->status < 500 && j.is_object() && j.contains("error") &&
        j["error"].is_string()) {
      std::string detail = j["error"].get<std::string>();
      if (j.contains("error_description") && j["error_description"].is_string()) {
        detail += ": " + j["error_description"].get<std::string>();
      }
      return fail(ErrorCode::token_error, detail.substr(0, 300), r->status);
    }
    return fail(ErrorCode::http_status, "token", r->status);
  }
  auto j = json_object(*r, "token response");
  if (!j) return std::unexpected(j.error());
  Tokens t;
  auto get = [&](const char* name) -> std::string {
    auto it = j->find(name);
    return it != j->end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  t.access_token = get("access_token");
  t.id_token = get("id_token");
  t.token_type = get("token_type");
  if (auto it = j->find("expires_in"); it != j->end() && it->is_number_integer()) {
    t.expires_in = it->get<std::int64_t>();
  }
  if (t.access_token.empty() || t.id_token.empty() || !printable_ascii(t.access_token)) {
    return fail(ErrorCode::bad_response, "token response without access_token or id_token");
  }
  if (lower(t.token_type) != "bearer") return fail(ErrorCode::bad_response, "token_type " + t.token_type);
  return t;
}

std::expected<IdClaims, Error> FranceConnectClient::verify_id_token(std::string_view jwt,
                                                                    std::string_view expected_nonce,
                                                                    std::int64_t now) {
  if (expected_nonce.empty()) return fail(ErrorCode::invalid_argument, "empty expected nonce");
  auto payload = verify_jws(jwt);
  if (!payload) return std::unexpected(payload.error());
  return check_id_token_claims(*payload, rules(now), expected_nonce);
}

std::expected<mc::identity::PivotIdentity, Error> FranceConnectClient::fetch_userinfo(
    const Tokens& tokens, std::string_view expected_sub, std::int64_t now) {
  if (tokens.access_token.empty() || !printable_ascii(tokens.access_token)) {
    return fail(ErrorCode::invalid_argument, "unusable access token");
  }
  auto st = state();
  if (!st) return std::unexpected(st.error());
  auto r = http_->get((*st)->meta.userinfo_endpoint,
                      {"Authorization: Bearer " + tokens.access_token, "Accept: application/jwt"});
  if (!r) return std::unexpected(r.error());
  if (r->status != 200) return fail(ErrorCode::http_status, "userinfo", r->status);
  // FC v2 signs userinfo; a plain JSON answer would let a network attacker choose the identity.
  if (media_type(r->content_type) != "application/jwt") {
    return fail(ErrorCode::userinfo_not_jwt, "content type " + r->content_type.substr(0, 64));
  }
  auto payload = verify_jws(trimmed(r->body));
  if (!payload) return std::unexpected(payload.error());
  return check_userinfo_claims(*payload, rules(now), expected_sub);
}

std::expected<LoginResult, Error> FranceConnectClient::complete_login(
    std::string_view code, std::string_view expected_nonce, std::int64_t now) {
  LoginResult out;
  auto tokens = exchange_code(code);
  if (!tokens) return std::unexpected(tokens.error());
  out.tokens = std::move(*tokens);
  auto id = verify_id_token(out.tokens.id_token, expected_nonce, now);
  if (!id) return std::unexpected(id.error());
  out.id = std::move(*id);
  auto identity = fetch_userinfo(out.tokens, out.id.sub, now);
  if (!identity) return std::unexpected(identity.error());
  out.identity = std::move(*identity);
  return out;
}

std::expected<std::string, Error> FranceConnectClient::end_session_url(
    std::string_view id_token_hint, std::string_view state) {
  if (id_token_hint.empty() || !valid_binding_value(state)) {
    return fail(ErrorCode::invalid_argument, "id_token_hint and a 32+ character state are required");
  }
  auto st = this->state();
  if (!st) return std::unexpected(st.error());
  if ((*st)->meta.end_session_endpoint.empty()) {
    return fail(ErrorCode::discovery_mismatch, "provider has no end_session_endpoint");
  }
  return with_query((*st)->meta.end_session_endpoint,
                    {{"id_token_hint", id_token_hint},
                     {"state", state},
                     {"post_logout_redirect_uri", config_.post_logout_redirect_uri}});
}

}  // namespace mc::oidc
