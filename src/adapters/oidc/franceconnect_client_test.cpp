// The relying party against an in-process provider: every forged or mis-issued token of
// shared/reference/franceconnect.md §10 must be refused, and the genuine ones accepted.
#include "adapters/oidc/franceconnect_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "adapters/oidc/jwt_test_support.hpp"

namespace mc::oidc {
namespace {

using nlohmann::json;
using testing::ec_key;
using testing::FakeTransport;
using testing::rsa_key;
using testing::TestKey;

constexpr std::int64_t kNow = 1'800'000'000;
const std::string kIssuer = "https://fc.test/api/v2";
const std::string kNonce = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const std::string kState = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
const std::string kSub = "b7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1v1";

ProviderConfig config() {
  ProviderConfig c;
  c.issuer = kIssuer;
  c.client_id = "moncompte";
  c.client_secret = "s3cret";
  c.redirect_uri = "https://moncompte.test/api/v1/franceconnect/callback";
  c.post_logout_redirect_uri = "https://moncompte.test/api/v1/franceconnect/logged-out";
  return c;
}

json discovery() {
  return {{"issuer", kIssuer},
          {"authorization_endpoint", kIssuer + "/authorize"},
          {"token_endpoint", kIssuer + "/token"},
          {"userinfo_endpoint", kIssuer + "/userinfo"},
          {"jwks_uri", kIssuer + "/jwks"},
          {"end_session_endpoint", kIssuer + "/session/end"}};
}

json id_payload() {
  return {{"iss", kIssuer}, {"aud", "moncompte"}, {"sub", kSub}, {"exp", kNow + 60},
          {"iat", kNow},    {"nonce", kNonce},    {"acr", "eidas1"}};
}

json userinfo_payload() {
  return {{"iss", kIssuer},          {"aud", "moncompte"},     {"sub", kSub},
          {"given_name", "Théo"},    {"family_name", "ÉTIENNE"}, {"birthdate", "1942-04-11"},
          {"gender", "male"},        {"birthplace", "59350"},  {"birthcountry", "99100"},
          {"email", "t@example.org"}};
}

HttpResponse json_answer(const json& j, long status = 200) {
  return {status, "application/json; charset=utf-8", j.dump()};
}

// A provider whose JWKS, ID token and userinfo answers the test can change at any time.
struct Provider {
  std::shared_ptr<FakeTransport> http = std::make_shared<FakeTransport>();
  std::shared_ptr<std::mutex> mu = std::make_shared<std::mutex>();
  std::shared_ptr<json> jwks = std::make_shared<json>(testing::jwks_of({&ec_key(), &rsa_key()}));
  std::shared_ptr<std::string> id_token = std::make_shared<std::string>();
  std::shared_ptr<HttpResponse> userinfo = std::make_shared<HttpResponse>();

  Provider() {
    http->on(kIssuer + "/.well-known/openid-configuration",
             [](auto&, auto&, auto&) { return json_answer(discovery()); });
    http->on(kIssuer + "/jwks", [mu = mu, jwks = jwks](auto&, auto&, auto&) {
      std::lock_guard lock(*mu);
      return json_answer(*jwks);
    });
    http->on(kIssuer + "/token", [mu = mu, id = id_token](auto&, const std::string& body, auto&) {
      std::lock_guard lock(*mu);
      if (body.find("code=good-code") == std::string::npos) {
        return json_answer({{"error", "invalid_grant"}, {"error_description", "grant request is invalid"}}, 400);
      }
      return json_answer({{"access_token", "at-123"}, {"token_type", "Bearer"}, {"expires_in", 60},
                          {"id_token", *id}});
    });
    http->on(kIssuer + "/userinfo", [mu = mu, ui = userinfo](auto&, auto&, const std::vector<std::string>& h) {
      std::lock_guard lock(*mu);
      if (std::find(h.begin(), h.end(), "Authorization: Bearer at-123") == h.end()) {
        return HttpResponse{401, "application/json", R"({"error":"invalid_token"})"};
      }
      return *ui;
    });
    set_userinfo(ec_key().jwt(userinfo_payload()));
  }
  void set_jwks(const json& j) {
    std::lock_guard lock(*mu);
    *jwks = j;
  }
  void set_id_token(std::string t) {
    std::lock_guard lock(*mu);
    *id_token = std::move(t);
  }
  void set_userinfo(std::string jwt, std::string type = "application/jwt; charset=utf-8") {
    std::lock_guard lock(*mu);
    *userinfo = HttpResponse{200, std::move(type), std::move(jwt)};
  }
  int jwks_calls() const { return http->calls(kIssuer + "/jwks"); }
};

class ClientTest : public ::testing::Test {
 protected:
  Provider fc;
  FranceConnectClient client{config(), fc.http};

