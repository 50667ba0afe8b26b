#pragma once
// The small part of JOSE that FranceConnect v2 needs: compact JWS with ES256 or RS256, and
// public keys from a JWKS. Hand-written over OpenSSL 3 and nlohmann-json (ADR 0140): no I/O,
// no clock, so it is unit-tested and fuzzed directly.
//
// Nothing here trusts the token: parse_compact only splits and decodes, and verify_signature
// takes the algorithm from the caller's allow-list check, never from the header alone.
#include <cstddef>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/oidc/error.hpp"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace mc::oidc::jose {

inline constexpr std::size_t kMaxTokenBytes = 64 * 1024;
inline constexpr std::size_t kMaxKeys = 64;

// Unpadded base64url (RFC 7515 §2). Decoding refuses padding, other alphabets and stray bits.
[[nodiscard]] std::optional<std::string> base64url_decode(std::string_view in);
[[nodiscard]] std::string base64url_encode(std::string_view bytes);

// Algorithms this code can verify. Anything else (none, HS*, PS*, ES384…) is refused upstream.
enum class Alg { ES256, RS256 };
[[nodiscard]] std::optional<Alg> alg_from_name(std::string_view name);
[[nodiscard]] std::string_view alg_name(Alg a);

struct PublicKey {
  std::string kid;
  std::string kty;  // "EC" (P-256 only) or "RSA" (>= 2048 bits)
  std::string alg;  // the JWK's own "alg", empty if it has none
  std::shared_ptr<evp_pkey_st> pkey;

  // Usable for this algorithm: right key type, and the JWK's alg (if any) agrees.
  [[nodiscard]] bool fits(Alg a) const;
};

struct KeySet {
  std::vector<PublicKey> keys;

  // The key for a token header: by kid when there is one; without a kid only if exactly one
  // key fits the algorithm. nullptr when none does.
  [[nodiscard]] const PublicKey* find(std::optional<std::string_view> kid, Alg a) const;
};

// Parses a JWKS document. Keys that are not for signatures (use != "sig"), of an unsupported
// type or curve, too weak, or malformed are skipped, not fatal: a provider may publish keys we
// do not use. Fails only when the document itself is not a JWKS.
[[nodiscard]] std::expected<KeySet, Error> parse_jwks(std::string_view json);

// A compact JWS split and decoded, not verified.
struct Jws {
  nlohmann::json header;   // an object
  nlohmann::json payload;  // an object (every JWT we accept has JSON claims)
  std::string alg;         // header "alg", as sent
  std::optional<std::string> kid;
  std::string signing_input;  // "<b64 header>.<b64 payload>"
  std::string signature;      // raw bytes
};

[[nodiscard]] std::expected<Jws, Error> parse_compact(std::string_view token);

// Verifies the signature with `key` under algorithm `a` (which the caller has already checked
// against its allow-list and the header). ES256 signatures are the 64-byte R||S of RFC 7518.
[[nodiscard]] std::expected<void, Error> verify_signature(const Jws& jws, Alg a,
                                                          const PublicKey& key);

}  // namespace mc::oidc::jose
