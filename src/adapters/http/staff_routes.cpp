// The back office over HTTP (docs/backoffice.md). Handlers parse, call a back-office use case
// (which checks the role, the reason and the evidence), and render: JSON for /api/v1/staff/...,
// French pages for /conseiller/.... Every staff form carries the staff session's CSRF token; the
// JSON API relies on its content type and Origin check (docs/adr/0006-api-csrf.md).
#include "adapters/http/staff_routes.hpp"
#include "adapters/http/time_text.hpp"

#include <ctime>
#include <variant>

#include "adapters/http/error_mapping.hpp"
#include "core/nir/nir.hpp"
#include "core/report/scam_report.hpp"
#include "core/scam/checker.hpp"
#include "core/staff/help_queue.hpp"

namespace mc::http {

using json = nlohmann::json;
namespace bo = app::backoffice;

namespace {

// ---------- shared helpers ----------

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::string> opt_str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::string fr_date(const std::string& iso_date) {
  if (iso_date.size() != 10) return iso_date;
  return iso_date.substr(8, 2) + "/" + iso_date.substr(5, 2) + "/" + iso_date.substr(0, 4);
}

int status_of(const std::string& kind) {
  if (kind == "ok") return 200;
  if (kind == "accepted") return 202;
  if (kind == "invalid_input" || kind == "invalid_nir") return 400;
  if (kind == "unauthenticated" || kind == "invalid_credentials") return 401;
  if (kind == "forbidden") return 403;
  if (kind == "not_found") return 404;
  if (kind == "conflict") return 409;
  if (kind == "weak_password") return 422;
  if (kind == "temporarily_locked" || kind == "permanently_locked") return 423;
  if (kind == "rate_limited" || kind == "too_many_requests") return 429;
  if (kind == "busy") return 503;
  return 400;
}

Response api(const bo::Outcome& o, json body = json::object()) {
  body["result"] = o.kind;
  if (!o.message.empty()) body["message"] = o.message;
  if (!o.field.empty()) body["field"] = o.field;
  if (!o.problems.empty()) body["problems"] = o.problems;
  Response r = json_response(status_of(o.kind), body);
  if (o.retry_after_s > 0) r.header("Retry-After", std::to_string(o.retry_after_s));
  return r;
}

Response unauthenticated() {
  return json_error(Errc::unauthenticated, "Connectez-vous à l'espace conseiller (session absente ou expirée).");
}

std::string staff_cookie(const WebApp& app, const Request& req, const std::string& value, bool clear = false) {
  // SameSite=Strict: no staff request ever starts from another site, not even a link.
  return app.make_cookie(req, kStaffCookie, value, "HttpOnly; SameSite=Strict", clear);
}

std::optional<bo::StaffContext> staff_of(BackOfficeServices& s, const Request& req) {
  auto cookie = WebApp::read_cookie(req, kStaffCookie);
  if (!cookie) return std::nullopt;
  return s.auth.authenticate(*cookie);
}

// "evidence": "free text" | {"channel":"phone","checked":[…]} | {"channel":"counter","id_document":"…"}
std::optional<staff::Evidence> evidence_from(const json& j) {
  auto it = j.find("evidence");
  if (it == j.end() || it->is_null()) return std::nullopt;
  staff::Evidence e;
  if (it->is_string()) {
    e.text = it->get<std::string>();
    return e;
  }
  if (!it->is_object()) return e;  // empty free text: refused with a message
  std::string channel = str(*it, "channel");
  if (channel == "phone" || channel == "telephone") {
    e.channel = staff::EvidenceChannel::phone;
    if (auto c = it->find("checked"); c != it->end() && c->is_array())
      for (const auto& v : *c)
        if (v.is_string()) e.checked.push_back(v.get<std::string>());
  } else if (channel == "counter" || channel == "guichet") {
    e.channel = staff::EvidenceChannel::counter;
    e.id_document = str(*it, "id_document");
  } else {
    e.text = str(*it, "text");
  }
  return e;
}

bo::Justification justification_from(const json& j) { return {str(j, "reason"), evidence_from(j)}; }

// Form fields: reason, evidence_channel (phone|counter), check_nir, check_etat_civil,
// check_adresse, check_secret, id_document.
bo::Justification justification_from(std::map<std::string, std::string>& f) {
  bo::Justification j{f["reason"], std::nullopt};
  const auto& channel = f["evidence_channel"];
  if (channel == "phone") {
    staff::Evidence e;
    e.channel = staff::EvidenceChannel::phone;
    for (const char* k : {"nir", "etat_civil", "adresse", "secret"})
      if (!f["check_" + std::string(k)].empty()) e.checked.push_back(k == std::string("secret") ? "secret_registre" : k);
    j.evidence = e;
  } else if (channel == "counter") {
    staff::Evidence e;
    e.channel = staff::EvidenceChannel::counter;
    e.id_document = f["id_document"];
    j.evidence = e;
  }
  return j;
}

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

std::string lock_kind(const lockout::Status& s) {
  switch (s.standing) {
    case lockout::Standing::open: return "none";
    case lockout::Standing::temporarily_locked: return "temporary";
    case lockout::Standing::permanently_locked: return "permanent";
  }
  return "none";
}

json member_json(const bo::MemberView& v) {
  json lock = {{"state", lock_kind(v.lock_status)}, {"failures", v.lock.failures}};
  if (v.lock_status.standing == lockout::Standing::temporarily_locked && v.lock.locked_until) {
    lock["until"] = iso(*v.lock.locked_until);
    lock["retry_after_s"] = v.lock_status.retry_after_s;
  }
  json j = {{"nir13", v.nir13}, {"nir15", v.nir15}, {"account_state", v.account_state}, {"lock", lock}, {"view", v.full ? "full" : "state"}};
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
  j["contact"] = {{"email", e.email}, {"phone", e.phone}, {"address", e.address}, {"postal_code", e.postal_code}, {"city", e.city}};
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
  j["franceconnect"] = v.account && v.account->franceconnect_sub ? json{{"linked", true}, {"sub", *v.account->franceconnect_sub}}
                                                                 : json{{"linked", false}};
  json attempts = json::array();
  for (const auto& a : v.attempts) attempts.push_back({{"at", iso(a.at)}, {"outcome", a.outcome}, {"client_ip", a.client_ip}});
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

json help_json(const staff::HelpRequest& r) {
  json j = {{"reference", r.reference},
            {"nir13", r.nir13},
            {"birth_date", r.birth_date},
            {"phone", r.phone},
            {"category", staff::to_string(r.category)},
            {"urgency", staff::urgency(r.category)},
            {"text", r.text},
            {"created_at", iso(r.created_at)},
            {"filed_by", r.filed_by},
            {"status", staff::to_string(r.status)},
            {"claimed_by", r.claimed_by},
            {"outcome", r.outcome},
            {"reply", r.replied_by}};
  if (r.claimed_at) j["claimed_at"] = iso(*r.claimed_at);
  if (r.resolved_at) j["resolved_at"] = iso(*r.resolved_at);
  return j;
}

json audit_json(const staff::AuditEntry& e) {
  return {{"seq", e.seq},
          {"at", iso(e.draft.at)},
          {"actor", e.draft.actor},
          {"role", e.draft.role},
          {"action", e.draft.action},
          {"subject", e.draft.subject},
          {"reason", e.draft.reason},
          {"evidence", e.draft.evidence},
          {"details", e.draft.details},
          {"prev_hash", e.prev_hash},
          {"hash", e.hash}};
}

bo::HelpInput help_input(const json& j) {
  return {str(j, "nir"), str(j, "birth_date"), str(j, "phone"), str(j, "category"), str(j, "text")};
}

bo::HelpInput help_input(std::map<std::string, std::string>& f) {
  return {f["nir"], f["birth_date"], f["phone"], f["category"], f["text"]};
}

// An API handler that needs a signed-in member of staff and a JSON body.
template <class F>
RouteHandler staff_json(BackOfficeServices s, F f) {
  return [s, f](WebApp& a, Request& req, const std::vector<std::string>& params) mutable -> Response {
    auto ctx = staff_of(s, req);
    if (!ctx) return unauthenticated();
    auto body = a.json_body(req);
    if (auto* err = std::get_if<Response>(&body)) return *err;
    return f(*ctx, std::get<json>(body), params, req);
  };
}

// An API GET handler that needs a signed-in member of staff.
template <class F>
RouteHandler staff_get(BackOfficeServices s, F f) {
  return [s, f](WebApp&, Request& req, const std::vector<std::string>& params) mutable -> Response {
    auto ctx = staff_of(s, req);
    if (!ctx) return unauthenticated();
    return f(*ctx, params, req);
  };
}

// ---------- pages ----------

json nav(const bo::Actor& actor) {
  using A = staff::Action;
  return {{"login", actor.login},
          {"role_label", staff::label_fr(actor.role)},
          {"can_queue", staff::allowed(actor.role, A::work_help_queue)},
          {"can_audit", staff::allowed(actor.role, A::read_audit)},
          {"can_team", staff::allowed(actor.role, A::manage_staff)},
          {"can_watch", staff::allowed(actor.role, A::watch_attacks)},
          {"can_label_reports", staff::allowed(actor.role, A::label_scam_reports)},
          {"can_search_name", staff::allowed(actor.role, A::lookup_member)}};
}

Response staff_page(WebApp& app, const Request& req, const bo::StaffContext& ctx, int status, std::string_view tpl, json c) {
  c["staff"] = nav(ctx.actor);
  c["csrf"] = ctx.session.csrf_token;
  return app.page(status, tpl, std::move(c), req);
}

Response to_login(WebApp& app) { return app.redirect("/conseiller/connexion"); }

json id_documents() {
  json out = json::array();
  for (const char* code : {"carte_identite", "passeport", "titre_sejour", "permis_conduire"})
    out.push_back({{"value", code}, {"label", staff::id_document_label_fr(code)}});
  return out;
}

// The reason/evidence block of one action form (web/templates/staff_justify.html); `p` makes
// its ids unique on pages with several forms.
json justify(const std::string& prefix, bool evidence = true, bool counter_only = false) {
  return {{"p", prefix}, {"evidence", evidence}, {"counter_only", counter_only}, {"id_documents", id_documents()}};
}

std::string scope_label(const std::string& scope) {
  if (scope == "login") return "Connexion des assurés";
  if (scope == "staff_login") return "Connexion des conseillers";
  if (scope == "reset") return "Mot de passe oublié";
  if (scope == "activation") return "Création de compte";
  if (scope == "attestation_verify") return "Vérification d'attestation";
  if (scope == "paper_attestation") return "Attestation par courrier";
  if (scope == "help_request") return "Demande d'aide";
  return scope;
}

json throttled_json(const bo::ThrottledSources& r, bool for_page) {
  json rows = json::array();
  for (const auto& t : r.sources)
    rows.push_back({{"scope", for_page ? scope_label(t.scope) : t.scope},
                    {"source", t.source},
                    {"first_refused_at", for_page ? fr_time(t.first_refused_at) : iso(t.first_refused_at)},
                    {"last_refused_at", for_page ? fr_time(t.last_refused_at) : iso(t.last_refused_at)},
                    {"refusals", t.refusals},
                    {"refused_now", t.refused_now},
                    {"retry_after_s", t.retry_after_s}});
  return rows;
}

json member_page_context(const bo::MemberView& v, const bo::Actor& actor) {
  using A = staff::Action;
  json c = {{"title", v.full ? "Dossier de l'assuré" : "État du compte"}, {"nir13", v.nir13}, {"nir15", v.nir15},
            {"state_label", state_label(v.account_state)}, {"state", v.account_state}, {"full", v.full}};
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
  c["organisme"] = {{"name", v.organisme.name}, {"code", v.organisme.code}, {"space", v.organisme.online_space},
                    {"phone", v.organisme.phone}, {"other_space", v.organisme.runs_other_space()}};
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
    codes.push_back({{"purpose", purpose_label(code.purpose)}, {"channel", channel_label(code.channel)},
                     {"created_at", fr_time(code.created_at)}, {"expires_at", fr_time(code.expires_at)},
                     {"status", usability_label(code.usability)}});
  c["codes"] = codes;
  c["has_codes"] = !codes.empty();
  return c;
}

void put_outcome(json& c, const bo::Outcome& o) {
  if (o.ok()) {
    c["success"] = o.message;
  } else {
    c["error"] = o.message;
    json list = json::array();
    for (const auto& p : o.problems)
      if (p != o.message && p.find(' ') != std::string::npos) list.push_back({{"message", p}});
    if (!list.empty()) c["problems"] = list, c["has_problems"] = true;
  }
}

Response member_page(WebApp& app, BackOfficeServices& s, const Request& req, const bo::StaffContext& ctx,
                     const std::string& nir, const bo::Outcome& outcome, json extra = json::object()) {
  auto view = s.members.view_after_action(ctx.actor, nir);
  if (!view) {
    json c = {{"title", "Espace conseiller"}, {"error", outcome.message.empty() ? "Assuré introuvable." : outcome.message}};
    return staff_page(app, req, ctx, outcome.ok() ? 404 : status_of(outcome.kind), "staff_home", c);
  }
  json c = member_page_context(*view, ctx.actor);
  put_outcome(c, outcome);
  for (auto& [k, v] : extra.items()) c[k] = v;
  return staff_page(app, req, ctx, outcome.ok() ? 200 : status_of(outcome.kind), "staff_member", c);
}

json category_options(const std::string& chosen) {
  json out = json::array();
  for (auto c : staff::kCategories)
    out.push_back({{"value", staff::to_string(c)}, {"label", staff::label_fr(c)}, {"id", "cat-" + std::string(staff::to_string(c))},
                   {"checked", chosen == staff::to_string(c)}});
  return out;
}

json queue_rows(const std::vector<staff::HelpRequest>& rows, const bo::Actor& actor) {
  json out = json::array();
  for (const auto& r : rows) {
    json j = {{"reference", r.reference},
              {"category", staff::label_fr(r.category)},
              {"urgency", staff::urgency(r.category)},
              {"created_at", fr_time(r.created_at)},
              {"nir13", r.nir13},
              {"birth_date", fr_date(r.birth_date)},
              {"phone", r.phone},
              {"text", r.text},
              {"status", staff::label_fr(r.status)},
              {"claimed_by", r.claimed_by},
              {"filed_by", r.filed_by},
              {"outcome", r.outcome},
              {"open", r.status == staff::HelpStatus::open},
              {"mine", r.status == staff::HelpStatus::claimed &&
                           (r.claimed_by == actor.login || actor.role == staff::Role::superviseur)}};
    out.push_back(j);
  }
  return out;
}

Response queue_page(WebApp& app, BackOfficeServices& s, const Request& req, const bo::StaffContext& ctx,
                    const bo::Outcome* outcome = nullptr) {
  auto open = s.help.queue(ctx.actor, staff::HelpStatus::open);
  if (!open.ok()) return staff_page(app, req, ctx, 403, "staff_home", {{"title", "Espace conseiller"}, {"error", open.message}});
  auto claimed = s.help.queue(ctx.actor, staff::HelpStatus::claimed);
  json c = {{"title", "Demandes d'aide"}, {"open", queue_rows(open.requests, ctx.actor)},
            {"claimed", queue_rows(claimed.requests, ctx.actor)}, {"has_open", !open.requests.empty()},
            {"has_claimed", !claimed.requests.empty()}};
  if (outcome) put_outcome(c, *outcome);
  return staff_page(app, req, ctx, outcome && !outcome->ok() ? status_of(outcome->kind) : 200, "staff_queue", c);
}

json team_rows(const bo::StaffAuth::Listing& l, const bo::Actor& actor) {
  json rows = json::array();
  for (const auto& r : l.staff) {
    rows.push_back({{"login", r.member.login},
                    {"role", staff::label_fr(r.member.role)},
                    {"active", r.member.active},
                    {"locked", r.lock.standing != lockout::Standing::open},
                    {"created_at", fr_time(r.member.created_at)},
                    {"self", r.member.login == actor.login}});
  }
  return rows;
}

Response team_page(WebApp& app, BackOfficeServices& s, const Request& req, const bo::StaffContext& ctx,
                   const bo::Outcome* outcome = nullptr, json extra = json::object()) {
  auto l = s.auth.list(ctx.actor);
  if (!l.ok()) return staff_page(app, req, ctx, 403, "staff_home", {{"title", "Espace conseiller"}, {"error", l.message}});
  json c = {{"title", "Équipe"}, {"rows", team_rows(l, ctx.actor)}};
  if (outcome) put_outcome(c, *outcome);
  for (auto& [k, v] : extra.items()) c[k] = v;
  return staff_page(app, req, ctx, outcome && !outcome->ok() ? status_of(outcome->kind) : 200, "staff_team", c);
}

Response audit_page(WebApp& app, BackOfficeServices& s, const Request& req, const bo::StaffContext& ctx, json extra = json::object()) {
  auto subject = req.query.count("sujet") ? req.query.at("sujet") : std::string();
  auto page = s.audit.recent(ctx.actor, 200, subject);
  if (!page.ok()) return staff_page(app, req, ctx, 403, "staff_home", {{"title", "Espace conseiller"}, {"error", page.message}});
  json rows = json::array();
  for (auto it = page.entries.rbegin(); it != page.entries.rend(); ++it)
    rows.push_back({{"seq", it->seq}, {"at", fr_time(it->draft.at)}, {"actor", it->draft.actor}, {"role", it->draft.role},
                    {"action", it->draft.action}, {"subject", it->draft.subject}, {"reason", it->draft.reason},
                    {"evidence", it->draft.evidence}, {"details", it->draft.details}, {"hash", it->hash.substr(0, 12)}});
  json c = {{"title", "Journal d'audit"}, {"rows", rows}, {"count", page.head.seq}, {"head", page.head.hash}, {"subject", subject}};
  for (auto& [k, v] : extra.items()) c[k] = v;
  return staff_page(app, req, ctx, 200, "staff_audit", c);
}

// A staff form handler: signed in, then the CSRF token of the staff session.
template <class F>
RouteHandler staff_form(BackOfficeServices s, F f) {
  return [s, f](WebApp& a, Request& req, const std::vector<std::string>& params) mutable -> Response {
    auto ctx = staff_of(s, req);
    if (!ctx) return to_login(a);
    auto form = req.form();
    if (!a.check_csrf(req, form, ctx->session))
      return staff_page(a, req, *ctx, 403, "staff_home",
                        {{"title", "Espace conseiller"},
                         {"error", "Le formulaire a expiré ou ne vient pas de cette page. Rechargez la page et recommencez."}});
    return f(a, req, *ctx, form, params);
  };
}

std::optional<std::string> field(std::map<std::string, std::string>& f, const char* name) {
  auto it = f.find(name);
  if (it == f.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace

void register_staff_routes(WebApp& app, BackOfficeServices s) {
  // ================= JSON API =================

  app.route("POST", "/api/v1/staff/login", [s](WebApp& a, Request& req, const auto&) mutable {
    auto body = a.json_body(req);
    if (auto* err = std::get_if<Response>(&body)) return *err;
    const json& j = std::get<json>(body);
    auto r = s.auth.sign_in(str(j, "login"), str(j, "password"), str(j, "totp"), req.client_ip);
    a.services().metrics.inc("moncompte_staff_sign_ins_total", Metrics::label("result", r.kind));
    if (!r.session) {
      json extra = json::object();
      if (r.kind == "invalid_credentials") extra["attempts_before_lock"] = r.attempts_before_lock;
      if (r.kind == "temporarily_locked") extra["retry_after_s"] = r.retry_after_s;
      return api(r, extra);
    }
    auto ctx = s.auth.authenticate(r.session->cookie_value);
    Response res = json_response(200, {{"result", "ok"}, {"login", r.session->session.subject},
                                       {"role", ctx ? std::string(staff::to_string(ctx->actor.role)) : ""}});
    res.header("Set-Cookie", staff_cookie(a, req, r.session->cookie_value));
    return res;
  });

  app.route("POST", "/api/v1/staff/logout", [s](WebApp& a, Request& req, const auto&) mutable {
    auto body = a.json_body(req);
    if (auto* err = std::get_if<Response>(&body)) return *err;
    if (auto c = WebApp::read_cookie(req, kStaffCookie)) s.auth.sign_out(*c);
    Response r = json_response(200, {{"result", "ok"}});
    r.header("Set-Cookie", staff_cookie(a, req, "", true));
    return r;
  });

  app.route("GET", "/api/v1/staff/me", staff_get(s, [](const bo::StaffContext& ctx, const auto&, Request&) {
              json perms = json::array();
              for (auto action : staff::kActions)
                if (staff::allowed(ctx.actor.role, action)) perms.push_back(staff::to_string(action));
              return json_response(200, {{"result", "ok"}, {"login", ctx.actor.login},
                                         {"role", staff::to_string(ctx.actor.role)}, {"permissions", perms}});
            }));

  // Look-ups: by NIR, or by family name + birth date.
  app.route("POST", "/api/v1/staff/lookup", staff_json(s, [s](const bo::StaffContext& ctx, const json& j, const auto&, Request&) mutable {
              bo::LookupResult r;
              if (j.contains("nir"))
                r = s.members.lookup(ctx.actor, str(j, "nir"), justification_from(j));
              else
                r = s.members.search(ctx.actor, str(j, "family_name"), str(j, "birth_date"), justification_from(j));
              json body = json::object();
              if (r.member) body["member"] = member_json(*r.member);
              if (!r.matches.empty()) {
                json m = json::array();
                for (const auto& x : r.matches)
                  m.push_back({{"nir13", x.nir13}, {"family_name", x.family_name}, {"given_names", x.given_names},
                               {"birth_date", x.birth_date}, {"postal_code", x.postal_code}, {"city", x.city},
                               {"has_account", x.has_account}});
                body["matches"] = m;
              }
              return api(r, body);
            }));
  app.route("GET", "/api/v1/staff/accounts/{nir}", staff_get(s, [s](const bo::StaffContext& ctx, const auto& p, Request& req) mutable {
              std::string reason = req.query.count("reason") ? req.query.at("reason") : "";
              auto r = s.members.lookup(ctx.actor, p[0], {reason, std::nullopt});
              json body = json::object();
              if (r.member) body["member"] = member_json(*r.member);
              return api(r, body);
            }));

  app.route("POST", "/api/v1/staff/accounts/{nir}/unlock", staff_json(s, [s](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              return api(s.members.unlock(ctx.actor, p[0], justification_from(j)));
            }));
  auto code_body = [](const bo::CodeIssued& r) {
    json b = json::object();
    if (r.ok()) {
      b["purpose"] = r.purpose;
      b["channel"] = r.channel;
      b["expires_at"] = iso(r.expires_at);
      if (!r.code.empty()) b["code"] = r.code;
    }
    return b;
  };
  app.route("POST", "/api/v1/staff/accounts/{nir}/codes", staff_json(s, [s, code_body](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              auto r = s.members.issue_code(ctx.actor, p[0], str(j, "channel"), justification_from(j));
              return api(r, code_body(r));
            }));
  app.route("POST", "/api/v1/staff/accounts/{nir}/reset", staff_json(s, [s, code_body](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              auto r = s.members.start_reset(ctx.actor, p[0], str(j, "channel"), justification_from(j));
              return api(r, code_body(r));
            }));
  app.route("POST", "/api/v1/staff/accounts/{nir}/create", staff_json(s, [s, code_body](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              auto r = s.members.create_account(ctx.actor, p[0], str(j, "channel"), justification_from(j));
              return api(r, code_body(r));
            }));
  app.route("POST", "/api/v1/staff/accounts/{nir}/contact", staff_json(s, [s](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              bo::ContactInput in{opt_str(j, "email"), opt_str(j, "phone"), opt_str(j, "address"), opt_str(j, "postal_code"),
                                  opt_str(j, "city")};
              return api(s.members.update_contact(ctx.actor, p[0], in, justification_from(j)));
            }));
  app.route("POST", "/api/v1/staff/accounts/{nir}/civil-status", staff_json(s, [s](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              bo::CivilStatusInput in{opt_str(j, "sex"), opt_str(j, "family_name"), opt_str(j, "given_names"),
                                      opt_str(j, "birth_date"), opt_str(j, "birth_place_insee"),
                                      opt_str(j, "birth_place_label"), opt_str(j, "birth_country")};
              return api(s.members.correct_civil_status(ctx.actor, p[0], in, justification_from(j)));
            }));
  app.route("POST", "/api/v1/staff/accounts/{nir}/reactivate", staff_json(s, [s](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              return api(s.members.reactivate(ctx.actor, p[0], justification_from(j)));
            }));

  // Help queue.
  app.route("GET", "/api/v1/staff/help-requests", staff_get(s, [s](const bo::StaffContext& ctx, const auto&, Request& req) mutable {
              std::string st = req.query.count("status") ? req.query.at("status") : "open";
              std::optional<staff::HelpStatus> status;
              if (st != "all") {
                status = staff::parse_help_status(st);
                if (!status) return json_error(Errc::invalid_input, "status: open, claimed, resolved ou all.");
              }
              auto q = s.help.queue(ctx.actor, status);
              json rows = json::array();
              for (const auto& r : q.requests) rows.push_back(help_json(r));
              return api(q, {{"requests", rows}});
            }));
  app.route("POST", "/api/v1/staff/help-requests", staff_json(s, [s](const bo::StaffContext& ctx, const json& j, const auto&, Request&) mutable {
              auto r = s.help.file_for(ctx.actor, help_input(j), justification_from(j));
              json b = json::object();
              if (r.ok()) b["reference"] = r.reference;
              return api(r, b);
            }));
  app.route("GET", "/api/v1/staff/help-requests/{ref}", staff_get(s, [s](const bo::StaffContext& ctx, const auto& p, Request&) mutable {
              if (!staff::allowed(ctx.actor.role, staff::Action::work_help_queue))
                return json_error(Errc::forbidden, "Votre profil ne permet pas de consulter la file des demandes.");
              auto r = s.help.find(ctx.actor, p[0]);
              if (!r) return json_error(Errc::not_found, "Aucune demande ne porte cette référence.");
              return json_response(200, {{"result", "ok"}, {"request", help_json(*r)}});
            }));
  app.route("POST", "/api/v1/staff/help-requests/{ref}/claim", staff_json(s, [s](const bo::StaffContext& ctx, const json&, const auto& p, Request&) mutable {
              return api(s.help.claim(ctx.actor, p[0]));
            }));
  app.route("POST", "/api/v1/staff/help-requests/{ref}/resolve", staff_json(s, [s](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              return api(s.help.resolve(ctx.actor, p[0], str(j, "outcome"), str(j, "reply")));
            }));

  // Audit log (supervisors).
  app.route("GET", "/api/v1/staff/audit", staff_get(s, [s](const bo::StaffContext& ctx, const auto&, Request& req) mutable {
              int limit = 100;
              if (req.query.count("limit")) {
                try {
                  limit = std::clamp(std::stoi(req.query.at("limit")), 1, 1000);
                } catch (...) {
                  return json_error(Errc::invalid_input, "limit : un nombre entre 1 et 1000.");
                }
              }
              auto page = s.audit.recent(ctx.actor, limit, req.query.count("subject") ? req.query.at("subject") : "");
              json rows = json::array();
              for (const auto& e : page.entries) rows.push_back(audit_json(e));
              return api(page, {{"entries", rows}, {"head", {{"seq", page.head.seq}, {"hash", page.head.hash}}}});
            }));
  app.route("GET", "/api/v1/staff/throttled-sources", staff_get(s, [s](const bo::StaffContext& ctx, const auto&, Request&) mutable {
              auto r = s.attacks.throttled_sources(ctx.actor);
              return api(r, {{"at", iso(r.at)}, {"sources", throttled_json(r, false)}});
            }));
  app.route("GET", "/conseiller/sources-limitees", [s](WebApp& a, Request& req, const auto&) mutable {
    auto ctx = staff_of(s, req);
    if (!ctx) return to_login(a);
    auto r = s.attacks.throttled_sources(ctx->actor);
    if (!r.ok()) return staff_page(a, req, *ctx, 403, "staff_home", {{"title", "Espace conseiller"}, {"error", r.message}});
    json rows = throttled_json(r, true), now = json::array(), earlier = json::array();
    for (auto& row : rows) (row["refused_now"].get<bool>() ? now : earlier).push_back(row);
    return staff_page(a, req, *ctx, 200, "staff_sources",
                      {{"title", "Sources limitées"}, {"at", fr_time(r.at)}, {"now", now}, {"earlier", earlier},
                       {"has_now", !now.empty()}, {"has_earlier", !earlier.empty()}});
  });
  app.route("GET", "/api/v1/staff/audit/verify", staff_get(s, [s](const bo::StaffContext& ctx, const auto&, Request&) mutable {
              auto r = s.audit.verify_as(ctx.actor);
              if (auto* o = std::get_if<bo::Outcome>(&r)) return api(*o);
              const auto& rep = std::get<bo::ChainReport>(r);
              json b = {{"result", "ok"}, {"intact", rep.intact()}, {"entries", rep.entries},
                        {"head", {{"seq", rep.head.seq}, {"hash", rep.head.hash}}}};
              if (rep.broken) b["first_broken"] = {{"seq", rep.broken->seq}, {"reason", rep.broken->reason}};
              return json_response(200, b);
            }));
  app.route("GET", "/api/v1/staff/audit/export", staff_get(s, [s](const bo::StaffContext& ctx, const auto&, Request& req) mutable {
              std::string body;
              auto o = s.audit.export_jsonl(ctx.actor, req.query.count("reason") ? req.query.at("reason") : "",
                                            [&](std::string_view line) { body += line; });
              if (!o.ok()) return api(o);
              Response r;
              r.content_type = "application/x-ndjson; charset=utf-8";
              r.header("Content-Disposition", "attachment; filename=\"audit.jsonl\"");
              r.body = std::move(body);
              return r;
            }));

  // Staff management (supervisors).
  app.route("GET", "/api/v1/staff/staff", staff_get(s, [s](const bo::StaffContext& ctx, const auto&, Request&) mutable {
              auto l = s.auth.list(ctx.actor);
              json rows = json::array();
              for (const auto& r : l.staff)
                rows.push_back({{"login", r.member.login}, {"role", staff::to_string(r.member.role)}, {"active", r.member.active},
                                {"locked", lock_kind(r.lock)}, {"created_at", iso(r.member.created_at)},
                                {"created_by", r.member.created_by}});
              return api(l, {{"staff", rows}});
            }));
  app.route("POST", "/api/v1/staff/staff", staff_json(s, [s](const bo::StaffContext& ctx, const json& j, const auto&, Request&) mutable {
              auto r = s.auth.add_staff(ctx.actor, str(j, "login"), str(j, "role"), str(j, "password"), str(j, "reason"));
              json b = json::object();
              if (r.ok()) b["otpauth_uri"] = r.otpauth_uri;
              return api(r, b);
            }));
  app.route("POST", "/api/v1/staff/staff/{login}/deactivate", staff_json(s, [s](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              return api(s.auth.set_active(ctx.actor, p[0], false, str(j, "reason")));
            }));
  app.route("POST", "/api/v1/staff/staff/{login}/activate", staff_json(s, [s](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              return api(s.auth.set_active(ctx.actor, p[0], true, str(j, "reason")));
            }));
  app.route("POST", "/api/v1/staff/staff/{login}/unlock", staff_json(s, [s](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              return api(s.auth.unlock(ctx.actor, p[0], str(j, "reason")));
            }));

  // Public: a member files a help request without signing in.
  app.route("POST", "/api/v1/help-requests", [s](WebApp& a, Request& req, const auto&) mutable {
    auto body = a.json_body(req);
    if (auto* err = std::get_if<Response>(&body)) return *err;
    auto r = s.help.file(help_input(std::get<json>(body)), req.client_ip);
    json b = json::object();
    if (r.ok()) b["reference"] = r.reference;
    return api(r, b);
  });

  // ================= pages =================

  app.route("GET", "/conseiller", [s](WebApp& a, Request& req, const auto&) mutable {
    return a.redirect(staff_of(s, req) ? "/conseiller/accueil" : "/conseiller/connexion");
  });
  app.route("GET", "/conseiller/connexion", [s](WebApp& a, Request& req, const auto&) mutable {
    if (staff_of(s, req)) return a.redirect("/conseiller/accueil");
    Response cookies;
    json c = {{"title", "Espace conseiller — connexion"}, {"csrf", a.anonymous_csrf(req, cookies)}};
    Response page = a.page(200, "staff_login", c, req);
    for (auto& h : cookies.headers) page.headers.push_back(h);
    return page;
  });
  app.route("POST", "/conseiller/connexion", [s](WebApp& a, Request& req, const auto&) mutable {
    auto f = req.form();
    Response cookies;
    json c = {{"title", "Espace conseiller — connexion"}, {"csrf", a.anonymous_csrf(req, cookies)}, {"login", f["login"]}};
    auto finish = [&](int status) {
      Response page = a.page(status, "staff_login", c, req);
      for (auto& h : cookies.headers) page.headers.push_back(h);
      return page;
    };
    if (!a.check_csrf(req, f, std::nullopt)) {
      c["error"] = "Le formulaire a expiré. Saisissez à nouveau vos identifiants.";
      return finish(403);
    }
    auto r = s.auth.sign_in(f["login"], f["password"], f["totp"], req.client_ip);
    a.services().metrics.inc("moncompte_staff_sign_ins_total", Metrics::label("result", r.kind));
    if (r.session) {
      Response res = a.redirect("/conseiller/accueil");
      res.header("Set-Cookie", staff_cookie(a, req, r.session->cookie_value));
      return res;
    }
    c["error"] = r.message;
    Response page = finish(status_of(r.kind));
    if (r.retry_after_s > 0) page.header("Retry-After", std::to_string(r.retry_after_s));
    return page;
  });
  app.route("POST", "/conseiller/deconnexion", staff_form(s, [s](WebApp& a, Request& req, const bo::StaffContext&, auto&, const auto&) mutable {
              if (auto c = WebApp::read_cookie(req, kStaffCookie)) s.auth.sign_out(*c);
              Response r = a.redirect("/conseiller/connexion");
              r.header("Set-Cookie", staff_cookie(a, req, "", true));
              return r;
            }));
  app.route("GET", "/conseiller/accueil", [s](WebApp& a, Request& req, const auto&) mutable {
    auto ctx = staff_of(s, req);
    if (!ctx) return to_login(a);
    return staff_page(a, req, *ctx, 200, "staff_home", {{"title", "Espace conseiller"}, {"j_search", justify("rech", false)}});
  });
  app.route("POST", "/conseiller/recherche", staff_form(s, [s](WebApp& a, Request& req, const bo::StaffContext& ctx, auto& f, const auto&) mutable {
              auto why = justification_from(f);
              if (!f["nir"].empty() || f["family_name"].empty()) {
                auto r = s.members.lookup(ctx.actor, f["nir"], why);
                if (r.member) {
                  json c = member_page_context(*r.member, ctx.actor);
                  return staff_page(a, req, ctx, 200, "staff_member", c);
                }
                json c = {{"title", "Espace conseiller"}, {"nir", f["nir"]}, {"reason", f["reason"]}, {"j_search", justify("rech", false)}};
                put_outcome(c, r);
                return staff_page(a, req, ctx, status_of(r.kind), "staff_home", c);
              }
              auto r = s.members.search(ctx.actor, f["family_name"], f["birth_date"], why);
              json c = {{"title", "Résultats de la recherche"}, {"reason", f["reason"]}, {"j_search", justify("rech", false)},
                        {"family_name", f["family_name"]}, {"birth_date", f["birth_date"]}};
              if (!r.ok()) {
                put_outcome(c, r);
                return staff_page(a, req, ctx, status_of(r.kind), "staff_home", c);
              }
              json rows = json::array();
              for (const auto& m : r.matches)
                rows.push_back({{"nir13", m.nir13}, {"name", m.family_name + " " + m.given_names}, {"birth_date", fr_date(m.birth_date)},
                                {"place", m.postal_code + " " + m.city}, {"has_account", m.has_account}});
              c["matches"] = rows;
              return staff_page(a, req, ctx, 200, "staff_search_results", c);
            }));

  // One route per member action: run it, then show the file again with the result.
  app.route("POST", "/conseiller/assures/{nir}/{action}", staff_form(s, [s](WebApp& a, Request& req, const bo::StaffContext& ctx, auto& f, const auto& p) mutable {
              const std::string& nir = p[0];
              const std::string& action = p[1];
              auto why = justification_from(f);
              if (action == "debloquer") return member_page(a, s, req, ctx, nir, s.members.unlock(ctx.actor, nir, why));
              if (action == "code" || action == "reinitialiser" || action == "creer") {
                auto r = action == "code"            ? s.members.issue_code(ctx.actor, nir, f["channel"], why)
                         : action == "reinitialiser" ? s.members.start_reset(ctx.actor, nir, f["channel"], why)
                                                     : s.members.create_account(ctx.actor, nir, f["channel"], why);
                json extra = json::object();
                if (!r.code.empty()) extra["counter_code"] = r.code;
                return member_page(a, s, req, ctx, nir, r, extra);
              }
              if (action == "coordonnees") {
                bo::ContactInput in{field(f, "email"), field(f, "phone"), field(f, "address"), field(f, "postal_code"), field(f, "city")};
                return member_page(a, s, req, ctx, nir, s.members.update_contact(ctx.actor, nir, in, why));
              }
              if (action == "etat-civil") {
                bo::CivilStatusInput in{field(f, "sex"), field(f, "family_name"), field(f, "given_names"), field(f, "birth_date"),
                                        field(f, "birth_place_insee"), field(f, "birth_place_label"), field(f, "birth_country")};
                return member_page(a, s, req, ctx, nir, s.members.correct_civil_status(ctx.actor, nir, in, why));
              }
              if (action == "reactiver") return member_page(a, s, req, ctx, nir, s.members.reactivate(ctx.actor, nir, why));
              return a.not_found(req);
            }));

  // Help queue pages.
  app.route("GET", "/conseiller/demandes", [s](WebApp& a, Request& req, const auto&) mutable {
    auto ctx = staff_of(s, req);
    if (!ctx) return to_login(a);
    return queue_page(a, s, req, *ctx);
  });
  app.route("POST", "/conseiller/demandes/{ref}/prendre", staff_form(s, [s](WebApp& a, Request& req, const bo::StaffContext& ctx, auto&, const auto& p) mutable {
              auto o = s.help.claim(ctx.actor, p[0]);
              return queue_page(a, s, req, ctx, &o);
            }));
  app.route("POST", "/conseiller/demandes/{ref}/resoudre", staff_form(s, [s](WebApp& a, Request& req, const bo::StaffContext& ctx, auto& f, const auto& p) mutable {
              auto o = s.help.resolve(ctx.actor, p[0], f["outcome"], f["reply"]);
              return queue_page(a, s, req, ctx, &o);
            }));
  app.route("GET", "/conseiller/demandes/nouvelle", [s](WebApp& a, Request& req, const auto&) mutable {
    auto ctx = staff_of(s, req);
    if (!ctx) return to_login(a);
    return staff_page(a, req, *ctx, 200, "staff_help_new",
                      {{"title", "Déposer une demande pour un assuré"}, {"categories", category_options("")}, {"j_help", justify("dem")}});
  });
  app.route("POST", "/conseiller/demandes/nouvelle", staff_form(s, [s](WebApp& a, Request& req, const bo::StaffContext& ctx, auto& f, const auto&) mutable {
              auto r = s.help.file_for(ctx.actor, help_input(f), justification_from(f));
              json c = {{"title", "Déposer une demande pour un assuré"}, {"categories", category_options(r.ok() ? "" : f["category"])},
                        {"j_help", justify("dem")}};
              if (!r.ok()) {
                for (const char* k : {"nir", "birth_date", "phone", "text", "reason"}) c[k] = f[k];
                if (!r.field.empty()) c[r.field + "_error"] = r.message;
              }
              put_outcome(c, r);
              return staff_page(a, req, ctx, r.ok() ? 200 : status_of(r.kind), "staff_help_new", c);
            }));

  // Audit pages (supervisors).
  app.route("GET", "/conseiller/journal", [s](WebApp& a, Request& req, const auto&) mutable {
    auto ctx = staff_of(s, req);
    if (!ctx) return to_login(a);
    return audit_page(a, s, req, *ctx);
  });
  app.route("POST", "/conseiller/journal/verifier", staff_form(s, [s](WebApp& a, Request& req, const bo::StaffContext& ctx, auto&, const auto&) mutable {
              auto r = s.audit.verify_as(ctx.actor);
              if (auto* o = std::get_if<bo::Outcome>(&r))
                return staff_page(a, req, ctx, 403, "staff_home", {{"title", "Espace conseiller"}, {"error", o->message}});
              const auto& rep = std::get<bo::ChainReport>(r);
              json extra = rep.intact()
                               ? json{{"verified", "Chaîne intacte : " + std::to_string(rep.entries) + " entrées vérifiées."}}
                               : json{{"broken", "Chaîne rompue à l'entrée n° " + std::to_string(rep.broken->seq) + " (" +
                                                     rep.broken->reason + ")."}};
              return audit_page(a, s, req, ctx, extra);
            }));
  app.route("POST", "/conseiller/journal/export", staff_form(s, [s](WebApp& a, Request& req, const bo::StaffContext& ctx, auto& f, const auto&) mutable {
              std::string body;
              auto o = s.audit.export_jsonl(ctx.actor, f["reason"], [&](std::string_view line) { body += line; });
              if (!o.ok()) return staff_page(a, req, ctx, 403, "staff_home", {{"title", "Espace conseiller"}, {"error", o.message}});
              Response r;
              r.content_type = "application/x-ndjson; charset=utf-8";
              r.header("Content-Disposition", "attachment; filename=\"journal-audit.jsonl\"");
              r.body = std::move(body);
              return r;
            }));

  // Staff management pages (supervisors).
  app.route("GET", "/conseiller/equipe", [s](WebApp& a, Request& req, const auto&) mutable {
    auto ctx = staff_of(s, req);
    if (!ctx) return to_login(a);
    return team_page(a, s, req, *ctx);
  });
  app.route("POST", "/conseiller/equipe", staff_form(s, [s](WebApp& a, Request& req, const bo::StaffContext& ctx, auto& f, const auto&) mutable {
              auto r = s.auth.add_staff(ctx.actor, f["login"], f["role"], f["password"], f["reason"]);
              json extra = json::object();
              if (r.ok()) extra["otpauth_uri"] = r.otpauth_uri, extra["new_login"] = f["login"];
              else extra["login"] = f["login"];
              return team_page(a, s, req, ctx, &r, extra);
            }));
  app.route("POST", "/conseiller/equipe/{login}/{action}", staff_form(s, [s](WebApp& a, Request& req, const bo::StaffContext& ctx, auto& f, const auto& p) mutable {
              bo::Outcome o;
              if (p[1] == "desactiver") o = s.auth.set_active(ctx.actor, p[0], false, f["reason"]);
              else if (p[1] == "reactiver") o = s.auth.set_active(ctx.actor, p[0], true, f["reason"]);
              else if (p[1] == "debloquer") o = s.auth.unlock(ctx.actor, p[0], f["reason"]);
              else return a.not_found(req);
              return team_page(a, s, req, ctx, &o);
            }));

  // Public help-request page.
  app.route("GET", "/aide/demande", [](WebApp& a, Request& req, const auto&) {
    Response cookies;
    json c = {{"title", "Demander l'aide d'un conseiller"}, {"csrf", a.anonymous_csrf(req, cookies)},
              {"categories", category_options("")}, {"nir15", true}, {"signed_in", a.member_session(req).has_value()}};
    Response page = a.page(200, "help_request", c, req);
    for (auto& h : cookies.headers) page.headers.push_back(h);
    return page;
  });
  app.route("POST", "/aide/demande", [s](WebApp& a, Request& req, const auto&) mutable {
    auto f = req.form();
    Response cookies;
    json c = {{"title", "Demander l'aide d'un conseiller"}, {"csrf", a.anonymous_csrf(req, cookies)},
              {"categories", category_options(f["category"])}, {"nir15", true}, {"nir", f["nir"]},
              {"birth_date", f["birth_date"]}, {"phone", f["phone"]}, {"text", f["text"]},
              {"signed_in", a.member_session(req).has_value()}};
    auto finish = [&](int status, std::string_view tpl) {
      Response page = a.page(status, tpl, c, req);
      for (auto& h : cookies.headers) page.headers.push_back(h);
      return page;
    };
    if (!a.check_csrf(req, f, std::nullopt)) {
      c["error"] = "Le formulaire a expiré. Vérifiez vos informations et validez à nouveau.";
      return finish(403, "help_request");
    }
    auto r = s.help.file(help_input(f), req.client_ip);
    if (r.ok()) {
      c = {{"title", "Demande enregistrée"}, {"reference", r.reference}, {"message", r.message},
           {"signed_in", c["signed_in"]}};
      return finish(202, "help_request_sent");
    }
    c["error"] = r.message;
    if (r.kind == "invalid_nir") c["nir_error"] = r.message;
    else if (!r.field.empty()) c[r.field + "_error"] = r.message;
    return finish(status_of(r.kind), "help_request");
  });
}

// ================= Members report, advisors label (issue 16, item 5) =================

namespace {

json report_json(const ports::ScamReport& r) {
  json j = {{"id", r.id},           {"channel", r.channel}, {"sender", r.sender},
            {"subject", r.subject}, {"text", r.text},       {"verdict", r.verdict},
            {"created_at", iso(r.created_at)}};
  if (r.label) {
    j["label"] = report::to_string(*r.label);
    j["labelled_by"] = r.labelled_by;
    if (r.labelled_at) j["labelled_at"] = iso(*r.labelled_at);
  }
  return j;
}

std::optional<std::int64_t> report_id(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

Response reports_page(WebApp& app, bo::ScamReportDesk& desk, const Request& req, const bo::StaffContext& ctx,
                      const bo::Outcome* outcome = nullptr) {
  auto q = desk.queue(ctx.actor, false);
  json rows = json::array();
  for (const auto& r : q.reports) {
    json row = report_json(r);
    row["is_email"] = r.channel == "email";
    rows.push_back(row);
  }
  json c = {{"title", "Messages signalés"}, {"reports", rows}, {"has_reports", !rows.empty()}};
  if (!q.ok()) c["error"] = q.message;
  if (outcome) c[outcome->ok() ? "success" : "error"] = outcome->message;
  const int status = !q.ok() ? status_of(q.kind) : outcome && !outcome->ok() ? status_of(outcome->kind) : 200;
  return staff_page(app, req, ctx, status, "staff_scam_reports", c);
}

bo::ScamReportInput report_input(const scam::Checker& checker, std::string channel, std::string sender,
                                 std::string subject, std::string text, bool consent) {
  bo::ScamReportInput in{std::move(channel), std::move(sender), std::move(subject), std::move(text), "", consent};
  if (in.channel != "email") in.channel = "sms";
  // The verdict is computed again here: a report never trusts a verdict sent by the browser.
  if (scam::has_text(in.text))
    in.verdict = std::string(scam::to_string(
        checker.check({in.text, in.sender, in.subject, in.channel == "email" ? scam::Channel::email : scam::Channel::sms})
            .verdict));
  return in;
}

}  // namespace

void register_scam_report_routes(WebApp& app, BackOfficeServices s, bo::ScamReportDesk& desk,
                                 const scam::Checker& checker) {
  auto* d = &desk;
  const auto* c = &checker;
  // Members (no sign-in): the JSON API and the page's "Signaler ce message" form.
  app.route("POST", "/api/v1/scam-reports", [d, c](WebApp& a, Request& req, const auto&) {
    auto body = a.json_body(req);
    if (auto* err = std::get_if<Response>(&body)) return *err;
    const json& j = std::get<json>(body);
    for (const char* k : {"text", "sender", "subject", "channel"}) {
      auto it = j.find(k);
      if (it != j.end() && !it->is_null() && !it->is_string())
        return json_error(Errc::invalid_input, std::string("Le champ « ") + k + " » doit être du texte.", {{"detail", k}});
    }
    auto consent = j.find("consent");
    if (consent != j.end() && !consent->is_boolean())
      return json_error(Errc::invalid_input, "Le champ « consent » vaut true ou false.", {{"detail", "consent"}});
    auto in = report_input(*c, str(j, "channel"), str(j, "sender"), str(j, "subject"), str(j, "text"),
                           consent != j.end() && consent->get<bool>());
    auto r = d->submit(in);
    if (r.ok()) a.services().metrics.inc("moncompte_scam_reports_total", Metrics::label("verdict", in.verdict));
    return api(r, r.ok() ? json{{"id", r.id}} : json::object());
  });
  app.route("POST", "/verifier-un-message/signaler", [d, c](WebApp& a, Request& req, const auto&) {
    auto f = req.form();
    json ctx = {{"title", "Vérifier un message"}, {"text", f["text"]}, {"sender", f["sender"]},
                {"subject", f["subject"]}, {"channel_sms", f["channel"] != "email"},
                {"channel_email", f["channel"] == "email"}, {"signed_in", a.member_session(req).has_value()}};
    if (!a.check_csrf(req, f, std::nullopt)) {
      ctx["error"] = "Le formulaire a expiré. Vérifiez à nouveau le message puis signalez-le.";
      return a.anonymous_page(req, 403, "scam_check", ctx);
    }
    auto in = report_input(*c, f["channel"], f["sender"], f["subject"], f["text"], f["consent"] == "oui");
    auto r = d->submit(in);
    if (r.ok()) {
      a.services().metrics.inc("moncompte_scam_reports_total", Metrics::label("verdict", in.verdict));
      ctx = {{"title", "Vérifier un message"}, {"channel_sms", true}, {"reported", r.message},
             {"signed_in", ctx["signed_in"]}};
      return a.anonymous_page(req, 200, "scam_check", ctx);
    }
    ctx["report_error"] = r.message;
    ctx["error"] = r.message;
    return a.anonymous_page(req, status_of(r.kind), "scam_check", ctx);
  });

  // Advisors: the queue, labels and discards (audited), as JSON and as a page.
  app.route("GET", "/api/v1/staff/scam-reports", staff_get(s, [d](const bo::StaffContext& ctx, const auto&, Request& req) mutable {
              const bool labelled = req.query.count("status") && req.query.at("status") == "labelled";
              auto q = d->queue(ctx.actor, labelled);
              json rows = json::array();
              for (const auto& r : q.reports) rows.push_back(report_json(r));
              return api(q, q.ok() ? json{{"reports", rows}} : json::object());
            }));
  app.route("POST", "/api/v1/staff/scam-reports/{id}/label", staff_json(s, [d](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              auto id = report_id(p[0]);
              if (!id) return api(bo::Outcome{"not_found", "Ce signalement n'existe pas.", "", {}, 0});
              return api(d->label(ctx.actor, *id, str(j, "label")));
            }));
  app.route("POST", "/api/v1/staff/scam-reports/{id}/discard", staff_json(s, [d](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              auto id = report_id(p[0]);
              if (!id) return api(bo::Outcome{"not_found", "Ce signalement n'existe pas.", "", {}, 0});
              return api(d->discard(ctx.actor, *id, str(j, "reason")));
            }));
  app.route("GET", "/conseiller/signalements", [s, d](WebApp& a, Request& req, const auto&) mutable {
    auto ctx = staff_of(s, req);
    if (!ctx) return to_login(a);
    return reports_page(a, *d, req, *ctx);
  });
  app.route("POST", "/conseiller/signalements/{id}/{action}", staff_form(s, [d](WebApp& a, Request& req, const bo::StaffContext& ctx, auto& f, const auto& p) mutable {
              auto id = report_id(p[0]);
              bo::Outcome o{"not_found", "Ce signalement n'existe pas.", "", {}, 0};
              if (id && p[1] == "arnaque") o = d->label(ctx.actor, *id, "scam");
              else if (id && p[1] == "authentique") o = d->label(ctx.actor, *id, "legit");
              else if (id && p[1] == "ecarter") o = d->discard(ctx.actor, *id, f["reason"]);
              else if (id) return a.not_found(req);
              return reports_page(a, *d, req, ctx, &o);
            }));
}

}  // namespace mc::http
