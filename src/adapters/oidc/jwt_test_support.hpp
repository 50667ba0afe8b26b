#pragma once
// Test-only: keys, signed and forged JWTs, and an in-process provider answering the relying
// party's HTTP calls. Linked into the tests and the fuzzer, never into the server.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/oidc/http_transport.hpp"

struct evp_pkey_st;

namespace mc::oidc::testing {

class TestKey {
 public:
  static TestKey ec_p256(std::string kid);
  static TestKey rsa(std::string kid, int bits = 2048);

  [[nodiscard]] const std::string& kid() const { return kid_; }
  [[nodiscard]] std::string natural_alg() const { return ec_ ? "ES256" : "RS256"; }
  // Public JWK with kid, use=sig and alg.
  [[nodiscard]] nlohmann::json public_jwk() const;
  // SubjectPublicKeyInfo PEM: what an attacker would use as an HS256 "secret".
  [[nodiscard]] std::string public_pem() const;
  // Signs header.payload with this key's own algorithm, whatever the header claims.
  [[nodiscard]] std::string sign(const nlohmann::json& header, const nlohmann::json& payload) const;
  // A JWT with header {alg: natural_alg, typ: JWT, kid}.
  [[nodiscard]] std::string jwt(const nlohmann::json& payload) const;

 private:
  std::string kid_;
  bool ec_ = true;
  std::shared_ptr<evp_pkey_st> pkey_;
};

// The provider's usual signing keys, "ec-1" (P-256) and "rsa-1", each generated once per test binary.
[[nodiscard]] const TestKey& ec_key();
[[nodiscard]] const TestKey& rsa_key();

[[nodiscard]] std::string unsigned_jwt(const nlohmann::json& header, const nlohmann::json& payload);
[[nodiscard]] std::string hs256_jwt(const std::string& secret, const nlohmann::json& header,
                                    const nlohmann::json& payload);
[[nodiscard]] nlohmann::json jwks_of(const std::vector<const TestKey*>& keys);

// Answers GET/POST by exact URL (query string ignored for matching). Unknown URL -> 404;
// a handler answering status 0 simulates a network failure.
class FakeTransport final : public HttpTransport {
 public:
  using Handler = std::function<HttpResponse(const std::string& url, const std::string& body,
                                             const std::vector<std::string>& headers)>;
  void on(const std::string& url, Handler h);
  [[nodiscard]] int calls(const std::string& url) const;
  [[nodiscard]] std::string last_body(const std::string& url) const;

  std::expected<HttpResponse, Error> get(const std::string& url,
                                         const std::vector<std::string>& headers) override;
  std::expected<HttpResponse, Error> post_form(const std::string& url, const FormFields& form,
                                               const std::vector<std::string>& headers) override;

 private:
  std::expected<HttpResponse, Error> answer(const std::string& url, const std::string& body,
                                            const std::vector<std::string>& headers);
  mutable std::mutex mu_;
  std::map<std::string, Handler> handlers_;
  std::map<std::string, int> calls_;
  std::map<std::string, std::string> bodies_;
};

}  // namespace mc::oidc::testing
