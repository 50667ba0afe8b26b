#include "adapters/oidc/claims.hpp"

#include <cmath>
#include <limits>
#include <optional>

#include <openssl/crypto.h>

namespace mc::oidc {
namespace {

using Json = nlohmann::json;

std::unexpected<Error> fail(ErrorCode c, std::string detail) {
  return std::unexpected(Error{c, std::move(detail)});
}

// Present and a string; a claim of the wrong type counts as missing.
std::optional<std::string> str(const Json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// NumericDate (RFC 7519 §2): integer or fractional seconds; fractions are truncated.
std::optional<std::int64_t> numeric_date(const Json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_unsigned()) {
    const auto v = it->get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(v);
  }
  if (it->is_number_float()) {
    const double d = it->get<double>();
    if (!std::isfinite(d) || d < 0 || d > 1e15) return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

bool equal_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::expected<void, Error> check_iss_aud(const Json& p, const ClaimRules& rules) {
  const auto iss = str(p, "iss");
  if (!iss) return fail(ErrorCode::missing_claim, "iss");
  if (*iss != rules.issuer) return fail(ErrorCode::wrong_issuer, *iss);

  auto aud = p.find("aud");
  if (aud == p.end()) return fail(ErrorCode::missing_claim, "aud");
  std::size_t audiences = 0;
  bool ours = false;
  if (aud->is_string()) {
    audiences = 1;
    ours = *aud == rules.client_id;
  } else if (aud->is_array()) {
    for (const auto& a : *aud) {
      if (!a.is_string()) return fail(ErrorCode::wrong_audience, "non-string audience");
      ++audiences;
      ours = ours || a == rules.client_id;
    }
  }
  if (!ours) return fail(ErrorCode::wrong_audience, aud->dump());

  if (p.contains("azp")) {
    const auto azp = str(p, "azp");
    if (!azp || *azp != rules.client_id) return fail(ErrorCode::wrong_azp, p["azp"].dump());
  } else if (audiences > 1) {
    // OIDC Core §3.1.3.7: with several audiences, the authorised party must be named.
    return fail(ErrorCode::wrong_azp, "several audiences and no azp");
  }
  return {};
}

std::expected<std::int64_t, Error> check_exp(const Json& p, const ClaimRules& rules, bool required) {
  const auto exp = numeric_date(p, "exp");
  if (!exp) {
    if (required || p.contains("exp")) return fail(ErrorCode::missing_claim, "exp");
    return 0;
  }
  if (*exp <= rules.now - rules.skew_s) return fail(ErrorCode::expired, std::to_string(*exp));
  return *exp;
}

}  // namespace

int acr_rank(std::string_view acr) {
  if (acr == "eidas1") return 1;
  if (acr == "eidas2") return 2;
  if (acr == "eidas3") return 3;
  return 0;
}

std::expected<IdClaims, Error> check_id_token_claims(const Json& p, const ClaimRules& rules,
                                                     std::string_view expected_nonce) {
  if (expected_nonce.empty()) return fail(ErrorCode::invalid_argument, "empty expected nonce");
  if (auto ok = check_iss_aud(p, rules); !ok) return std::unexpected(ok.error());

  IdClaims c;
  auto exp = check_exp(p, rules, /*required=*/true);
  if (!exp) return std::unexpected(exp.error());
  c.exp = *exp;

  const auto iat = numeric_date(p, "iat");
  if (!iat) return fail(ErrorCode::missing_claim, "iat");
  if (*iat > rules.now + rules.skew_s || *iat < rules.now - rules.max_age_s) {
    return fail(ErrorCode::bad_iat, std::to_string(*iat));
  }
  c.iat = *iat;

  const auto sub = str(p, "sub");
  if (!sub || sub->empty()) return fail(ErrorCode::missing_claim, "sub");
  c.sub = *sub;

  const auto nonce = str(p, "nonce");
  if (!nonce || !equal_secret(*nonce, expected_nonce)) {
    return fail(ErrorCode::nonce_mismatch, nonce ? "different nonce" : "no nonce");
  }

  const auto acr = str(p, "acr");
  if (!acr) return fail(ErrorCode::acr_too_low, "no acr");
  if (acr_rank(*acr) == 0 || acr_rank(*acr) < acr_rank(rules.acr)) {
    return fail(ErrorCode::acr_too_low, *acr);
  }
  c.acr = *acr;

  if (auto amr = p.find("amr"); amr != p.end() && amr->is_array()) {
    for (const auto& m : *amr) {
      if (m.is_string()) c.amr.push_back(m.get<std::string>());
    }
  }
  c.idp_id = str(p, "idp_id").value_or("");
  c.auth_time = numeric_date(p, "auth_time").value_or(0);
  return c;
}

std::expected<mc::identity::PivotIdentity, Error> check_userinfo_claims(
    const Json& p, const ClaimRules& rules, std::string_view expected_sub) {
  if (auto ok = check_iss_aud(p, rules); !ok) return std::unexpected(ok.error());
  if (auto exp = check_exp(p, rules, /*required=*/false); !exp) return std::unexpected(exp.error());

  const auto sub = str(p, "sub");
  if (!sub) return fail(ErrorCode::missing_claim, "sub");
  if (expected_sub.empty() || !equal_secret(*sub, expected_sub)) {
    return fail(ErrorCode::sub_mismatch, "userinfo sub differs from the ID token's");
  }

  mc::identity::PivotIdentity id;
  id.sub = *sub;
  // The pivot fields FranceConnect always sends for our scopes. given_name may be empty (a
  // person with no given name) but must be there; birthplace is empty for people born abroad.
  struct Field {
    const char* name;
    std::string* into;
    bool required;
  };
  const Field fields[] = {
      {"given_name", &id.given_name, true},     {"family_name", &id.family_name, true},
      {"birthdate", &id.birthdate, true},       {"gender", &id.gender, true},
      {"birthcountry", &id.birthcountry, true}, {"birthplace", &id.birthplace, false},
      {"email", &id.email, false},              {"preferred_username", &id.preferred_username, false},
  };
  for (const auto& f : fields) {
    auto it = p.find(f.name);
    if (it == p.end() || it->is_null()) {
      if (f.required) return fail(ErrorCode::missing_claim, f.name);
      continue;
    }
    if (!it->is_string()) return fail(ErrorCode::missing_claim, std::string(f.name) + " not a string");
    *f.into = it->get<std::string>();
  }
  if (id.family_name.empty() || id.birthdate.empty() || id.gender.empty() || id.birthcountry.empty()) {
    return fail(ErrorCode::missing_claim, "empty pivot field");
  }
  return id;
}

}  // namespace mc::oidc
