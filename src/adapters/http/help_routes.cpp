// The help centre (SPEC §9): the seed's guidance as pages a worried member can follow, each one
// opening with the medical-emergency notice (web/templates/_emergency.html). Everything is a GET
// and works without JavaScript; the "Mon compte est bloqué ?" diagnosis is a GET form whose
// answers are decided by mc::help::diagnose (src/core/help/), so a result can be bookmarked,
// printed or read out over the phone.
#include <algorithm>
#include <cmath>
#include <string>

#include "adapters/http/error_mapping.hpp"
#include "adapters/http/web_app.hpp"
#include "core/help/diagnosis.hpp"
#include "core/ports/store.hpp"

namespace mc::http {

using json = nlohmann::json;

namespace {

std::string plural(long long n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n > 1 ? many : one);  // French: 0 and 1 take the singular
}

// "20 minutes", "15 jours", "24 heures": the configured durations, as the pages state them.
std::string duration_fr(Duration d) {
  constexpr long long kDay = 86'400'000, kHour = 3'600'000, kMinute = 60'000;
  long long ms = d.count();
  if (ms >= kDay && ms % kDay == 0) return plural(ms / kDay, "jour", "jours");
  if (ms >= kHour && ms % kHour == 0) return plural(ms / kHour, "heure", "heures");
  if (ms >= kMinute) return plural((ms + kMinute - 1) / kMinute, "minute", "minutes");
  return plural(std::max(1LL, (ms + 999) / 1000), "seconde", "secondes");
}

// What every help page may quote: the rules in force, not the seed's defaults.
json help_context(WebApp& app, const Request& req, std::string title) {
  const auto& s = app.services().settings;
  const auto& p = s.lockout;
  return {
      {"title", std::move(title)},
      {"signed_in", app.member_session(req).has_value()},
      {"lock_after", p.temporary_after},
      {"perm_after", p.permanent_after},
      {"lock_wait", duration_fr(p.temporary_lock)},
      {"link_valid", duration_fr(s.validity.email_link)},
      {"postal_valid", duration_fr(s.validity.postal)},
      {"counter_valid", duration_fr(s.validity.counter)},
      {"inactivity", plural(std::llround(s.inactivity_months), "mois", "mois")},
  };
}

// ---- "Mon compte est bloqué ?" ----

struct Option {
  const char* value;
  std::string label;
};

json radio_group(const char* name, const std::vector<Option>& options, const std::string& chosen) {
  json out = json::array();
  for (const auto& o : options)
    out.push_back({{"name", name}, {"value", o.value}, {"id", std::string(name) + "-" + o.value},
                   {"label", o.label}, {"checked", chosen == o.value}});
  return out;
}

// The tries bands follow the configured thresholds (3 and 6 by default).
std::vector<Option> tries_options(const lockout::Policy& p) {
  auto range = [](int from, int to) {
    if (from == to) return plural(from, "fois", "fois");
    if (to == from + 1) return std::to_string(from) + " ou " + std::to_string(to) + " fois";
    return "de " + std::to_string(from) + " à " + std::to_string(to) + " fois";
  };
  std::vector<Option> out;
  if (p.temporary_after > 1) out.push_back({"peu", range(1, p.temporary_after - 1)});
  out.push_back({"premier-blocage", plural(p.temporary_after, "fois", "fois") + " (un premier message de blocage)"});
  if (p.permanent_after - 1 > p.temporary_after)
    out.push_back({"apres-blocage", range(p.temporary_after + 1, p.permanent_after - 1) + ", après un premier blocage"});
  out.push_back({"beaucoup", std::to_string(p.permanent_after) + " fois ou plus"});
  out.push_back({"ne-sait-pas", "Je ne sais pas"});
  return out;
}

json diagnosis_form(const json& base, const lockout::Policy& policy, const std::map<std::string, std::string>& q) {
  auto get = [&](const char* k) {
    auto it = q.find(k);
    return it == q.end() ? std::string() : it->second;
  };
  json ctx = base;
  ctx["happened"] = radio_group("situation",
                                {{"erreurs", "J'ai saisi un mauvais mot de passe plusieurs fois"},
                                 {"oubli", "J'ai oublié mon mot de passe, ou mon code provisoire n'est plus valable"},
                                 {"introuvable", "Le site ne reconnaît pas mes identifiants ou ne trouve pas mon compte"},
                                 {"jamais-cree", "Je n'ai jamais créé de compte"},
                                 {"inutilise", "Je ne me suis pas connecté depuis très longtemps"},
                                 {"ne-sait-pas", "Je ne sais pas"}},
                                get("situation"));
  ctx["tries"] = radio_group("essais", tries_options(policy), get("essais"));
  ctx["messages"] = radio_group(
      "message",
      {{"incorrect", "« Mot de passe incorrect. Encore … essais avant un blocage… »"},
       {"bloque-temporairement", "« Compte bloqué temporairement : réessayez dans … minutes… »"},
       {"bloque", "« Compte bloqué : contactez votre caisse au 36 46. »"},
       {"desactive", "« Votre compte a été désactivé après une longue période sans connexion… »"},
       {"non-active", "« Votre compte n'est pas encore activé… »"},
       {"autre-espace", "« Votre dossier est géré par …, qui propose son propre espace en ligne… »"},
       {"non-identifie", "« Vos données ne permettent pas de vous identifier », ou « compte introuvable »"},
       {"aucun", "Je ne m'en souviens pas, ou aucun message"}},
      get("message"));
  ctx["email"] = radio_group("email",
                             {{"oui", "Oui, je peux lire les messages reçus à cette adresse"},
                              {"non", "Non, je n'y ai plus accès (ou l'adresse n'est plus valable)"},
                              {"ne-sait-pas", "Je ne sais pas quelle adresse est enregistrée"}},
                             get("email"));
  ctx["urgent"] = radio_group("urgent",
                              {{"oui", "Oui, c'est urgent"}, {"non", "Non, rien d'urgent"}}, get("urgent"));
  return ctx;
}

bool has_answers(const std::map<std::string, std::string>& q) {
  for (const char* k : {"situation", "essais", "message", "email", "urgent"})
    if (q.contains(k)) return true;
  return false;
}

Response compte_bloque(WebApp& app, Request& req, const std::vector<std::string>&) {
  const auto& policy = app.services().settings.lockout;
  json base = help_context(app, req, "Mon compte est bloqué ?");
  auto& q = req.query;
  // No answers yet, or "Modifier mes réponses": the questions, with the answers already given.
  if (!has_answers(q) || q.contains("modifier")) return app.page(200, "help_blocked", diagnosis_form(base, policy, q), req);

  help::Answers a;
  a.happened = help::parse_happened(q["situation"]);
  a.tries = help::parse_tries(q["essais"]);
  a.message = help::parse_message(q["message"]);
  a.email = help::parse_email(q["email"]);
  a.urgent = q["urgent"] == "oui";
  if (!help::answerable(a)) {
    json ctx = diagnosis_form(base, policy, q);
    ctx["title"] = "Erreur : Mon compte est bloqué ?";
    ctx["error"] = "Indiquez au moins ce qui s'est passé, le nombre d'essais ou le message affiché.";
    ctx["happened"][0]["autofocus"] = true;  // focus on the first error
    return app.page(http_status(Errc::invalid_input), "help_blocked", ctx, req);
  }

  auto d = help::diagnose(a, policy);
  // FranceConnect is a deployment option: without it the step would point to nothing.
  if (!app.config().franceconnect)
    std::erase_if(d.steps, [](help::Step s) { return s == help::Step::franceconnect || s == help::Step::franceconnect_no; });

  json ctx = base;
  ctx["title"] = "Mon compte est bloqué ? Votre réponse";
  ctx["verdict"] = help::name(d.verdict);
  ctx["v_" + std::string(help::name(d.verdict))] = true;
  ctx["certain"] = d.certain;
  ctx["tries_left"] = d.tries_left > 0 ? plural(d.tries_left, "essai", "essais") : "";
  ctx["next_lock_permanent"] = d.next_lock_permanent;
  ctx["wait"] = duration_fr(d.wait);
  json steps = json::array();
  for (auto s : d.steps) steps.push_back({{"name", help::name(s)}, {"s_" + std::string(help::name(s)), true}});
  ctx["steps"] = steps;
  // The answers again, to change one of them (only known values go back into the link).
  std::string again = "?modifier=1";
  for (const char* k : {"situation", "essais", "message", "email", "urgent"}) {
    const std::string& v = q[k];
    bool plain = !v.empty() && v.size() < 32 &&
                 std::all_of(v.begin(), v.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
    if (plain) again += "&" + std::string(k) + "=" + v;
  }
  ctx["again"] = "/aide/compte-bloque" + again + "#questions";
  return app.page(200, "help_blocked_answer", ctx, req);
}

// ---- Other regimes, from the organismes table ----

std::string regime_label(const std::string& regime) {
  if (regime == "general") return "Régime général";
  if (regime == "agricole") return "Régime agricole";
  if (regime == "militaire") return "Militaires";
  if (regime == "marins") return "Marins";
  if (regime == "ieg") return "Industries électriques et gazières";
  return regime;
}

std::string tel_uri(const std::string& phone) {
  std::string digits;
  for (char c : phone)
    if ((c >= '0' && c <= '9') || c == '+') digits += c;
  return "tel:" + digits;
}

Response autres_regimes(WebApp& app, Request& req, const std::vector<std::string>&) {
  json ctx = help_context(app, req, "Autres régimes et leurs espaces en ligne");
  json others = json::array();
  for (const auto& o : app.services().store.list_organismes()) {
    if (!o.runs_other_space()) continue;
    others.push_back({{"name", o.name}, {"regime", regime_label(o.regime)}, {"space", o.online_space},
                      {"phone", o.phone}, {"tel", tel_uri(o.phone)}});
  }
  ctx["has_organismes"] = !others.empty();
  ctx["organismes"] = others;
  return app.page(200, "help_other_regimes", ctx, req);
}

RouteHandler static_page(std::string tpl, std::string title) {
  return [tpl = std::move(tpl), title = std::move(title)](WebApp& app, Request& req, const std::vector<std::string>&) {
    return app.page(200, tpl, help_context(app, req, title), req);
  };
}

}  // namespace

void register_help_routes(WebApp& app) {
  app.route("GET", "/aide", static_page("help_index", "Aide"));
  app.route("GET", "/aide/compte-bloque", compte_bloque);
  app.route("GET", "/aide/avant-d-appeler", static_page("help_before_call", "Avant d'appeler le 36 46"));
  app.route("GET", "/aide/documents-accueil", static_page("help_documents", "Les documents à emporter à l'accueil"));
  app.route("GET", "/aide/france-services", static_page("help_france_services", "Se faire aider dans un espace France Services"));
  app.route("GET", "/aide/autres-regimes", autres_regimes);
  app.route("GET", "/aide/arnaques", static_page("help_scams", "Repérer les arnaques"));
  app.route("GET", "/aide/demarches-urgentes", static_page("help_urgent", "Un besoin urgent pendant le blocage"));
}

}  // namespace mc::http
