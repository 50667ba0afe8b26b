// Staff management by supervisors: list, add, deactivate, reactivate, unlock (JSON and
// /conseiller/equipe).
#include <string>

#include "adapters/http/handlers/staff_common.hpp"
#include "adapters/http/time_text.hpp"

namespace mc::http::staff_web {

namespace {

json team_rows(const std::vector<bo::StaffRow>& team, const bo::Actor& actor) {
  json rows = json::array();
  for (const auto& r : team) {
    rows.push_back({{"login", r.member.login},
                    {"role", staff::label_fr(r.member.role)},
                    {"active", r.member.active},
                    {"locked", r.lock.standing != lockout::Standing::open},
                    {"created_at", fr_time(r.member.created_at)},
                    {"self", r.member.login == actor.login}});
  }
  return rows;
}

// The team page, after an action when `put` writes its result (and returns its status).
template <class Put>
Response team_page(WebApp& app, BackOfficeServices& s, const Request& req, const bo::StaffContext& ctx, Put put) {
  auto l = s.auth.list(ctx.actor);
  if (!l) return refused_page(app, req, ctx, l.error());
  json c = {{"title", "Équipe"}, {"rows", team_rows(*l, ctx.actor)}};
  const int status = put(c);
  return staff_page(app, req, ctx, status, "staff_team", c);
}

// Staff management (supervisors).
Response api_list(BackOfficeServices& s, const bo::StaffContext& ctx, const Params&, Request&) {
  return api(s.auth.list(ctx.actor), [](const std::vector<bo::StaffRow>& team) {
    json rows = json::array();
    for (const auto& r : team)
      rows.push_back({{"login", r.member.login},
                      {"role", staff::to_string(r.member.role)},
                      {"active", r.member.active},
                      {"locked", lock_kind(r.lock)},
                      {"created_at", iso(r.member.created_at)},
                      {"created_by", r.member.created_by}});
    return json{{"staff", rows}};
  });
}

Response api_add(BackOfficeServices& s, const bo::StaffContext& ctx, const json& j, const Params&, Request&) {
  auto r = s.auth.add_staff(ctx.actor, str(j, "login"), str(j, "role"), str(j, "password"), str(j, "reason"));
  return api(r, [](const bo::StaffAdded& a) { return with_message(a, {{"otpauth_uri", a.otpauth_uri}}); });
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
Response team_page_get(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx) {
  return team_page(a, s, req, ctx, [](json&) { return 200; });
}

Response add_form(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx, Form& f, const Params&) {
  auto r = s.auth.add_staff(ctx.actor, f["login"], f["role"], f["password"], f["reason"]);
  return team_page(a, s, req, ctx, [&](json& c) {
    if (r)
      c["otpauth_uri"] = r->otpauth_uri, c["new_login"] = f["login"];
    else
      c["login"] = f["login"];
    return put_result(c, r);
  });
}

Response team_action_form(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx, Form& f,
                          const Params& p) {
  Result<bo::Done> r;
  if (p[1] == "desactiver")
    r = s.auth.set_active(ctx.actor, p[0], false, f["reason"]);
  else if (p[1] == "reactiver")
    r = s.auth.set_active(ctx.actor, p[0], true, f["reason"]);
  else if (p[1] == "debloquer")
    r = s.auth.unlock(ctx.actor, p[0], f["reason"]);
  else
    return a.not_found(req);
  return team_page(a, s, req, ctx, [&](json& c) { return put_result(c, r); });
}

constexpr StaffRoute kRoutes[] = {
    {"GET", "/api/v1/staff/staff", get_route<api_list>},
    {"POST", "/api/v1/staff/staff", json_route<api_add>},
    {"POST", "/api/v1/staff/staff/{login}/deactivate", json_route<api_deactivate>},
    {"POST", "/api/v1/staff/staff/{login}/activate", json_route<api_activate>},
    {"POST", "/api/v1/staff/staff/{login}/unlock", json_route<api_unlock_staff>},
    {"GET", "/conseiller/equipe", page_route<team_page_get>},
    {"POST", "/conseiller/equipe", form_route<add_form>},
    {"POST", "/conseiller/equipe/{login}/{action}", form_route<team_action_form>},
};

}  // namespace

std::span<const StaffRoute> team_routes() { return kRoutes; }

}  // namespace mc::http::staff_web
