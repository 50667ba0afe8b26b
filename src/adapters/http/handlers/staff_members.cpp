// Advisors and members: look-ups, the member's file, and the actions on it (unlock, codes,
// reset, account creation, contact details, civil status, reactivation), as JSON and as pages.
#include <string>

#include "adapters/http/handlers/staff_common.hpp"
#include "adapters/http/time_text.hpp"

namespace mc::http::staff_web {

namespace {

std::string_view state_label(const std::string& s) {
  if (s == "none") return "Aucun compte en ligne";
  if (s == "pending") return "En attente d'activation";
  if (s == "active") return "Actif";
  if (s == "temp_locked") return "Bloqué temporairement";
  if (s == "perm_locked") return "Bloqué définitivement";
  if (s == "inactive") return "Désactivé (inactivité)";
  return s;
}

std::string_view outcome_label(const std::string& o) {
  if (o == "success") return "Connexion réussie";
  if (o == "wrong_password") return "Mot de passe incorrect";
  if (o == "refused_temporary_lock") return "Refusée : blocage temporaire";
  if (o == "refused_permanent_lock") return "Refusée : blocage définitif";
  if (o == "inactive") return "Refusée : compte désactivé";
  if (o == "pending") return "Refusée : compte non activé";
  if (o == "other_space") return "Orienté vers un autre espace";
  if (o == "advisor_unlock") return "Déblocage par un conseiller";
  if (o == "franceconnect") return "Connexion FranceConnect";
  return o;
}

std::string_view purpose_label(token::Purpose p) {
  switch (p) {
    case token::Purpose::password_reset: return "Nouveau mot de passe";
    case token::Purpose::activation: return "Activation du compte";
    case token::Purpose::email_verification: return "Confirmation d'e-mail";
  }
  return "";
}

std::string_view channel_label(token::Channel c) {
  switch (c) {
    case token::Channel::email: return "E-mail";
    case token::Channel::postal: return "Courrier";
    case token::Channel::counter: return "Guichet";
  }
  return "";
}

std::string_view usability_label(token::Usability u) {
  switch (u) {
    case token::Usability::usable: return "Valable";
    case token::Usability::expired: return "Expiré";
    case token::Usability::used: return "Utilisé";
    case token::Usability::voided: return "Remplacé";
    case token::Usability::exhausted: return "Annulé (trop d'essais)";
  }
  return "";
}

json member_json(const bo::MemberView& v) {
  json lock = {{"state", lock_kind(v.lock_status)}, {"failures", v.lock.failures}};
  if (v.lock_status.standing == lockout::Standing::temporarily_locked && v.lock.locked_until) {
    lock["until"] = iso(*v.lock.locked_until);
    lock["retry_after_s"] = v.lock_status.retry_after_s;
  }
  json j = {{"nir13", v.nir13},
            {"nir15", v.nir15},
            {"account_state", v.account_state},
            {"lock", lock},
            {"view", v.full ? "full" : "state"}};
  json counters = json::array();
  for (const auto& c : v.counters) {
    json item = {{"device", c.device ? json(c.device->label) : json("unknown_devices")},
                 {"state", lock_kind(c.status)},
                 {"failures", c.record.failures}};
    if (c.device) item["device_id"] = c.device->id, item["last_seen_at"] = iso(c.device->last_seen_at);
    if (c.status.standing == lockout::Standing::temporarily_locked) item["retry_after_s"] = c.status.retry_after_s;
    counters.push_back(std::move(item));
  }
  j["lock_counters"] = counters;
  if (!v.full) return j;
  const auto& e = v.entry;
  j["civil_status"] = {{"sex", e.sex},
                       {"family_name", e.family_name},
                       {"given_names", e.given_names},
                       {"birth_date", e.birth_date},
                       {"birth_place_insee", e.birth_place_insee},
                       {"birth_place_label", e.birth_place_label},
                       {"birth_country", e.birth_country}};
  j["contact"] = {
      {"email", e.email}, {"phone", e.phone}, {"address", e.address}, {"postal_code", e.postal_code}, {"city", e.city}};
  j["register_secrets"] = {{"vitale_serial", e.vitale_serial}, {"iban_last7", e.iban_last7}};
  j["organisme"] = {{"code", v.organisme.code},
                    {"name", v.organisme.name},
                    {"online_space", v.organisme.online_space},
                    {"phone", v.organisme.phone},
                    {"other_space", v.organisme.runs_other_space()}};
  if (v.account) {
    json a = {{"state", account::to_string(v.account->state)},
              {"email_verified", v.account->email_verified},
              {"created_at", iso(v.account->created_at)}};
    a["last_login_at"] = v.account->last_login_at ? json(iso(*v.account->last_login_at)) : json(nullptr);
    j["account"] = a;
  } else {
    j["account"] = nullptr;
  }
  j["franceconnect"] = v.account && v.account->franceconnect_sub
                           ? json{{"linked", true}, {"sub", *v.account->franceconnect_sub}}
                           : json{{"linked", false}};
  json attempts = json::array();
  for (const auto& a : v.attempts)
    attempts.push_back({{"at", iso(a.at)}, {"outcome", a.outcome}, {"client_ip", a.client_ip}});
  j["attempts"] = attempts;
  json codes = json::array();
  for (const auto& c : v.open_codes)
    codes.push_back({{"purpose", token::to_string(c.purpose)},
                     {"channel", token::to_string(c.channel)},
                     {"created_at", iso(c.created_at)},
                     {"expires_at", iso(c.expires_at)},
                     {"usable", c.usability == token::Usability::usable},
                     {"failed_tries", c.failed_tries}});
  j["pending_codes"] = codes;
  return j;
}

json member_page_context(const bo::MemberView& v, const bo::Actor& actor) {
  using A = staff::Action;
  json c = {{"title", v.full ? "Dossier de l'assuré" : "État du compte"},
            {"nir13", v.nir13},
            {"nir15", v.nir15},
            {"state_label", state_label(v.account_state)},
            {"state", v.account_state},
            {"full", v.full}};
  c["locked_perm"] = v.lock_status.standing == lockout::Standing::permanently_locked;
  c["locked_temp"] = v.lock_status.standing == lockout::Standing::temporarily_locked;
  if (v.lock.locked_until) c["locked_until"] = fr_time(*v.lock.locked_until);
  c["failures"] = v.lock.failures;
  json counters = json::array();
  for (const auto& k : v.counters) {
    std::string standing = k.status.standing == lockout::Standing::permanently_locked ? "bloqué définitivement"
                           : k.status.standing == lockout::Standing::temporarily_locked
                               ? "bloqué encore " + std::to_string((k.status.retry_after_s + 59) / 60) + " min"
                               : "ouvert";
    counters.push_back({{"label", k.device ? k.device->label : std::string("Appareils inconnus")},
                        {"last_seen", k.device ? fr_time(k.device->last_seen_at) : std::string("—")},
                        {"standing", standing},
                        {"failures", k.record.failures}});
  }
  c["counters"] = counters;
  c["has_counters"] = v.counters.size() > 1;  // beyond the shared one: the member has recognised devices
  const bool has_account = v.account_state != "none";
  const bool pending = v.account_state == "pending";
  c["can_unlock"] = staff::allowed(actor.role, A::unlock) && has_account;
  c["can_code"] = staff::allowed(actor.role, A::issue_code) && has_account;
  c["can_reset"] = staff::allowed(actor.role, A::start_reset) && has_account && !pending &&
                   !staff::allowed(actor.role, A::issue_code);
  c["can_contact"] = staff::allowed(actor.role, A::update_contact) && v.full;
  c["can_civil"] = staff::allowed(actor.role, A::correct_civil_status) && v.full;
  c["can_reactivate"] = staff::allowed(actor.role, A::reactivate) && v.account_state == "inactive";
  c["can_create"] = staff::allowed(actor.role, A::create_account) && (!has_account || pending);
  c["j_unlock"] = justify("deb");
  c["j_code"] = justify("code");
  c["j_reset"] = justify("rei");
  c["j_contact"] = justify("coo");
  c["j_civil"] = justify("civ");
  c["j_reactivate"] = justify("rea");
  c["j_create"] = justify("cre");
  if (!v.full) return c;
  const auto& e = v.entry;
  c["e"] = {{"sex", e.sex},
            {"family_name", e.family_name},
            {"given_names", e.given_names},
            {"birth_date", e.birth_date},
            {"birth_date_fr", fr_date(e.birth_date)},
            {"birth_place_insee", e.birth_place_insee},
            {"birth_place_label", e.birth_place_label},
            {"birth_country", e.birth_country},
            {"email", e.email},
            {"phone", e.phone},
            {"address", e.address},
            {"postal_code", e.postal_code},
            {"city", e.city},
            {"vitale_serial", e.vitale_serial},
            {"iban_last7", e.iban_last7}};
  c["organisme"] = {{"name", v.organisme.name},
                    {"code", v.organisme.code},
                    {"space", v.organisme.online_space},
                    {"phone", v.organisme.phone},
                    {"other_space", v.organisme.runs_other_space()}};
  if (v.account) {
    c["email_verified"] = v.account->email_verified;
    c["created_at"] = fr_time(v.account->created_at);
    if (v.account->last_login_at) c["last_login_at"] = fr_time(*v.account->last_login_at);
    if (v.account->franceconnect_sub) c["franceconnect_sub"] = *v.account->franceconnect_sub;
  }
  json attempts = json::array();
  for (const auto& a : v.attempts)
    attempts.push_back({{"at", fr_time(a.at)}, {"outcome", outcome_label(a.outcome)}, {"ip", a.client_ip}});
  c["attempts"] = attempts;
  c["has_attempts"] = !attempts.empty();
  json codes = json::array();
  for (const auto& code : v.open_codes)
    codes.push_back({{"purpose", purpose_label(code.purpose)},
                     {"channel", channel_label(code.channel)},
                     {"created_at", fr_time(code.created_at)},
                     {"expires_at", fr_time(code.expires_at)},
                     {"status", usability_label(code.usability)}});
  c["codes"] = codes;
  c["has_codes"] = !codes.empty();
  return c;
}

// The member's file shown again after an action, with its result.
template <class T>
Response member_page(WebApp& app, BackOfficeServices& s, const Request& req, const bo::StaffContext& ctx,
                     const std::string& nir, const Result<T>& r, json extra = json::object()) {
  auto view = s.members.view_after_action(ctx.actor, nir);
  if (!view) {
    const std::string message = r ? r->message : r.error().message;
    json c = {{"title", "Espace conseiller"}, {"error", message.empty() ? "Assuré introuvable." : message}};
    return staff_page(app, req, ctx, r ? http_status(Errc::not_found) : http_status(r.error().code), "staff_home", c);
  }
  json c = member_page_context(*view, ctx.actor);
  const int status = put_result(c, r);
  for (auto& [k, v] : extra.items()) c[k] = v;
  return staff_page(app, req, ctx, status, "staff_member", c);
}

json code_body(const bo::CodeIssued& r) {
  json b = with_message(r, {{"purpose", r.purpose}, {"channel", r.channel}, {"expires_at", iso(r.expires_at)}});
  if (!r.code.empty()) b["code"] = r.code;
  return b;
}

json member_body(const bo::MemberView& v) { return {{"member", member_json(v)}}; }

// Look-ups: by NIR, or by family name + birth date.
Response api_lookup(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params&, Request&) {
  if (j.contains("nir")) return api(s.members.lookup(ctx.actor, str(j, "nir"), justification_from(j)), member_body);
  auto r = s.members.search(ctx.actor, str(j, "family_name"), str(j, "birth_date"), justification_from(j));
  return api(r, [](const std::vector<ports::MemberSummary>& matches) {
    json m = json::array();
    for (const auto& x : matches)
      m.push_back({{"nir13", x.nir13},
                   {"family_name", x.family_name},
                   {"given_names", x.given_names},
                   {"birth_date", x.birth_date},
                   {"postal_code", x.postal_code},
                   {"city", x.city},
                   {"has_account", x.has_account}});
    return json{{"matches", m}};
  });
}

Response api_account(BackOfficeServices& s, const bo::StaffContext& ctx, const Params& p, Request& req) {
  std::string reason = req.query.count("reason") ? req.query.at("reason") : "";
  return api(s.members.lookup(ctx.actor, p[0], {reason, std::nullopt}), member_body);
}

Response api_unlock(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params& p, Request&) {
  return api(s.members.unlock(ctx.actor, p[0], justification_from(j)));
}

Response api_issue_code(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params& p, Request&) {
  return api(s.members.issue_code(ctx.actor, p[0], str(j, "channel"), justification_from(j)), code_body);
}

Response api_start_reset(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params& p, Request&) {
  return api(s.members.start_reset(ctx.actor, p[0], str(j, "channel"), justification_from(j)), code_body);
}

Response api_create_account(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params& p,
                            Request&) {
  return api(s.members.create_account(ctx.actor, p[0], str(j, "channel"), justification_from(j)), code_body);
}

Response api_update_contact(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params& p,
                            Request&) {
  bo::ContactInput in{opt_str(j, "email"), opt_str(j, "phone"), opt_str(j, "address"), opt_str(j, "postal_code"),
                      opt_str(j, "city")};
  return api(s.members.update_contact(ctx.actor, p[0], in, justification_from(j)));
}

Response api_correct_civil_status(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params& p,
                                  Request&) {
  bo::CivilStatusInput in{opt_str(j, "sex"),          opt_str(j, "family_name"),       opt_str(j, "given_names"),
                          opt_str(j, "birth_date"),   opt_str(j, "birth_place_insee"), opt_str(j, "birth_place_label"),
                          opt_str(j, "birth_country")};
  return api(s.members.correct_civil_status(ctx.actor, p[0], in, justification_from(j)));
}

Response api_reactivate(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params& p, Request&) {
  return api(s.members.reactivate(ctx.actor, p[0], justification_from(j)));
}

Response search_form(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx, Form& f,
                     const Params&) {
  auto why = justification_from(f);
  if (!f["nir"].empty() || f["family_name"].empty()) {
    auto r = s.members.lookup(ctx.actor, f["nir"], why);
    if (r) return staff_page(a, req, ctx, 200, "staff_member", member_page_context(*r, ctx.actor));
    json c = {{"title", "Espace conseiller"},
              {"nir", f["nir"]},
              {"reason", f["reason"]},
              {"j_search", justify("rech", false)}};
    const int status = put_error(c, r.error());
    return staff_page(a, req, ctx, status, "staff_home", c);
  }
  auto r = s.members.search(ctx.actor, f["family_name"], f["birth_date"], why);
  json c = {{"title", "Résultats de la recherche"},
            {"reason", f["reason"]},
            {"j_search", justify("rech", false)},
            {"family_name", f["family_name"]},
            {"birth_date", f["birth_date"]}};
  if (!r) {
    const int status = put_error(c, r.error());
    return staff_page(a, req, ctx, status, "staff_home", c);
  }
  json rows = json::array();
  for (const auto& m : *r)
    rows.push_back({{"nir13", m.nir13},
                    {"name", m.family_name + " " + m.given_names},
                    {"birth_date", fr_date(m.birth_date)},
                    {"place", m.postal_code + " " + m.city},
                    {"has_account", m.has_account}});
  c["matches"] = rows;
  return staff_page(a, req, ctx, 200, "staff_search_results", c);
}

// One route per member action: run it, then show the file again with the result.
Response member_action_form(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx, Form& f,
                            const Params& p) {
  const std::string& nir = p[0];
  const std::string& action = p[1];
  auto why = justification_from(f);
  if (action == "debloquer") return member_page(a, s, req, ctx, nir, s.members.unlock(ctx.actor, nir, why));
  if (action == "code" || action == "reinitialiser" || action == "creer") {
    auto r = action == "code"            ? s.members.issue_code(ctx.actor, nir, f["channel"], why)
             : action == "reinitialiser" ? s.members.start_reset(ctx.actor, nir, f["channel"], why)
                                         : s.members.create_account(ctx.actor, nir, f["channel"], why);
    json extra = json::object();
    if (r && !r->code.empty()) extra["counter_code"] = r->code;
    return member_page(a, s, req, ctx, nir, r, extra);
  }
  if (action == "coordonnees") {
    bo::ContactInput in{field(f, "email"), field(f, "phone"), field(f, "address"), field(f, "postal_code"),
                        field(f, "city")};
    return member_page(a, s, req, ctx, nir, s.members.update_contact(ctx.actor, nir, in, why));
  }
  if (action == "etat-civil") {
    bo::CivilStatusInput in{field(f, "sex"),          field(f, "family_name"),       field(f, "given_names"),
                            field(f, "birth_date"),   field(f, "birth_place_insee"), field(f, "birth_place_label"),
                            field(f, "birth_country")};
    return member_page(a, s, req, ctx, nir, s.members.correct_civil_status(ctx.actor, nir, in, why));
  }
  if (action == "reactiver") return member_page(a, s, req, ctx, nir, s.members.reactivate(ctx.actor, nir, why));
  return a.not_found(req);
}

constexpr StaffRoute kRoutes[] = {
    {"POST", "/api/v1/staff/lookup", json_route<api_lookup>},
    {"GET", "/api/v1/staff/accounts/{nir}", get_route<api_account>},
    {"POST", "/api/v1/staff/accounts/{nir}/unlock", json_route<api_unlock>},
    {"POST", "/api/v1/staff/accounts/{nir}/codes", json_route<api_issue_code>},
    {"POST", "/api/v1/staff/accounts/{nir}/reset", json_route<api_start_reset>},
    {"POST", "/api/v1/staff/accounts/{nir}/create", json_route<api_create_account>},
    {"POST", "/api/v1/staff/accounts/{nir}/contact", json_route<api_update_contact>},
    {"POST", "/api/v1/staff/accounts/{nir}/civil-status", json_route<api_correct_civil_status>},
    {"POST", "/api/v1/staff/accounts/{nir}/reactivate", json_route<api_reactivate>},
    {"POST", "/conseiller/recherche", form_route<search_form>},
    {"POST", "/conseiller/assures/{nir}/{action}", form_route<member_action_form>},
};

}  // namespace

std::span<const StaffRoute> member_routes() { return kRoutes; }

}  // namespace mc::http::staff_web
