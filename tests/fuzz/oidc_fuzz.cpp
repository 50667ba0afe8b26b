// libFuzzer target for what the relying party parses from FranceConnect before trusting it:
// compact JWS, JWKS documents, and the claim checks run on a decoded payload.
// The first byte picks the parser; the rest is the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/oidc/claims.hpp"
#include "adapters/oidc/jose.hpp"

namespace {

using namespace mc::oidc;

void fuzz_token(std::string_view in) {
  auto jws = jose::parse_compact(in);
  if (!jws) return;
  const ClaimRules rules{"https://fc.test/api/v2", "moncompte", "eidas1", 1'800'000'000, 60, 600};
  (void)check_id_token_claims(jws->payload, rules, "nonce-nonce-nonce-nonce-nonce-nonce");
  (void)check_userinfo_claims(jws->payload, rules, "sub");
}

void fuzz_jwks(std::string_view in) {
  auto set = jose::parse_jwks(in);
  if (!set) return;
  // A fixed, well-formed token checked against whatever keys the input produced.
  static const std::string token =
      "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ4In0."
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  auto jws = jose::parse_compact(token);
  for (auto alg : {jose::Alg::ES256, jose::Alg::RS256}) {
    if (const auto* key = set->find(jws->kid, alg)) (void)jose::verify_signature(*jws, alg, *key);
    if (const auto* key = set->find(std::nullopt, alg)) (void)jose::verify_signature(*jws, alg, *key);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: fuzz_token(in); break;
    case 1: fuzz_jwks(in); break;
    default: (void)jose::base64url_decode(in); break;
  }
  return 0;
}