  ErrorCode id_error(const std::string& jwt, const std::string& nonce = kNonce) {
    auto r = client.verify_id_token(jwt, nonce, kNow);
    EXPECT_FALSE(r.has_value());
    return r ? ErrorCode::invalid_argument : r.error().code;
  }
};

TEST(ClientConfig, RefusesUnsafeOrIncompleteConfiguration) {
  auto with_algs = [](std::vector<std::string> algs) {
    ProviderConfig c = config();
    c.allowed_algs = std::move(algs);
    return c;
  };
  auto http = std::make_shared<FakeTransport>();
  EXPECT_THROW(FranceConnectClient(with_algs({"none"}), http), std::invalid_argument);
  EXPECT_THROW(FranceConnectClient(with_algs({"HS256"}), http), std::invalid_argument);
  EXPECT_THROW(FranceConnectClient(with_algs({"ES256", "PS256"}), http), std::invalid_argument);
  EXPECT_THROW(FranceConnectClient(with_algs({}), http), std::invalid_argument);
  ProviderConfig c = config();
  c.issuer.clear();
  EXPECT_THROW(FranceConnectClient(c, http), std::invalid_argument);
  c = config();
  c.acr = "level-0";
  EXPECT_THROW(FranceConnectClient(c, http), std::invalid_argument);
}

TEST_F(ClientTest, DiscoveryReadsEndpointsAndKeys) {
  ASSERT_TRUE(client.discover());
  auto m = client.metadata();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->token_endpoint, kIssuer + "/token");
  EXPECT_EQ(m->end_session_endpoint, kIssuer + "/session/end");
  EXPECT_EQ(client.jwks_fetches(), 1u);
}

TEST(ClientDiscovery, RefusesAnotherIssuerOrInsecureEndpoints) {
  for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
           {"issuer", kIssuer + "/"},
           {"issuer", "https://evil.test/api/v2"},
           {"token_endpoint", "http://fc.test/api/v2/token"},
           {"jwks_uri", ""},
           {"end_session_endpoint", "javascript:alert(1)"}}) {
    auto http = std::make_shared<FakeTransport>();
    json d = discovery();
    d[field] = value;
    http->on(kIssuer + "/.well-known/openid-configuration", [d](auto&, auto&, auto&) { return json_answer(d); });
    http->on(kIssuer + "/jwks", [](auto&, auto&, auto&) { return json_answer(testing::jwks_of({&ec_key()})); });
    FranceConnectClient c(config(), http);
    auto r = c.discover();
    ASSERT_FALSE(r) << field << "=" << value;
    EXPECT_EQ(r.error().code, ErrorCode::discovery_mismatch);
  }
}

TEST(ClientDiscovery, ReportsProviderOutages) {
  auto http = std::make_shared<FakeTransport>();
  FranceConnectClient c(config(), http);
  auto r = c.discover();  // 404
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::http_status);
  EXPECT_EQ(r.error().http_status, 404);
  EXPECT_FALSE(r.error().transient());
  http->on(kIssuer + "/.well-known/openid-configuration", [](auto&, auto&, auto&) { return HttpResponse{}; });
  r = c.discover();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::network);
  EXPECT_TRUE(r.error().transient());
  // Lazy discovery: a failed start-up does not make every later call fail forever.
  EXPECT_FALSE(c.authorization_url(kState, kNonce));
  http->on(kIssuer + "/.well-known/openid-configuration", [](auto&, auto&, auto&) { return json_answer(discovery()); });
  http->on(kIssuer + "/jwks", [](auto&, auto&, auto&) { return json_answer(testing::jwks_of({&ec_key()})); });
  EXPECT_TRUE(c.authorization_url(kState, kNonce));
}

TEST(ClientDiscovery, RefusesAJwksWithoutUsableKeys) {
  auto http = std::make_shared<FakeTransport>();
  http->on(kIssuer + "/.well-known/openid-configuration", [](auto&, auto&, auto&) { return json_answer(discovery()); });
  http->on(kIssuer + "/jwks", [](auto&, auto&, auto&) {
    return json_answer({{"keys", {{{"kty", "oct"}, {"k", "c2VjcmV0"}}}}});
  });
  FranceConnectClient c(config(), http);
  EXPECT_EQ(c.discover().error().code, ErrorCode::bad_response);
}

