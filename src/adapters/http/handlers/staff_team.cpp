// Staff management by supervisors: list, add, deactivate, reactivate, unlock (JSON and
// /conseiller/equipe).
#include <string>

#include "adapters/http/handlers/staff_common.hpp"
#include "adapters/http/time_text.hpp"

namespace mc::http::staff_web {

namespace {

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
  if (!l.ok())
    return staff_page(app, req, ctx, 403, "staff_home", {{"title", "Espace conseiller"}, {"error", l.message}});
  json c = {{"title", "Équipe"}, {"rows", team_rows(l, ctx.actor)}};
  if (outcome) put_outcome(c, *outcome);
  for (auto& [k, v] : extra.items()) c[k] = v;
  return staff_page(app, req, ctx, outcome && !outcome->ok() ? status_of(outcome->kind) : 200, "staff_team", c);
}

// Staff management (supervisors).
Response api_list(BackOfficeServices& s, const bo::StaffContext& ctx, const Params&, Request&) {
  auto l = s.auth.list(ctx.actor);
  json rows = json::array();
  for (const auto& r : l.staff)
    rows.push_back({{"login", r.member.login},
                    {"role", staff::to_string(r.member.role)},
                    {"active", r.member.active},
                    {"locked", lock_kind(r.lock)},
                    {"created_at", iso(r.member.created_at)},
                    {"created_by", r.member.created_by}});
  return api(l, {{"staff", rows}});
}

Response api_add(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params&, Request&) {
  auto r = s.auth.add_staff(ctx.actor, str(j, "login"), str(j, "role"), str(j, "password"), str(j, "reason"));
  json b = json::object();
  if (r.ok()) b["otpauth_uri"] = r.otpauth_uri;
  return api(r, b);
}

Response api_deactivate(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params& p, Request&) {
  return api(s.auth.set_active(ctx.actor, p[0], false, str(j, "reason")));
}

Response api_activate(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params& p, Request&) {
  return api(s.auth.set_active(ctx.actor, p[0], true, str(j, "reason")));
}

Response api_unlock_staff(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params& p,
                          Request&) {
  return api(s.auth.unlock(ctx.actor, p[0], str(j, "reason")));
}

// Staff management pages (supervisors).
Response team_page_get(BackOfficeServices& s, WebApp& a, Request& req, const Params&) {
  auto ctx = staff_of(s, req);
  if (!ctx) return to_login(a);
  return team_page(a, s, req, *ctx);
}

Response add_form(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx, Form& f, const Params&) {
  auto r = s.auth.add_staff(ctx.actor, f["login"], f["role"], f["password"], f["reason"]);
  json extra = json::object();
  if (r.ok())
    extra["otpauth_uri"] = r.otpauth_uri, extra["new_login"] = f["login"];
  else
    extra["login"] = f["login"];
  return team_page(a, s, req, ctx, &r, extra);
}

Response team_action_form(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx, Form& f,
                          const Params& p) {
  bo::Outcome o;
  if (p[1] == "desactiver")
    o = s.auth.set_active(ctx.actor, p[0], false, f["reason"]);
  else if (p[1] == "reactiver")
    o = s.auth.set_active(ctx.actor, p[0], true, f["reason"]);
  else if (p[1] == "debloquer")
    o = s.auth.unlock(ctx.actor, p[0], f["reason"]);
  else
    return a.not_found(req);
  return team_page(a, s, req, ctx, &o);
}

constexpr StaffRoute kRoutes[] = {
    {"GET", "/api/v1/staff/staff", get_route<api_list>},
    {"POST", "/api/v1/staff/staff", json_route<api_add>},
    {"POST", "/api/v1/staff/staff/{login}/deactivate", json_route<api_deactivate>},
    {"POST", "/api/v1/staff/staff/{login}/activate", json_route<api_activate>},
    {"POST", "/api/v1/staff/staff/{login}/unlock", json_route<api_unlock_staff>},
    {"GET", "/conseiller/equipe", open_route<team_page_get>},
    {"POST", "/conseiller/equipe", form_route<add_form>},
    {"POST", "/conseiller/equipe/{login}/{action}", form_route<team_action_form>},
};

}  // namespace

std::span<const StaffRoute> team_routes() { return kRoutes; }

}  // namespace mc::http::staff_web
