#include "adapters/oidc/claims.hpp"

#include <gtest/gtest.h>

namespace mc::oidc {
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'800'000'000;
const char* kIssuer = "https://fc.test/api/v2";
const char* kNonce = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

ClaimRules rules() { return ClaimRules{kIssuer, "moncompte", "eidas1", kNow, 60, 600}; }

json id_payload() {
  return {{"iss", kIssuer}, {"aud", "moncompte"}, {"sub", "abc123v1"}, {"exp", kNow + 60},
          {"iat", kNow},    {"nonce", kNonce},    {"acr", "eidas1"},   {"amr", {"pwd"}}};
}

ErrorCode code_of(const json& p, const ClaimRules& r = rules(), std::string_view nonce = kNonce) {
  auto c = check_id_token_claims(p, r, nonce);
  EXPECT_FALSE(c.has_value());
  return c ? ErrorCode::invalid_argument : c.error().code;
}

TEST(IdTokenClaims, AcceptsAGenuineToken) {
  auto c = check_id_token_claims(id_payload(), rules(), kNonce);
  ASSERT_TRUE(c) << c.error().detail;
  EXPECT_EQ(c->sub, "abc123v1");
  EXPECT_EQ(c->acr, "eidas1");
  EXPECT_EQ(c->amr, std::vector<std::string>{"pwd"});
}

TEST(IdTokenClaims, Issuer) {
  json p = id_payload();
  p["iss"] = std::string(kIssuer) + "/";  // trailing slash is another issuer
  EXPECT_EQ(code_of(p), ErrorCode::wrong_issuer);
  p.erase("iss");
  EXPECT_EQ(code_of(p), ErrorCode::missing_claim);
}

TEST(IdTokenClaims, AudienceAndAuthorisedParty) {
  json p = id_payload();
  p["aud"] = "someone-else";
  EXPECT_EQ(code_of(p), ErrorCode::wrong_audience);
  p["aud"] = json::array({"a", "b"});
  EXPECT_EQ(code_of(p), ErrorCode::wrong_audience);
  p["aud"] = json::array({"moncompte", "b"});
  EXPECT_EQ(code_of(p), ErrorCode::wrong_azp);  // several audiences need azp
  p["azp"] = "moncompte";
  EXPECT_TRUE(check_id_token_claims(p, rules(), kNonce));
  p["aud"] = json::array({"moncompte"});
  p["azp"] = "b";
  EXPECT_EQ(code_of(p), ErrorCode::wrong_azp);
  p = id_payload();
  p["aud"] = 42;
  EXPECT_EQ(code_of(p), ErrorCode::wrong_audience);
}

TEST(IdTokenClaims, Times) {
  json p = id_payload();
  p["exp"] = kNow - 61;
  EXPECT_EQ(code_of(p), ErrorCode::expired);
  p["exp"] = kNow - 30;  // within the skew
  EXPECT_TRUE(check_id_token_claims(p, rules(), kNonce));
  p["exp"] = "soon";
  EXPECT_EQ(code_of(p), ErrorCode::missing_claim);
  p = id_payload();
  p["iat"] = kNow + 120;
  EXPECT_EQ(code_of(p), ErrorCode::bad_iat);
  p["iat"] = kNow - 601;
  EXPECT_EQ(code_of(p), ErrorCode::bad_iat);
  p.erase("iat");
  EXPECT_EQ(code_of(p), ErrorCode::missing_claim);
  p = id_payload();
  p["iat"] = static_cast<double>(kNow) + 0.5;
  p["exp"] = static_cast<double>(kNow) + 60.5;
  EXPECT_TRUE(check_id_token_claims(p, rules(), kNonce));
}

// Without the claim `name`, then with it set to `value`, the ID token is refused with `code`;
// returns the payload as it was last checked.
json expect_refused_without(const char* name, const char* value, ErrorCode code) {
  json p = id_payload();
  p.erase(name);
  EXPECT_EQ(code_of(p), code) << "without " << name;
  p[name] = value;
  EXPECT_EQ(code_of(p), code) << name << " = " << value;
  return p;
}

TEST(IdTokenClaims, Subject) { expect_refused_without("sub", "", ErrorCode::missing_claim); }

TEST(IdTokenClaims, Nonce) {
  json p = id_payload();
  EXPECT_EQ(code_of(p, rules(), "another-nonce-another-nonce-another"), ErrorCode::nonce_mismatch);
  EXPECT_EQ(code_of(p, rules(), std::string(kNonce).substr(0, 63)), ErrorCode::nonce_mismatch);
  EXPECT_EQ(code_of(p, rules(), ""), ErrorCode::invalid_argument);
  p.erase("nonce");
  EXPECT_EQ(code_of(p), ErrorCode::nonce_mismatch);
}

TEST(IdTokenClaims, Acr) {
  json p = expect_refused_without("acr", "eidas0", ErrorCode::acr_too_low);
  p["acr"] = "eidas2";  // more than asked is fine
  EXPECT_TRUE(check_id_token_claims(p, rules(), kNonce));
  ClaimRules substantial = rules();
  substantial.acr = "eidas2";
  p["acr"] = "eidas1";
  EXPECT_EQ(code_of(p, substantial), ErrorCode::acr_too_low);
  EXPECT_EQ(acr_rank("eidas3"), 3);
  EXPECT_EQ(acr_rank("EIDAS1"), 0);
}

json userinfo_payload() {
  return {{"iss", kIssuer},
          {"aud", "moncompte"},
          {"sub", "abc123v1"},
          {"iat", kNow},
          {"exp", kNow + 60},
          {"given_name", "Jean-Pierre Marie"},
          {"given_name_array", {"Jean-Pierre", "Marie"}},
          {"family_name", "LE GOFF"},
          {"birthdate", "1997-03-18"},
          {"gender", "male"},
          {"birthplace", ""},
          {"birthcountry", "99139"},
          {"email", "jp@example.org"}};
}

TEST(UserinfoClaims, ReturnsThePivotIdentity) {
  auto id = check_userinfo_claims(userinfo_payload(), rules(), "abc123v1");
  ASSERT_TRUE(id) << id.error().detail;
  EXPECT_EQ(id->sub, "abc123v1");
  EXPECT_EQ(id->given_name, "Jean-Pierre Marie");
  EXPECT_EQ(id->family_name, "LE GOFF");
  EXPECT_EQ(id->birthplace, "");
  EXPECT_EQ(id->birthcountry, "99139");
  EXPECT_EQ(id->email, "jp@example.org");
  EXPECT_EQ(id->preferred_username, "");
}

TEST(UserinfoClaims, RefusesAnotherSubjectIssuerOrAudience) {
  EXPECT_EQ(check_userinfo_claims(userinfo_payload(), rules(), "other").error().code,
            ErrorCode::sub_mismatch);
  EXPECT_EQ(check_userinfo_claims(userinfo_payload(), rules(), "").error().code,
            ErrorCode::sub_mismatch);
  json p = userinfo_payload();
  p["iss"] = "https://evil.test";
  EXPECT_EQ(check_userinfo_claims(p, rules(), "abc123v1").error().code, ErrorCode::wrong_issuer);
  p = userinfo_payload();
  p["aud"] = "other";
  EXPECT_EQ(check_userinfo_claims(p, rules(), "abc123v1").error().code, ErrorCode::wrong_audience);
  p = userinfo_payload();
  p["exp"] = kNow - 3600;
  EXPECT_EQ(check_userinfo_claims(p, rules(), "abc123v1").error().code, ErrorCode::expired);
  p.erase("exp");  // exp is optional in userinfo
  EXPECT_TRUE(check_userinfo_claims(p, rules(), "abc123v1"));
}

TEST(UserinfoClaims, RequiresThePivotFields) {
  for (const char* f : {"given_name", "family_name", "birthdate", "gender", "birthcountry"}) {
    json p = userinfo_payload();
    p.erase(f);
    EXPECT_EQ(check_userinfo_claims(p, rules(), "abc123v1").error().code, ErrorCode::missing_claim) << f;
  }
  json p = userinfo_payload();
  p["family_name"] = 12;
  EXPECT_EQ(check_userinfo_claims(p, rules(), "abc123v1").error().code, ErrorCode::missing_claim);
  p = userinfo_payload();
  p["given_name"] = "";  // someone with no given name: allowed
  EXPECT_TRUE(check_userinfo_claims(p, rules(), "abc123v1"));
}

}  // namespace
}  // namespace mc::oidc
