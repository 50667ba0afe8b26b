#include "adapters/oidc/jose.hpp"

#include <gtest/gtest.h>

#include "adapters/oidc/jwt_test_support.hpp"

namespace mc::oidc::jose {
namespace {

using nlohmann::json;
using testing::ec_key;
using testing::rsa_key;
using testing::TestKey;

KeySet keys_of(const json& jwks) {
  auto s = parse_jwks(jwks.dump());
  EXPECT_TRUE(s.has_value());
  return s.value_or(KeySet{});
}

TEST(Base64Url, Rfc4648Vectors) {
  const std::pair<std::string, std::string> v[] = {
      {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}, {"\xfb\xff", "-_8"}};
  for (const auto& [plain, enc] : v) {
    EXPECT_EQ(base64url_encode(plain), enc);
    EXPECT_EQ(base64url_decode(enc), plain);
  }
}

TEST(Base64Url, RefusesPaddingOtherAlphabetsAndStrayBits) {
  EXPECT_FALSE(base64url_decode("Zg=="));
  EXPECT_FALSE(base64url_decode("+/8"));
  EXPECT_FALSE(base64url_decode("Z"));   // impossible length
  EXPECT_FALSE(base64url_decode("Zh"));  // non-zero leftover bits: a second spelling of "f"
  EXPECT_FALSE(base64url_decode("Zm 9v"));
}

TEST(ParseCompact, SplitsAndDecodes) {
  const std::string t = ec_key().jwt({{"sub", "x"}});
  auto jws = parse_compact(t);
  ASSERT_TRUE(jws) << jws.error().detail;
  EXPECT_EQ(jws->alg, "ES256");
  EXPECT_EQ(jws->kid, "ec-1");
  EXPECT_EQ(jws->payload["sub"], "x");
  EXPECT_EQ(jws->signature.size(), 64u);
  EXPECT_EQ(jws->signing_input, t.substr(0, t.rfind('.')));
}

TEST(ParseCompact, RefusesMalformedTokens) {
  const std::string h = base64url_encode(R"({"alg":"ES256"})");
  const std::string p = base64url_encode(R"({"sub":"x"})");
  const std::vector<std::string> tokens{
      "",
      "abc",
      h + "." + p,
      h + "." + p + "..",
      h + "." + p + ".a.b",
      base64url_encode("[1]") + "." + p + ".",      // header not an object
      h + "." + base64url_encode("\"str\"") + ".",  // payload not an object
      h + "." + base64url_encode("{bad json") + ".",
      base64url_encode(R"({"alg":5})") + "." + p + ".",      // alg not a string
      base64url_encode(R"({"typ":"JWT"})") + "." + p + ".",  // no alg
      base64url_encode(R"({"alg":"ES256","kid":7})") + "." + p + ".",
      base64url_encode(R"({"alg":"ES256","crit":["b64"]})") + "." + p + ".",
      h + "." + p + ".!!!",
      std::string(kMaxTokenBytes + 1, 'a'),
  };
  for (const std::string& t : tokens) {
    EXPECT_FALSE(parse_compact(t)) << t.substr(0, 80);
  }
}

TEST(Jwks, ImportsEcAndRsaAndSkipsWhatItCannotUse) {
  json jwks = testing::jwks_of({&ec_key(), &rsa_key()});
  json enc = ec_key().public_jwk();
  enc["use"] = "enc";
  enc["kid"] = "enc-1";
  json p384 = ec_key().public_jwk();
  p384["crv"] = "P-384";
  p384["kid"] = "p384";
  json off_curve = ec_key().public_jwk();
  off_curve["y"] = base64url_encode(std::string(32, '\x01'));
  off_curve["kid"] = "off";
  json weak = {{"kty", "RSA"}, {"kid", "weak"}, {"n", base64url_encode(std::string(128, '\xc5'))},
               {"e", "AQAB"}};
  json oct = {{"kty", "oct"}, {"kid", "hmac"}, {"k", "c2VjcmV0"}};
  for (const auto& k : {enc, p384, off_curve, weak, oct, json("not an object")}) {
    jwks["keys"].push_back(k);
  }
  KeySet set = keys_of(jwks);
  ASSERT_EQ(set.keys.size(), 2u);
  EXPECT_EQ(set.keys[0].kid, "ec-1");
  EXPECT_EQ(set.keys[1].kid, "rsa-1");
}

TEST(Jwks, RefusesNonJwksDocuments) {
  EXPECT_FALSE(parse_jwks("[]"));
  EXPECT_FALSE(parse_jwks("{}"));
  EXPECT_FALSE(parse_jwks(R"({"keys":{}})"));
  EXPECT_FALSE(parse_jwks("not json"));
  EXPECT_TRUE(parse_jwks(R"({"keys":[]})"));  // empty is a valid document; the client refuses it
}

TEST(KeySet, FindsByKidAndKeyType) {
  KeySet set = keys_of(testing::jwks_of({&ec_key(), &rsa_key()}));
  EXPECT_EQ(set.find("ec-1", Alg::ES256)->kid, "ec-1");
  EXPECT_EQ(set.find("rsa-1", Alg::RS256)->kid, "rsa-1");
  EXPECT_EQ(set.find("rsa-1", Alg::ES256), nullptr);  // kid of the wrong key type
  EXPECT_EQ(set.find("nope", Alg::ES256), nullptr);
  EXPECT_EQ(set.find(std::nullopt, Alg::ES256)->kid, "ec-1");  // the only EC key
  KeySet two = keys_of(testing::jwks_of({&ec_key(), &ec_key()}));
  EXPECT_EQ(two.find(std::nullopt, Alg::ES256), nullptr);  // ambiguous without kid
}

TEST(KeySet, JwkAlgMustAgree) {
  json jwk = ec_key().public_jwk();
  jwk["alg"] = "ES384";
  KeySet set = keys_of({{"keys", {jwk}}});
  EXPECT_EQ(set.find("ec-1", Alg::ES256), nullptr);
}

TEST(VerifySignature, AcceptsGenuineEs256AndRs256) {
  KeySet set = keys_of(testing::jwks_of({&ec_key(), &rsa_key()}));
  auto es = parse_compact(ec_key().jwt({{"a", 1}}));
  auto rs = parse_compact(rsa_key().jwt({{"a", 1}}));
  ASSERT_TRUE(es && rs);
  EXPECT_TRUE(verify_signature(*es, Alg::ES256, *set.find("ec-1", Alg::ES256)));
  EXPECT_TRUE(verify_signature(*rs, Alg::RS256, *set.find("rsa-1", Alg::RS256)));
}

TEST(VerifySignature, RefusesTamperingAndMismatches) {
  KeySet set = keys_of(testing::jwks_of({&ec_key(), &rsa_key()}));
  const PublicKey& ec = *set.find("ec-1", Alg::ES256);
  const PublicKey& rsa = *set.find("rsa-1", Alg::RS256);

  std::string t = ec_key().jwt({{"a", 1}});
  std::string tampered = t;
  tampered[t.find('.') + 2] ^= 1;  // flips a payload character
  auto jt = parse_compact(tampered);
  if (jt) {  // the flipped character may also break the JSON, which is refused earlier
    EXPECT_FALSE(verify_signature(*jt, Alg::ES256, ec));
  }

  auto other = TestKey::ec_p256("ec-1");  // same kid, different key
  auto forged = parse_compact(other.jwt({{"a", 1}}));
  ASSERT_TRUE(forged);
  EXPECT_EQ(verify_signature(*forged, Alg::ES256, ec).error().code, ErrorCode::bad_signature);

  auto es = parse_compact(t);
  ASSERT_TRUE(es);
  EXPECT_FALSE(verify_signature(*es, Alg::RS256, rsa));  // header says ES256
  EXPECT_FALSE(verify_signature(*es, Alg::ES256, rsa));  // RSA key for ES256

  Jws short_sig = *es;
  short_sig.signature.resize(63);
  EXPECT_FALSE(verify_signature(short_sig, Alg::ES256, ec));
  Jws zero_sig = *es;
  zero_sig.signature.assign(64, '\0');
  EXPECT_FALSE(verify_signature(zero_sig, Alg::ES256, ec));
}

}  // namespace
}  // namespace mc::oidc::jose