TEST_F(ClientTest, AuthorizationUrlCarriesEveryParameter) {
  auto url = client.authorization_url(kState, kNonce);
  ASSERT_TRUE(url) << url.error().detail;
  EXPECT_EQ(*url, kIssuer + "/authorize?response_type=code&client_id=moncompte"
                            "&redirect_uri=https%3A%2F%2Fmoncompte.test%2Fapi%2Fv1%2Ffranceconnect%2Fcallback"
                            "&scope=openid%20given_name%20family_name%20birthdate%20gender%20birthplace"
                            "%20birthcountry%20email%20preferred_username"
                            "&acr_values=eidas1&state=" + kState + "&nonce=" + kNonce);
}

TEST_F(ClientTest, AuthorizationUrlRefusesWeakOrUnsafeStateAndNonce) {
  EXPECT_EQ(client.authorization_url("short", kNonce).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(client.authorization_url(kState, "").error().code, ErrorCode::invalid_argument);
  EXPECT_FALSE(client.authorization_url(kState + "&x=1", kNonce));
  EXPECT_FALSE(client.authorization_url(kState, kNonce + " "));
}

TEST_F(ClientTest, StateAndNonceAreFreshHex) {
  const std::string a = random_hex64();
  const std::string b = random_hex64();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

TEST_F(ClientTest, CallbackIssuer) {
  EXPECT_TRUE(client.callback_issuer_ok(""));
  EXPECT_TRUE(client.callback_issuer_ok(kIssuer));
  EXPECT_FALSE(client.callback_issuer_ok("https://evil.test/api/v2"));
}

TEST_F(ClientTest, ExchangeCodeUsesClientSecretPost) {
  fc.set_id_token(ec_key().jwt(id_payload()));
  auto t = client.exchange_code("good-code");
  ASSERT_TRUE(t) << t.error().detail;
  EXPECT_EQ(t->access_token, "at-123");
  EXPECT_EQ(t->expires_in, 60);
  EXPECT_EQ(fc.http->last_body(kIssuer + "/token"),
            "grant_type=authorization_code&code=good-code"
            "&redirect_uri=https://moncompte.test/api/v1/franceconnect/callback"
            "&client_id=moncompte&client_secret=s3cret");
}

TEST_F(ClientTest, ExchangeCodeReportsTheProvidersRefusal) {
  auto t = client.exchange_code("used-code");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::token_error);
  EXPECT_EQ(t.error().detail, "invalid_grant: grant request is invalid");
  EXPECT_EQ(client.exchange_code("").error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(client.exchange_code("a b").error().code, ErrorCode::invalid_argument);
}

TEST_F(ClientTest, ExchangeCodeRefusesNonBearerTokens) {
  fc.http->on(kIssuer + "/token", [](auto&, auto&, auto&) {
    return json_answer({{"access_token", "x"}, {"token_type", "MAC"}, {"id_token", "a.b.c"}});
  });
  EXPECT_EQ(client.exchange_code("good-code").error().code, ErrorCode::bad_response);
  fc.http->on(kIssuer + "/token", [](auto&, auto&, auto&) { return json_answer({{"access_token", "x"}}); });
  EXPECT_EQ(client.exchange_code("good-code").error().code, ErrorCode::bad_response);
}

TEST_F(ClientTest, AcceptsGenuineEs256AndRs256IdTokens) {
  auto es = client.verify_id_token(ec_key().jwt(id_payload()), kNonce, kNow);
  ASSERT_TRUE(es) << es.error().detail;
  EXPECT_EQ(es->sub, kSub);
  auto rs = client.verify_id_token(rsa_key().jwt(id_payload()), kNonce, kNow);
  ASSERT_TRUE(rs) << rs.error().detail;
}

TEST_F(ClientTest, RefusesAlgNone) {
  EXPECT_EQ(id_error(testing::unsigned_jwt({{"alg", "none"}, {"kid", "ec-1"}}, id_payload())),
            ErrorCode::alg_not_allowed);
  EXPECT_EQ(id_error(testing::unsigned_jwt({{"alg", "None"}}, id_payload())), ErrorCode::alg_not_allowed);
}

TEST_F(ClientTest, RefusesHs256SignedWithThePublicKey) {
  // The classic confusion attack: the public key, known to all, used as an HMAC secret.
  for (const TestKey* k : {&ec_key(), &rsa_key()}) {
    const std::string forged =
        testing::hs256_jwt(k->public_pem(), {{"alg", "HS256"}, {"kid", k->kid()}}, id_payload());
    EXPECT_EQ(id_error(forged), ErrorCode::alg_not_allowed);
  }
  const std::string with_jwk = testing::hs256_jwt(
      ec_key().public_jwk().dump(), {{"alg", "HS256"}, {"kid", "ec-1"}}, id_payload());
  EXPECT_EQ(id_error(with_jwk), ErrorCode::alg_not_allowed);
}

TEST_F(ClientTest, RefusesAlgorithmsOutsideThePinnedList) {
  ProviderConfig c = config();
  c.allowed_algs = {"ES256"};
  FranceConnectClient pinned(c, fc.http);
  auto r = pinned.verify_id_token(rsa_key().jwt(id_payload()), kNonce, kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::alg_not_allowed);
  // A header claiming ES384 or PS256 over a genuine signature is refused too.
  for (const char* alg : {"ES384", "PS256", "RS512", "EdDSA"}) {
    EXPECT_EQ(id_error(ec_key().sign({{"alg", alg}, {"kid", "ec-1"}}, id_payload())),
              ErrorCode::alg_not_allowed)
        << alg;
  }
}

TEST_F(ClientTest, RefusesAKeyOfTheWrongTypeForTheHeaderAlg) {
  // Header says RS256 but names the EC key: no RSA key with that kid exists.
  EXPECT_EQ(id_error(ec_key().sign({{"alg", "RS256"}, {"kid", "ec-1"}}, id_payload())),
            ErrorCode::unknown_key);
}

TEST_F(ClientTest, RefusesForgedSignatures) {
  const TestKey impostor = TestKey::ec_p256("ec-1");
  EXPECT_EQ(id_error(impostor.jwt(id_payload())), ErrorCode::bad_signature);
  std::string t = ec_key().jwt(id_payload());
  json other = id_payload();
  other["sub"] = "someone-else";
  const std::string swapped = ec_key().jwt(other);
  // Genuine header and signature, payload of another token.
  const std::string spliced = t.substr(0, t.find('.')) + swapped.substr(swapped.find('.'), swapped.rfind('.') - swapped.find('.')) +
                              t.substr(t.rfind('.'));
  EXPECT_EQ(id_error(spliced), ErrorCode::bad_signature);
  EXPECT_EQ(id_error("not-a-jwt"), ErrorCode::malformed_jwt);
}

TEST_F(ClientTest, UnknownKidIsFetchedAgainExactlyOnceThenRefused) {
  ASSERT_TRUE(client.discover());
  const int before = fc.jwks_calls();
  const TestKey stranger = TestKey::ec_p256("never-published");
  EXPECT_EQ(id_error(stranger.jwt(id_payload())), ErrorCode::unknown_key);
  EXPECT_EQ(fc.jwks_calls(), before + 1);
}

TEST_F(ClientTest, KeyRotationIsPickedUpWithOneRefetch) {
  ASSERT_TRUE(client.discover());
  const TestKey next = TestKey::ec_p256("ec-2");
  fc.set_jwks(testing::jwks_of({&next}));  // the provider rotated: ec-1 is gone
  const int before = fc.jwks_calls();
  auto r = client.verify_id_token(next.jwt(id_payload()), kNonce, kNow);
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(fc.jwks_calls(), before + 1);
  // Cached now: no further fetch, and the retired key no longer verifies.
  EXPECT_TRUE(client.verify_id_token(next.jwt(id_payload()), kNonce, kNow));
  EXPECT_EQ(fc.jwks_calls(), before + 1);
  EXPECT_EQ(id_error(ec_key().jwt(id_payload())), ErrorCode::unknown_key);
}

TEST_F(ClientTest, ClaimChecksApplyAfterTheSignature) {
  auto with = [](const char* k, json v) {
    json p = id_payload();
    if (v.is_null()) {
      p.erase(k);
    } else {
      p[k] = std::move(v);
    }
    return ec_key().jwt(p);
  };
  EXPECT_EQ(id_error(with("iss", kIssuer + "/")), ErrorCode::wrong_issuer);
  EXPECT_EQ(id_error(with("aud", "other-client")), ErrorCode::wrong_audience);
  EXPECT_EQ(id_error(with("aud", json::array({"a", "b"}))), ErrorCode::wrong_audience);
  EXPECT_EQ(id_error(with("azp", "other-client")), ErrorCode::wrong_azp);
  EXPECT_EQ(id_error(with("exp", kNow - 3600)), ErrorCode::expired);
  EXPECT_EQ(id_error(with("iat", kNow + 3600)), ErrorCode::bad_iat);
  EXPECT_EQ(id_error(with("nonce", nullptr)), ErrorCode::nonce_mismatch);
  EXPECT_EQ(id_error(with("nonce", "x" + kNonce.substr(1))), ErrorCode::nonce_mismatch);
  EXPECT_EQ(id_error(with("acr", nullptr)), ErrorCode::acr_too_low);
  EXPECT_EQ(id_error(with("acr", "eidas0")), ErrorCode::acr_too_low);
  EXPECT_EQ(id_error(with("sub", nullptr)), ErrorCode::missing_claim);
  EXPECT_EQ(client.verify_id_token(ec_key().jwt(id_payload()), "", kNow).error().code,
            ErrorCode::invalid_argument);
}

TEST_F(ClientTest, UserinfoIsAVerifiedJwtAboutTheSameSubject) {
  Tokens t{"at-123", "", "Bearer", 60};
  auto id = client.fetch_userinfo(t, kSub, kNow);
  ASSERT_TRUE(id) << id.error().detail;
  EXPECT_EQ(id->family_name, "ÉTIENNE");
  EXPECT_EQ(id->birthplace, "59350");

  EXPECT_EQ(client.fetch_userinfo(t, "another-sub", kNow).error().code, ErrorCode::sub_mismatch);

  json other = userinfo_payload();
  other["sub"] = "someone-else";
  fc.set_userinfo(ec_key().jwt(other));
  EXPECT_EQ(client.fetch_userinfo(t, kSub, kNow).error().code, ErrorCode::sub_mismatch);

  fc.set_userinfo(userinfo_payload().dump(), "application/json");  // downgrade to plain JSON
  EXPECT_EQ(client.fetch_userinfo(t, kSub, kNow).error().code, ErrorCode::userinfo_not_jwt);

  fc.set_userinfo(testing::unsigned_jwt({{"alg", "none"}}, userinfo_payload()));
  EXPECT_EQ(client.fetch_userinfo(t, kSub, kNow).error().code, ErrorCode::alg_not_allowed);

  fc.set_userinfo(TestKey::ec_p256("ec-1").jwt(userinfo_payload()));
  EXPECT_EQ(client.fetch_userinfo(t, kSub, kNow).error().code, ErrorCode::bad_signature);

  json wrong_aud = userinfo_payload();
  wrong_aud["aud"] = "other-client";
  fc.set_userinfo(ec_key().jwt(wrong_aud));
  EXPECT_EQ(client.fetch_userinfo(t, kSub, kNow).error().code, ErrorCode::wrong_audience);

  fc.set_userinfo(rsa_key().jwt(userinfo_payload()) + "\n", "APPLICATION/JWT");
  EXPECT_TRUE(client.fetch_userinfo(t, kSub, kNow));

  Tokens bad{"wrong-token", "", "Bearer", 60};
  auto unauth = client.fetch_userinfo(bad, kSub, kNow);
  EXPECT_EQ(unauth.error().code, ErrorCode::http_status);
  EXPECT_EQ(unauth.error().http_status, 401);
}

TEST_F(ClientTest, CompleteLoginChainsTheThreeSteps) {
  fc.set_id_token(ec_key().jwt(id_payload()));
  auto r = client.complete_login("good-code", kNonce, kNow);
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->id.sub, kSub);
  EXPECT_EQ(r->identity.given_name, "Théo");
  EXPECT_FALSE(r->tokens.id_token.empty());
  EXPECT_EQ(client.complete_login("good-code", "other-nonce-other-nonce-other-nonce", kNow).error().code,
            ErrorCode::nonce_mismatch);
}

TEST_F(ClientTest, EndSessionUrl) {
  auto url = client.end_session_url("eyJ.a.b", kState);
  ASSERT_TRUE(url);
  EXPECT_EQ(*url, kIssuer + "/session/end?id_token_hint=eyJ.a.b&state=" + kState +
                      "&post_logout_redirect_uri=https%3A%2F%2Fmoncompte.test%2Fapi%2Fv1%2Ffranceconnect%2Flogged-out");
  EXPECT_EQ(client.end_session_url("", kState).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(client.end_session_url("eyJ.a.b", "x").error().code, ErrorCode::invalid_argument);
}

TEST_F(ClientTest, SharedBetweenThreadsDuringARotation) {
  ASSERT_TRUE(client.discover());
  const TestKey next = TestKey::ec_p256("ec-2");
  const std::string old_token = ec_key().jwt(id_payload());
  const std::string new_token = next.jwt(id_payload());
  fc.set_jwks(testing::jwks_of({&ec_key(), &next}));
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < 25; ++n) {
        const std::string& t = (n + i) % 2 ? old_token : new_token;
        if (client.verify_id_token(t, kNonce, kNow)) ++ok;
        (void)client.authorization_url(kState, kNonce);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 100);
  // However many threads met the new kid at once, they shared a small number of re-fetches.
  EXPECT_LE(client.jwks_fetches(), 5u);
}

}  // namespace
}  // namespace mc::oidc
