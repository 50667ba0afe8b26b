#include "adapters/oidc/jose.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <array>
#include <cstdint>

#include "core/radix.hpp"

namespace mc::oidc::jose {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<std::int8_t, 256> make_decode_table() {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  }
  return t;
}
constexpr auto kDecode = make_decode_table();

Error err(ErrorCode c, std::string detail) { return Error{c, std::move(detail)}; }

// Owning pointers to OpenSSL objects, each released by its own *_free function.
template <auto Free>
struct FreedBy {
  void operator()(auto* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, FreedBy<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, FreedBy<EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, FreedBy<EVP_MD_CTX_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, FreedBy<OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, FreedBy<OSSL_PARAM_free>>;
using BnPtr = std::unique_ptr<BIGNUM, FreedBy<BN_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, FreedBy<ECDSA_SIG_free>>;

const unsigned char* bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::optional<std::string> b64_member(const Json& jwk, const char* name) {
  auto it = jwk.find(name);
  if (it == jwk.end() || !it->is_string()) return std::nullopt;
  return base64url_decode(it->get_ref<const std::string&>());
}

// Builds a public EVP_PKEY of `type` ("EC"/"RSA") from OpenSSL parameters and checks it.
// OpenSSL queues an error for each refused key or signature; we report our own, so drop its
// queue rather than let it leak into an unrelated caller on this thread.
struct ClearErrors {
  ~ClearErrors() { ERR_clear_error(); }
};

std::shared_ptr<evp_pkey_st> pkey_from(const char* type, OSSL_PARAM_BLD* bld) {
  ClearErrors clear;
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return nullptr;
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) return nullptr;
  PkeyPtr pkey(raw);
  // A point off the curve or a degenerate RSA modulus must not become a "key".
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return std::shared_ptr<evp_pkey_st>(pkey.release(), FreedBy<EVP_PKEY_free>{});
}

std::shared_ptr<evp_pkey_st> import_ec(const Json& jwk) {
  auto crv = jwk.find("crv");
  if (crv == jwk.end() || !crv->is_string() || *crv != "P-256") return nullptr;
  auto x = b64_member(jwk, "x");
  auto y = b64_member(jwk, "y");
  if (!x || !y || x->size() != 32 || y->size() != 32) return nullptr;
  std::string point = "\x04" + *x + *y;  // uncompressed SEC1 point
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return nullptr;
  }
  return pkey_from("EC", bld.get());
}

std::shared_ptr<evp_pkey_st> import_rsa(const Json& jwk) {
  auto n = b64_member(jwk, "n");
  auto e = b64_member(jwk, "e");
  // 2048 bits at least (RFC 7518 §3.3); 8192 at most, so a hostile JWKS cannot make every
  // verification slow.
  if (!n || !e || n->size() < 256 || n->size() > 1024 || e->empty() || e->size() > 8) {
    return nullptr;
  }
  BnPtr bn_n(BN_bin2bn(bytes(*n), static_cast<int>(n->size()), nullptr));
  BnPtr bn_e(BN_bin2bn(bytes(*e), static_cast<int>(e->size()), nullptr));
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld || BN_num_bits(bn_n.get()) < 2048 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return nullptr;
  }
  return pkey_from("RSA", bld.get());
}

