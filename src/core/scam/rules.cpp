#include "core/scam/rules.hpp"

#include <toml++/toml.h>

#include <set>
#include <sstream>

namespace mc::scam {

const std::vector<std::string_view>& computed_signal_codes() {
  static const std::vector<std::string_view> codes = {
      "unofficial_link", "official_link",     "lookalike_domain",  "typosquat_domain",    "subdomain_trick",
      "idn_homograph",   "idn_domain",        "invalid_domain",    "userinfo_trick",      "ip_link",
      "obfuscated_link", "hidden_characters", "shortener",         "short_link",          "brand_in_path",
      "unusual_tld",     "unusual_port",      "download_link",     "sender_not_official", "sender_phone",
      "claims_insurer",  "claims_brand",      "premium_number",    "phone_number",        "brand_homoglyph_text",
      "data_url",        "open_redirect",     "mixed_script_word",
  };
  return codes;
}

namespace {

using Error = std::string;

struct Ctx {
  const toml::table& root;
  std::map<std::string, std::vector<std::string>> terms;
};

Error where(std::string_view path, std::string_view what) {
  return "règles : " + std::string(path) + " : " + std::string(what);
}

std::expected<std::vector<std::string>, Error> string_list(const Ctx& ctx, const toml::node* node,
                                                           std::string_view path) {
  std::vector<std::string> out;
  if (node == nullptr) return out;
  const toml::array* arr = node->as_array();
  if (arr == nullptr) return std::unexpected(where(path, "une liste de chaînes est attendue"));
  for (const toml::node& item : *arr) {
    std::optional<std::string> s = item.value<std::string>();
    if (!s) return std::unexpected(where(path, "une liste de chaînes est attendue"));
    if (s->size() > 1 && s->front() == '@') {
      auto it = ctx.terms.find(s->substr(1));
      if (it == ctx.terms.end()) return std::unexpected(where(path, "liste de termes inconnue " + *s));
      out.insert(out.end(), it->second.begin(), it->second.end());
    } else {
      out.push_back(*s);
    }
  }
  return out;
}

template <typename T>
std::expected<T, Error> number_or(const toml::node* node, T fallback, std::string_view path) {
  if (node == nullptr) return fallback;
  if constexpr (std::is_floating_point_v<T>) {
    if (auto v = node->value<double>()) return static_cast<T>(*v);
  } else {
    if (auto v = node->value<int64_t>(); v && *v >= 0) return static_cast<T>(*v);
  }
  return std::unexpected(where(path, "nombre attendu"));
}

std::expected<bool, Error> bool_or(const toml::node* node, bool fallback, std::string_view path) {
  if (node == nullptr) return fallback;
  if (auto v = node->value<bool>()) return *v;
  return std::unexpected(where(path, "booléen attendu"));
}

std::expected<std::string, Error> string_or(const toml::node* node, std::string fallback, std::string_view path) {
  if (node == nullptr) return fallback;
  if (auto v = node->value<std::string>()) return *v;
  return std::unexpected(where(path, "chaîne attendue"));
}

Error check_keys(const toml::table& t, std::string_view path, std::initializer_list<std::string_view> allowed) {
  for (auto&& [key, value] : t) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || key.str() == a;
    if (!ok) return where(path, "clé inconnue « " + std::string(key.str()) + " »");
  }
  return {};
}

// Assigns the value of an expected<> or returns its error (one per line).
#define MC_SCAM_CAT2(a, b) a##b
#define MC_SCAM_CAT(a, b) MC_SCAM_CAT2(a, b)
#define MC_TRY(target, expr)                                                                     \
  auto MC_SCAM_CAT(try_, __LINE__) = (expr);                                                     \
  if (!MC_SCAM_CAT(try_, __LINE__)) return std::unexpected(MC_SCAM_CAT(try_, __LINE__).error()); \
  (target) = std::move(*MC_SCAM_CAT(try_, __LINE__))

std::expected<SignalDef, Error> parse_signal(const Ctx& ctx, const std::string& code, const toml::table& t) {
  std::string path = "signals." + code;
  if (Error e = check_keys(t, path, {"weight", "message", "hidden", "group", "negatable", "skip_quoted", "fields",
                                     "head", "phrases", "near"});
      !e.empty())
    return std::unexpected(e);
  SignalDef s;
  s.code = code;
  if (t.get("weight") == nullptr) return std::unexpected(where(path, "poids (weight) manquant"));
  MC_TRY(s.weight, number_or<double>(t.get("weight"), 0.0, path + ".weight"));
  MC_TRY(s.hidden, bool_or(t.get("hidden"), false, path + ".hidden"));
  MC_TRY(s.message, string_or(t.get("message"), "", path + ".message"));
  MC_TRY(s.group, string_or(t.get("group"), "", path + ".group"));
  if (!s.hidden && s.message.empty()) return std::unexpected(where(path, "message manquant"));
  MC_TRY(s.negatable, bool_or(t.get("negatable"), false, path + ".negatable"));
  MC_TRY(s.skip_quoted, bool_or(t.get("skip_quoted"), true, path + ".skip_quoted"));
  if (t.get("fields") != nullptr) {
    MC_TRY(s.fields, string_list(ctx, t.get("fields"), path + ".fields"));
    for (const std::string& f : s.fields)
      if (f != "text" && f != "subject" && f != "sender")
        return std::unexpected(where(path + ".fields", "champ inconnu « " + f + " »"));
  }
  MC_TRY(s.head, number_or<int>(t.get("head"), 0, path + ".head"));
  MC_TRY(s.phrases, string_list(ctx, t.get("phrases"), path + ".phrases"));
  if (const toml::node* near = t.get("near")) {
    const toml::array* arr = near->as_array();
    if (arr == nullptr) return std::unexpected(where(path + ".near", "tableau [[near]] attendu"));
    for (const toml::node& item : *arr) {
      const toml::table* nt = item.as_table();
      if (nt == nullptr) return std::unexpected(where(path + ".near", "tableau [[near]] attendu"));
      if (Error e = check_keys(*nt, path + ".near", {"actions", "objects", "not_after", "forward_only", "window"}); !e.empty())
        return std::unexpected(e);
      NearRule r;
      MC_TRY(r.actions, string_list(ctx, nt->get("actions"), path + ".near.actions"));
      MC_TRY(r.objects, string_list(ctx, nt->get("objects"), path + ".near.objects"));
      MC_TRY(r.not_after, string_list(ctx, nt->get("not_after"), path + ".near.not_after"));
      MC_TRY(r.window, number_or<int>(nt->get("window"), 8, path + ".near.window"));
      MC_TRY(r.forward_only, bool_or(nt->get("forward_only"), false, path + ".near.forward_only"));
      if (r.actions.empty() || r.objects.empty())
        return std::unexpected(where(path + ".near", "actions et objects sont obligatoires"));
      s.near.push_back(std::move(r));
    }
  }
  return s;
}

std::expected<BrandDef, Error> parse_brand(const Ctx& ctx, const toml::node& item) {
  const toml::table* bt = item.as_table();
  if (bt == nullptr) return std::unexpected(where("brand", "tableau [[brand]] attendu"));
  if (Error e = check_keys(*bt, "brand",
                           {"name", "insurer", "claims", "head_claims", "domain_tokens", "lookalike_tokens",
                            "contains_tokens", "domains"});
      !e.empty())
    return std::unexpected(e);
  BrandDef b;
  MC_TRY(b.name, string_or(bt->get("name"), "", "brand.name"));
  if (b.name.empty()) return std::unexpected(where("brand", "nom manquant"));
  std::string path = "brand(" + b.name + ")";
  MC_TRY(b.insurer, bool_or(bt->get("insurer"), false, path + ".insurer"));
  MC_TRY(b.claims, string_list(ctx, bt->get("claims"), path + ".claims"));
  MC_TRY(b.head_claims, string_list(ctx, bt->get("head_claims"), path + ".head_claims"));
  MC_TRY(b.domain_tokens, string_list(ctx, bt->get("domain_tokens"), path + ".domain_tokens"));
  MC_TRY(b.lookalike_tokens, string_list(ctx, bt->get("lookalike_tokens"), path + ".lookalike_tokens"));
  MC_TRY(b.contains_tokens, string_list(ctx, bt->get("contains_tokens"), path + ".contains_tokens"));
  MC_TRY(b.domains, string_list(ctx, bt->get("domains"), path + ".domains"));
  return b;
}

std::expected<ComboDef, Error> parse_combo(const Ctx& ctx, const toml::node& item) {
  const toml::table* ct = item.as_table();
  if (ct == nullptr) return std::unexpected(where("combo", "tableau [[combo]] attendu"));
  if (Error e = check_keys(*ct, "combo", {"code", "weight", "message", "hidden", "group", "all", "none"}); !e.empty())
    return std::unexpected(e);
  ComboDef c;
  MC_TRY(c.code, string_or(ct->get("code"), "", "combo.code"));
  std::string path = "combo(" + c.code + ")";
  if (c.code.empty()) return std::unexpected(where("combo", "code manquant"));
  MC_TRY(c.weight, number_or<double>(ct->get("weight"), 0.0, path + ".weight"));
  MC_TRY(c.hidden, bool_or(ct->get("hidden"), false, path + ".hidden"));
  MC_TRY(c.message, string_or(ct->get("message"), "", path + ".message"));
  MC_TRY(c.group, string_or(ct->get("group"), "", path + ".group"));
  if (!c.hidden && c.message.empty()) return std::unexpected(where(path, "message manquant"));
  MC_TRY(c.all, string_list(ctx, ct->get("all"), path + ".all"));
  MC_TRY(c.none, string_list(ctx, ct->get("none"), path + ".none"));
  if (c.all.empty()) return std::unexpected(where(path, "« all » est obligatoire"));
  return c;
}

std::expected<Rules, Error> parse(const toml::table& root) {
  Ctx ctx{root, {}};
  Rules r;
  if (Error e = check_keys(root, "racine",
                           {"version", "advice", "score", "limits", "claims", "phones", "negation", "domains",
                            "terms", "brand", "signals", "combo"});
      !e.empty())
    return std::unexpected(e);

  if (const toml::table* terms = root["terms"].as_table()) {
    for (auto&& [key, value] : *terms) {
      std::vector<std::string> list;
      MC_TRY(list, string_list(ctx, &value, "terms." + std::string(key.str())));
      ctx.terms[std::string(key.str())] = std::move(list);
    }
  }

  MC_TRY(r.advice, string_or(root.get("advice"), "", "advice"));
  if (r.advice.empty()) return std::unexpected(where("advice", "le rappel (advice) est obligatoire"));

  const toml::table* score = root["score"].as_table();
  if (score == nullptr) return std::unexpected(where("score", "section manquante"));
  MC_TRY(r.scale, number_or<double>(score->get("scale"), 1.5, "score.scale"));
  MC_TRY(r.scam_points, number_or<double>(score->get("scam"), 3.0, "score.scam"));
  MC_TRY(r.suspicious_points, number_or<double>(score->get("suspicious"), 1.5, "score.suspicious"));
  if (r.scale <= 0 || r.suspicious_points <= 0 || r.scam_points < r.suspicious_points)
    return std::unexpected(where("score", "il faut 0 < suspicious <= scam et scale > 0"));

  if (const toml::table* lim = root["limits"].as_table()) {
    MC_TRY(r.limits.max_text_bytes, number_or<std::size_t>(lim->get("max_text_bytes"), r.limits.max_text_bytes, "limits.max_text_bytes"));
    MC_TRY(r.limits.max_field_bytes, number_or<std::size_t>(lim->get("max_field_bytes"), r.limits.max_field_bytes, "limits.max_field_bytes"));
    MC_TRY(r.limits.max_links, number_or<std::size_t>(lim->get("max_links"), r.limits.max_links, "limits.max_links"));
    MC_TRY(r.limits.max_link_bytes, number_or<std::size_t>(lim->get("max_link_bytes"), r.limits.max_link_bytes, "limits.max_link_bytes"));
    MC_TRY(r.limits.max_hits_per_list, number_or<std::size_t>(lim->get("max_hits_per_list"), r.limits.max_hits_per_list, "limits.max_hits_per_list"));
    // Hard ceilings keep "bounded work per message" true whatever a rules file says.
    if (r.limits.max_text_bytes > (1u << 20) || r.limits.max_links > 1000 || r.limits.max_link_bytes > 65536 ||
        r.limits.max_hits_per_list > 1024 || r.limits.max_field_bytes > 65536)
      return std::unexpected(where("limits", "valeur au-delà du plafond autorisé"));
  }

  if (const toml::table* claims = root["claims"].as_table()) {
    MC_TRY(r.claims_head, number_or<int>(claims->get("head"), r.claims_head, "claims.head"));
    MC_TRY(r.claims_tail, number_or<int>(claims->get("tail"), r.claims_tail, "claims.tail"));
  }

  if (const toml::table* phones = root["phones"].as_table()) {
    MC_TRY(r.official_numbers, string_list(ctx, phones->get("official"), "phones.official"));
    MC_TRY(r.premium_prefixes, string_list(ctx, phones->get("premium_prefixes"), "phones.premium_prefixes"));
    MC_TRY(r.call_window, number_or<int>(phones->get("call_window"), r.call_window, "phones.call_window"));
  }

  if (const toml::table* neg = root["negation"].as_table()) {
    MC_TRY(r.negation_before, string_list(ctx, neg->get("before"), "negation.before"));
    MC_TRY(r.negation_after, string_list(ctx, neg->get("after"), "negation.after"));
    MC_TRY(r.conditional, string_list(ctx, neg->get("conditional"), "negation.conditional"));
    MC_TRY(r.negation_scope, string_list(ctx, neg->get("scope"), "negation.scope"));
    MC_TRY(r.negation_before_window, number_or<int>(neg->get("before_window"), 3, "negation.before_window"));
    MC_TRY(r.negation_after_window, number_or<int>(neg->get("after_window"), 3, "negation.after_window"));
    MC_TRY(r.conditional_window, number_or<int>(neg->get("conditional_window"), 5, "negation.conditional_window"));
  }

  const toml::table* dom = root["domains"].as_table();
  if (dom == nullptr) return std::unexpected(where("domains", "section manquante"));
  MC_TRY(r.official_domains, string_list(ctx, dom->get("official"), "domains.official"));
  MC_TRY(r.known_domains, string_list(ctx, dom->get("known"), "domains.known"));
  MC_TRY(r.shorteners, string_list(ctx, dom->get("shorteners"), "domains.shorteners"));
  MC_TRY(r.unusual_tlds, string_list(ctx, dom->get("unusual_tlds"), "domains.unusual_tlds"));
  MC_TRY(r.reserved_tlds, string_list(ctx, dom->get("reserved_tlds"), "domains.reserved_tlds"));
  MC_TRY(r.download_extensions, string_list(ctx, dom->get("download_extensions"), "domains.download_extensions"));
  MC_TRY(r.glued_suffixes, string_list(ctx, dom->get("glued_suffixes"), "domains.glued_suffixes"));
  if (r.official_domains.empty()) return std::unexpected(where("domains.official", "liste vide"));

  if (const toml::array* brands = root["brand"].as_array()) {
    for (const toml::node& item : *brands) {
      BrandDef b;
      MC_TRY(b, parse_brand(ctx, item));
      r.brands.push_back(std::move(b));
    }
  }

  const toml::table* signals = root["signals"].as_table();
  if (signals == nullptr) return std::unexpected(where("signals", "section manquante"));
  for (auto&& [key, value] : *signals) {
    const toml::table* st = value.as_table();
    if (st == nullptr) return std::unexpected(where("signals." + std::string(key.str()), "table attendue"));
    SignalDef s;
    MC_TRY(s, parse_signal(ctx, std::string(key.str()), *st));
    r.signals.emplace(s.code, std::move(s));
  }
  for (std::string_view code : computed_signal_codes())
    if (!r.signals.contains(std::string(code)))
      return std::unexpected(where("signals", "le signal calculé « " + std::string(code) + " » doit être décrit"));

  if (const toml::array* combos = root["combo"].as_array()) {
    for (const toml::node& item : *combos) {
      ComboDef c;
      MC_TRY(c, parse_combo(ctx, item));
      r.combos.push_back(std::move(c));
    }
  }
  return r;
}

}  // namespace

std::expected<Rules, std::string> parse_rules(std::string_view toml_text) {
  try {
    toml::table root = toml::parse(toml_text);
    return parse(root);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << "règles : TOML invalide ligne " << e.source().begin.line << ", colonne " << e.source().begin.column
        << " : " << e.description();
    return std::unexpected(msg.str());
  }
}

}  // namespace mc::scam
