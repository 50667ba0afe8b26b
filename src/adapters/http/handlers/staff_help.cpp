// The help queue: staff work it (JSON and /conseiller/demandes), members file requests
// without signing in (POST /api/v1/help-requests, /aide/demande).
#include <string>

#include "adapters/http/handlers/staff_common.hpp"
#include "adapters/http/time_text.hpp"

namespace mc::http::staff_web {

namespace {

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

bo::HelpInput help_input(const json& j) {
  return {str(j, "nir"), str(j, "birth_date"), str(j, "phone"), str(j, "category"), str(j, "text")};
}

bo::HelpInput help_input(std::map<std::string, std::string>& f) {
  return {f["nir"], f["birth_date"], f["phone"], f["category"], f["text"]};
}

json filed_json(const bo::HelpFiled& f) { return with_message(f, {{"reference", f.reference}}); }

json category_options(const std::string& chosen) {
  json out = json::array();
  for (auto c : staff::kCategories)
    out.push_back({{"value", staff::to_string(c)},
                   {"label", staff::label_fr(c)},
                   {"id", "cat-" + std::string(staff::to_string(c))},
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

// The queue page, after an action when `done` holds its result.
Response queue_page(WebApp& app, BackOfficeServices& s, const Request& req, const bo::StaffContext& ctx,
                    const Result<bo::Done>* done = nullptr) {
  auto open = s.help.queue(ctx.actor, staff::HelpStatus::open);
  if (!open) return refused_page(app, req, ctx, open.error());
  auto claimed = s.help.queue(ctx.actor, staff::HelpStatus::claimed).value_or(std::vector<staff::HelpRequest>{});
  json c = {{"title", "Demandes d'aide"},
            {"open", queue_rows(*open, ctx.actor)},
            {"claimed", queue_rows(claimed, ctx.actor)},
            {"has_open", !open->empty()},
            {"has_claimed", !claimed.empty()}};
  const int status = done ? put_result(c, *done) : 200;
  return staff_page(app, req, ctx, status, "staff_queue", c);
}

// Help queue.
Response api_queue(BackOfficeServices& s, const bo::StaffContext& ctx, const Params&, Request& req) {
  std::string st = req.query.count("status") ? req.query.at("status") : "open";
  std::optional<staff::HelpStatus> status;
  if (st != "all") {
    status = staff::parse_help_status(st);
    if (!status) return json_error(Errc::invalid_input, "status: open, claimed, resolved ou all.");
  }
  return api(s.help.queue(ctx.actor, status), [](const std::vector<staff::HelpRequest>& q) {
    json rows = json::array();
    for (const auto& r : q) rows.push_back(help_json(r));
    return json{{"requests", rows}};
  });
}

Response api_file_for(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params&, Request&) {
  return api(s.help.file_for(ctx.actor, help_input(j), justification_from(j)), filed_json, 202);
}

Response api_request(BackOfficeServices& s, const bo::StaffContext& ctx, const Params& p, Request&) {
  if (!staff::allowed(ctx.actor.role, staff::Action::work_help_queue))
    return json_error(Errc::forbidden, "Votre profil ne permet pas de consulter la file des demandes.");
  auto r = s.help.find(ctx.actor, p[0]);
  if (!r) return json_error(Errc::not_found, "Aucune demande ne porte cette référence.");
  return api_success({{"request", help_json(*r)}});
}

Response api_claim(BackOfficeServices& s, const bo::StaffContext& ctx, const json&, const Params& p, Request&) {
  return api(s.help.claim(ctx.actor, p[0]));
}

Response api_resolve(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params& p, Request&) {
  return api(s.help.resolve(ctx.actor, p[0], str(j, "outcome"), str(j, "reply")));
}

// Public: a member files a help request without signing in.
Response api_member_files(BackOfficeServices& s, WebApp& a, Request& req, const Params&) {
  auto body = a.json_body(req);
  if (auto* err = std::get_if<Response>(&body)) return *err;
  return api(s.help.file(help_input(std::get<json>(body)), req.client_ip), filed_json, 202);
}

// Help queue pages.
Response queue_page_get(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx) {
  return queue_page(a, s, req, ctx);
}

Response claim_form(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx, Form&,
                    const Params& p) {
  auto o = s.help.claim(ctx.actor, p[0]);
  return queue_page(a, s, req, ctx, &o);
}

Response resolve_form(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx, Form& f,
                      const Params& p) {
  auto o = s.help.resolve(ctx.actor, p[0], f["outcome"], f["reply"]);
  return queue_page(a, s, req, ctx, &o);
}

Response file_for_page(BackOfficeServices&, WebApp& a, Request& req, const bo::StaffContext& ctx) {
  return staff_page(a, req, ctx, 200, "staff_help_new",
                    {{"title", "Déposer une demande pour un assuré"},
                     {"categories", category_options("")},
                     {"j_help", justify("dem")}});
}

Response file_for_form(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx, Form& f,
                       const Params&) {
  auto r = s.help.file_for(ctx.actor, help_input(f), justification_from(f));
  json c = {{"title", "Déposer une demande pour un assuré"},
            {"categories", category_options(r ? "" : f["category"])},
            {"j_help", justify("dem")}};
  if (!r) {
    for (const char* k : {"nir", "birth_date", "phone", "text", "reason"}) c[k] = f[k];
    if (const auto& e = r.error(); !e.details.field.empty()) c[e.details.field + "_error"] = e.message;
  }
  const int status = put_result(c, r);
  return staff_page(a, req, ctx, status, "staff_help_new", c);
}

// Public help-request page.
Response member_help_page(BackOfficeServices&, WebApp& a, Request& req, const Params&) {
  Response cookies;
  json c = {{"title", "Demander l'aide d'un conseiller"},
            {"csrf", a.anonymous_csrf(req, cookies)},
            {"categories", category_options("")},
            {"nir15", true},
            {"signed_in", a.member_session(req).has_value()}};
  Response page = a.page(200, "help_request", c, req);
  for (auto& h : cookies.headers) page.headers.push_back(h);
  return page;
}

Response member_help_form(BackOfficeServices& s, WebApp& a, Request& req, const Params&) {
  auto f = req.form();
  Response cookies;
  json c = {{"title", "Demander l'aide d'un conseiller"},
            {"csrf", a.anonymous_csrf(req, cookies)},
            {"categories", category_options(f["category"])},
            {"nir15", true},
            {"nir", f["nir"]},
            {"birth_date", f["birth_date"]},
            {"phone", f["phone"]},
            {"text", f["text"]},
            {"signed_in", a.member_session(req).has_value()}};
  auto finish = [&](int status, std::string_view tpl) {
    Response page = a.page(status, tpl, c, req);
    for (auto& h : cookies.headers) page.headers.push_back(h);
    return page;
  };
  if (!a.check_csrf(req, f, std::nullopt)) {
    c["error"] = "Le formulaire a expiré. Vérifiez vos informations et validez à nouveau.";
    return finish(http_status(Errc::csrf), "help_request");
  }
  auto r = s.help.file(help_input(f), req.client_ip);
  if (r) {
    c = {{"title", "Demande enregistrée"},
         {"reference", r->reference},
         {"message", r->message},
         {"signed_in", c["signed_in"]}};
    return finish(202, "help_request_sent");
  }
  const Error& e = r.error();
  c["error"] = e.message;
  if (e.code == Errc::invalid_nir)
    c["nir_error"] = e.message;
  else if (!e.details.field.empty())
    c[e.details.field + "_error"] = e.message;
  return finish(http_status(e.code), "help_request");
}

constexpr StaffRoute kRoutes[] = {
    {"GET", "/api/v1/staff/help-requests", get_route<api_queue>},
    {"POST", "/api/v1/staff/help-requests", json_route<api_file_for>},
    {"GET", "/api/v1/staff/help-requests/{ref}", get_route<api_request>},
    {"POST", "/api/v1/staff/help-requests/{ref}/claim", json_route<api_claim>},
    {"POST", "/api/v1/staff/help-requests/{ref}/resolve", json_route<api_resolve>},
    {"POST", "/api/v1/help-requests", open_route<api_member_files>},
    {"GET", "/conseiller/demandes", page_route<queue_page_get>},
    {"POST", "/conseiller/demandes/{ref}/prendre", form_route<claim_form>},
    {"POST", "/conseiller/demandes/{ref}/resoudre", form_route<resolve_form>},
    {"GET", "/conseiller/demandes/nouvelle", page_route<file_for_page>},
    {"POST", "/conseiller/demandes/nouvelle", form_route<file_for_form>},
    {"GET", "/aide/demande", open_route<member_help_page>},
    {"POST", "/aide/demande", open_route<member_help_form>},
};

}  // namespace

std::span<const StaffRoute> help_routes() { return kRoutes; }

}  // namespace mc::http::staff_web
