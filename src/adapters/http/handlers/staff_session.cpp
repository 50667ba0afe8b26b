// Staff sign-in and sign-out: the JSON API (/api/v1/staff/login, logout, me) and the pages
// /conseiller, /conseiller/connexion, /conseiller/deconnexion, /conseiller/accueil.
#include <string>

#include "adapters/http/handlers/staff_common.hpp"
#include "adapters/http/time_text.hpp"

namespace mc::http::staff_web {

namespace {

void count_sign_in(WebApp& a, const Result<app::NewSession>& r) {
  a.services().metrics.inc("moncompte_staff_sign_ins_total",
                           Metrics::label("result", r ? std::string("ok") : std::string(result_code(r.error().code))));
}

Response api_sign_in(BackOfficeServices& s, WebApp& a, Request& req, const Params&) {
  auto body = a.json_body(req);
  if (auto* err = std::get_if<Response>(&body)) return *err;
  const json& j = std::get<json>(body);
  auto r = s.auth.sign_in(str(j, "login"), str(j, "password"), str(j, "totp"), req.client_ip);
  count_sign_in(a, r);
  if (!r) {
    const Error& e = r.error();
    if (e.code != Errc::temporarily_locked) return api_error(e);
    return api_error(e, {{"retry_after_s", e.details.retry_after_s}});
  }
  auto ctx = s.auth.authenticate(r->cookie_value);
  Response res =
      api_success({{"login", r->session.subject}, {"role", ctx ? std::string(staff::to_string(ctx->actor.role)) : ""}});
  res.header("Set-Cookie", staff_cookie(a, req, r->cookie_value));
  return res;
}

Response api_sign_out(BackOfficeServices& s, WebApp& a, Request& req, const Params&) {
  auto body = a.json_body(req);
  if (auto* err = std::get_if<Response>(&body)) return *err;
  if (auto c = WebApp::read_cookie(req, kStaffCookie)) s.auth.sign_out(*c);
  Response r = api_success();
  r.header("Set-Cookie", staff_cookie(a, req, "", true));
  return r;
}

Response api_me(BackOfficeServices&, const bo::StaffContext& ctx, const Params&, Request&) {
  json perms = json::array();
  for (auto action : staff::kActions)
    if (staff::allowed(ctx.actor.role, action)) perms.push_back(staff::to_string(action));
  return api_success({{"login", ctx.actor.login}, {"role", staff::to_string(ctx.actor.role)}, {"permissions", perms}});
}

Response home_redirect(BackOfficeServices& s, WebApp& a, Request& req, const Params&) {
  return a.redirect(staff_of(s, req) ? "/conseiller/accueil" : "/conseiller/connexion");
}

Response sign_in_page(BackOfficeServices& s, WebApp& a, Request& req, const Params&) {
  if (staff_of(s, req)) return a.redirect("/conseiller/accueil");
  Response cookies;
  json c = {{"title", "Espace conseiller — connexion"}, {"csrf", a.anonymous_csrf(req, cookies)}};
  Response page = a.page(200, "staff_login", c, req);
  for (auto& h : cookies.headers) page.headers.push_back(h);
  return page;
}

Response sign_in_form(BackOfficeServices& s, WebApp& a, Request& req, const Params&) {
  auto f = req.form();
  Response cookies;
  json c = {
      {"title", "Espace conseiller — connexion"}, {"csrf", a.anonymous_csrf(req, cookies)}, {"login", f["login"]}};
  auto finish = [&](int status) {
    Response page = a.page(status, "staff_login", c, req);
    for (auto& h : cookies.headers) page.headers.push_back(h);
    return page;
  };
  if (!a.check_csrf(req, f, std::nullopt)) {
    c["error"] = "Le formulaire a expiré. Saisissez à nouveau vos identifiants.";
    return finish(http_status(Errc::csrf));
  }
  auto r = s.auth.sign_in(f["login"], f["password"], f["totp"], req.client_ip);
  count_sign_in(a, r);
  if (r) {
    Response res = a.redirect("/conseiller/accueil");
    res.header("Set-Cookie", staff_cookie(a, req, r->cookie_value));
    return res;
  }
  Response page = finish(put_error(c, r.error()));
  set_retry_after(page, r.error());
  return page;
}

Response sign_out_form(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext&, Form&, const Params&) {
  if (auto c = WebApp::read_cookie(req, kStaffCookie)) s.auth.sign_out(*c);
  Response r = a.redirect("/conseiller/connexion");
  r.header("Set-Cookie", staff_cookie(a, req, "", true));
  return r;
}

Response home_page(BackOfficeServices&, WebApp& a, Request& req, const bo::StaffContext& ctx) {
  return staff_page(a, req, ctx, 200, "staff_home",
                    {{"title", "Espace conseiller"}, {"j_search", justify("rech", false)}});
}

constexpr StaffRoute kRoutes[] = {
    {"POST", "/api/v1/staff/login", open_route<api_sign_in>},
    {"POST", "/api/v1/staff/logout", open_route<api_sign_out>},
    {"GET", "/api/v1/staff/me", get_route<api_me>},
    {"GET", "/conseiller", open_route<home_redirect>},
    {"GET", "/conseiller/connexion", open_route<sign_in_page>},
    {"POST", "/conseiller/connexion", open_route<sign_in_form>},
    {"POST", "/conseiller/deconnexion", form_route<sign_out_form>},
    {"GET", "/conseiller/accueil", page_route<home_page>},
};

}  // namespace

std::span<const StaffRoute> session_routes() { return kRoutes; }

}  // namespace mc::http::staff_web
