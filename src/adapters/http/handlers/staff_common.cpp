// The back office's shared helpers (handlers/staff_common.hpp).
#include "adapters/http/handlers/staff_common.hpp"

#include "adapters/http/time_text.hpp"

namespace mc::http::staff_web {

std::string fr_date(const std::string& iso_date) {
  if (iso_date.size() != 10) return iso_date;
  return iso_date.substr(8, 2) + "/" + iso_date.substr(5, 2) + "/" + iso_date.substr(0, 4);
}

Response api_error(const Error& e, const json& extra) {
  json body = error_body(e);
  for (const char* member_api_only : {"detail", "reason", "retry_after_s"}) body.erase(member_api_only);
  if (!e.details.field.empty()) body["field"] = e.details.field;
  for (const auto& [k, v] : extra.items()) body[k] = v;
  Response r = json_response(http_status(e.code), body);
  set_retry_after(r, e);
  return r;
}

Response api_success(json body, int status) {
  body["result"] = status == 202 ? "accepted" : "ok";
  return json_response(status, body);
}

Response api(const Result<bo::Done>& r) {
  return api(r, [](const bo::Done& d) { return with_message(d); });
}

Response unauthenticated() {
  return json_error(Errc::unauthenticated, "Connectez-vous à l'espace conseiller (session absente ou expirée).");
}

std::string staff_cookie(const WebApp& app, const Request& req, const std::string& value, bool clear) {
  // SameSite=Strict: no staff request ever starts from another site, not even a link.
  return app.make_cookie(req, kStaffCookie, value, "HttpOnly; SameSite=Strict", clear);
}

std::optional<bo::StaffContext> staff_of(BackOfficeServices& s, const Request& req) {
  auto cookie = WebApp::read_cookie(req, kStaffCookie);
  if (!cookie) return std::nullopt;
  return s.auth.authenticate(*cookie);
}

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

bo::Justification justification_from(std::map<std::string, std::string>& f) {
  bo::Justification j{f["reason"], std::nullopt};
  const auto& channel = f["evidence_channel"];
  if (channel == "phone") {
    staff::Evidence e;
    e.channel = staff::EvidenceChannel::phone;
    for (const char* k : {"nir", "etat_civil", "adresse", "secret"})
      if (!f["check_" + std::string(k)].empty())
        e.checked.push_back(k == std::string("secret") ? "secret_registre" : k);
    j.evidence = e;
  } else if (channel == "counter") {
    staff::Evidence e;
    e.channel = staff::EvidenceChannel::counter;
    e.id_document = f["id_document"];
    j.evidence = e;
  }
  return j;
}

std::string lock_kind(const lockout::Status& s) {
  switch (s.standing) {
    case lockout::Standing::open: return "none";
    case lockout::Standing::temporarily_locked: return "temporary";
    case lockout::Standing::permanently_locked: return "permanent";
  }
  return "none";
}

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

Response staff_page(WebApp& app, const Request& req, const bo::StaffContext& ctx, int status, std::string_view tpl,
                    json c) {
  c["staff"] = nav(ctx.actor);
  c["csrf"] = ctx.session.csrf_token;
  return app.page(status, tpl, std::move(c), req);
}

Response to_login(WebApp& app) { return app.redirect("/conseiller/connexion"); }

Response refused_page(WebApp& app, const Request& req, const bo::StaffContext& ctx, const Error& e) {
  return staff_page(app, req, ctx, http_status(e.code), "staff_home",
                    {{"title", "Espace conseiller"}, {"error", e.message}});
}

json id_documents() {
  json out = json::array();
  for (const char* code : {"carte_identite", "passeport", "titre_sejour", "permis_conduire"})
    out.push_back({{"value", code}, {"label", staff::id_document_label_fr(code)}});
  return out;
}

json justify(const std::string& prefix, bool evidence, bool counter_only) {
  return {{"p", prefix}, {"evidence", evidence}, {"counter_only", counter_only}, {"id_documents", id_documents()}};
}

int put_error(json& c, const Error& e) {
  c["error"] = e.message;
  json list = json::array();
  for (const auto& p : e.details.problems)
    if (p != e.message && p.find(' ') != std::string::npos) list.push_back({{"message", p}});
  if (!list.empty()) c["problems"] = list, c["has_problems"] = true;
  return http_status(e.code);
}

std::optional<std::string> field(std::map<std::string, std::string>& f, const char* name) {
  auto it = f.find(name);
  if (it == f.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace mc::http::staff_web