std::optional<std::string> optional_string(const Json& obj, const char* name, bool& ok) {
  auto it = obj.find(name);
  if (it == obj.end()) return std::nullopt;
  if (!it->is_string()) {
    ok = false;
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<Json> decode_json_object(std::string_view b64) {
  auto raw = base64url_decode(b64);
  if (!raw) return std::nullopt;
  Json j = Json::parse(*raw, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

// JWS ES256 carries R||S (32 bytes each); OpenSSL verifies DER.
std::optional<std::string> es256_to_der(const std::string& sig) {
  if (sig.size() != 64) return std::nullopt;
  EcdsaSigPtr s(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(bytes(sig), 32, nullptr);
  BIGNUM* ss = BN_bin2bn(bytes(sig) + 32, 32, nullptr);
  if (!s || !r || !ss || ECDSA_SIG_set0(s.get(), r, ss) != 1) {
    BN_free(r);
    BN_free(ss);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(s.get(), &der);
  if (len <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

}  // namespace

std::optional<std::string> base64url_decode(std::string_view in) {
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(in.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const std::int8_t v = kDecode[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  // Leftover bits must be zero, so that each byte string has exactly one encoding.
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string base64url_encode(std::string_view in) { return radix::encode<6>(in, kAlphabet); }

std::optional<Alg> alg_from_name(std::string_view name) {
  if (name == "ES256") return Alg::ES256;
  if (name == "RS256") return Alg::RS256;
  return std::nullopt;
}

std::string_view alg_name(Alg a) { return a == Alg::ES256 ? "ES256" : "RS256"; }

bool PublicKey::fits(Alg a) const {
  if (!alg.empty() && alg != alg_name(a)) return false;
  return a == Alg::ES256 ? kty == "EC" : kty == "RSA";
}

const PublicKey* KeySet::find(std::optional<std::string_view> kid, Alg a) const {
  const PublicKey* only = nullptr;
  int fitting = 0;
  for (const auto& k : keys) {
    if (!k.fits(a)) continue;
    if (kid) {
      if (k.kid == *kid) return &k;
    } else {
      only = &k;
      ++fitting;
    }
  }
  return fitting == 1 ? only : nullptr;
}

std::expected<KeySet, Error> parse_jwks(std::string_view json) {
  Json doc = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return std::unexpected(err(ErrorCode::bad_response, "JWKS is not a JSON object"));
  }
  auto keys = doc.find("keys");
  if (keys == doc.end() || !keys->is_array()) {
    return std::unexpected(err(ErrorCode::bad_response, "JWKS has no keys array"));
  }
  KeySet set;
  for (const auto& jwk : *keys) {
    if (set.keys.size() >= kMaxKeys) break;
    if (!jwk.is_object()) continue;
    bool ok = true;
    auto kty = optional_string(jwk, "kty", ok);
    auto use = optional_string(jwk, "use", ok);
    auto kid = optional_string(jwk, "kid", ok);
    auto alg = optional_string(jwk, "alg", ok);
    if (!ok || !kty || (use && *use != "sig")) continue;
    PublicKey k;
    k.kty = *kty;
    k.kid = kid.value_or("");
    k.alg = alg.value_or("");
    if (k.kty == "EC") {
      k.pkey = import_ec(jwk);
    } else if (k.kty == "RSA") {
      k.pkey = import_rsa(jwk);
    }
    if (k.pkey) set.keys.push_back(std::move(k));
  }
  return set;
}

std::expected<Jws, Error> parse_compact(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenBytes) {
    return std::unexpected(err(ErrorCode::malformed_jwt, "empty or oversized token"));
  }
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return std::unexpected(err(ErrorCode::malformed_jwt, "not three dot-separated parts"));
  }
  Jws jws;
  auto header = decode_json_object(token.substr(0, dot1));
  auto payload = decode_json_object(token.substr(dot1 + 1, dot2 - dot1 - 1));
  auto sig = base64url_decode(token.substr(dot2 + 1));
  if (!header || !payload || !sig) {
    return std::unexpected(err(ErrorCode::malformed_jwt, "undecodable header, payload or signature"));
  }
  bool ok = true;
  auto alg = optional_string(*header, "alg", ok);
  jws.kid = optional_string(*header, "kid", ok);
  if (!ok || !alg) {
    return std::unexpected(err(ErrorCode::malformed_jwt, "header alg/kid missing or not strings"));
  }
  // RFC 7515 §4.1.11: an extension we do not understand listed in crit must be refused.
  if (header->contains("crit")) {
    return std::unexpected(err(ErrorCode::malformed_jwt, "crit header not supported"));
  }
  jws.alg = *alg;
  jws.header = std::move(*header);
  jws.payload = std::move(*payload);
  jws.signing_input = std::string(token.substr(0, dot2));
  jws.signature = std::move(*sig);
  return jws;
}

std::expected<void, Error> verify_signature(const Jws& jws, Alg a, const PublicKey& key) {
  ClearErrors clear;
  if (!key.pkey || !key.fits(a) || jws.alg != alg_name(a)) {
    return std::unexpected(err(ErrorCode::alg_not_allowed, "key or header does not fit the algorithm"));
  }
  std::string der;
  const std::string* sig = &jws.signature;
  if (a == Alg::ES256) {
    auto converted = es256_to_der(jws.signature);
    if (!converted) return std::unexpected(err(ErrorCode::bad_signature, "ES256 signature is not 64 bytes"));
    der = std::move(*converted);
    sig = &der;
  } else if (jws.signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(key.pkey.get()))) {
    return std::unexpected(err(ErrorCode::bad_signature, "RS256 signature has the wrong length"));
  }
  MdCtxPtr md(EVP_MD_CTX_new());
  if (!md || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, key.pkey.get()) != 1) {
    return std::unexpected(err(ErrorCode::bad_signature, "cannot initialise verification"));
  }
  if (EVP_DigestVerify(md.get(), bytes(*sig), sig->size(), bytes(jws.signing_input),
                       jws.signing_input.size()) != 1) {
    return std::unexpected(err(ErrorCode::bad_signature, "signature does not verify"));
  }
  return {};
}

}  // namespace mc::oidc::jose
