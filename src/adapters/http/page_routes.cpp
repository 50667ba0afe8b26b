// Server-rendered pages of the sign-in journey (French, no inline script).
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/web_app.hpp"
#include "core/nir/nir.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/store.hpp"

namespace mc::http {

using json = nlohmann::json;

namespace {

Response home(WebApp& app, Request& req, const std::vector<std::string>&) {
  bool signed_in = app.member_session(req).has_value();
  return app.page(200, "home", {{"title", "Accueil"}, {"signed_in", signed_in}}, req);
}

Response login_form(WebApp& app, Request& req, const std::vector<std::string>&) {
  if (app.member_session(req)) return app.redirect("/mon-compte");
  Response res;
  std::string csrf = app.anonymous_csrf(req, res);
  Response page = app.page(200, "login_form", {{"title", "Se connecter"}, {"csrf", csrf}}, req);
  for (auto& h : res.headers) page.headers.push_back(h);
  return page;
}

Response login_submit(WebApp& app, Request& req, const std::vector<std::string>&) {
  auto form = req.form();
  Response cookies;
  std::string csrf = app.anonymous_csrf(req, cookies);
  if (!app.check_csrf(req, form, std::nullopt)) {
    Response page = app.page(http_status(Errc::csrf), "login_form",
                             {{"title", "Se connecter"},
                              {"csrf", csrf},
                              {"nir", form["nir"]},
                              {"error", "Le formulaire a expiré. Saisissez à nouveau vos identifiants."}},
                             req);
    for (auto& h : cookies.headers) page.headers.push_back(h);
    return page;
  }
  app::LoginTrace trace;
  auto signed_in = app.services().login(app.login_request(req, form["nir"], form["password"]), &trace);
  app.count_sign_in(signed_in, trace);
  if (signed_in) {
    Response r = app.redirect("/mon-compte");
    r.header("Set-Cookie", app.session_cookie(req, signed_in->session.cookie_value));
    if (signed_in->device_cookie) r.header("Set-Cookie", app.device_cookie(req, *signed_in->device_cookie));
    return r;
  }
  const Error& e = signed_in.error();
  json ctx = {{"title", "Se connecter"}, {"csrf", csrf}, {"nir", form["nir"]}, {"error", e.message}};
  switch (e.code) {
    case Errc::invalid_nir:
      ctx["nir_error"] = e.message;
      ctx["error"] = "Le numéro de sécurité sociale saisi n'est pas valide.";
      break;
    case Errc::invalid_credentials:
    case Errc::invalid_input:
      ctx["password_error"] = true;
      ctx["show_forgot"] = true;
      break;
    case Errc::temporarily_locked:
    case Errc::too_many_requests:
      ctx["show_forgot"] = true;
      ctx["show_help"] = true;
      break;
    case Errc::permanently_locked:
    case Errc::inactive: ctx["show_help"] = true; break;
    default: break;
  }
  Response page = app.page(http_status(e.code), "login_form", ctx, req);
  set_retry_after(page, e);
  if (e.code == Errc::too_many_requests) page.hold = app.config().refusal_delay;
  for (auto& h : cookies.headers) page.headers.push_back(h);
  return page;
}

Response account_home(WebApp& app, Request& req, const std::vector<std::string>&) {
  auto session = app.member_session(req);
  if (!session) return app.redirect("/connexion");
  auto& s = app.services();
  auto member = s.store.find_member(session->subject);
  if (!member) return app.redirect("/connexion");
  auto lock = s.store.read_lockout(session->subject);
  std::string nir_formatted = member->entry.nir13;
  if (auto n = nir::parse(member->entry.nir13)) nir_formatted = n->formatted();
  return app.page(200, "account_home",
                  {{"title", "Mon compte"},
                   {"signed_in", true},
                   {"csrf", session->csrf_token},
                   {"given_names", member->entry.given_names},
                   {"family_name", member->entry.family_name},
                   {"nir_formatted", nir_formatted},
                   {"organisme_name", member->organisme.name},
                   {"temp_locked", account::display_state(member->account, lock, s.clock.now()) == "temp_locked"},
                   {"device_trust", s.settings.device_trust},
                   {"devices", devices_json(app, req, session->subject, true)},
                   {"sign_ins", sign_ins_json(app, session->subject, true)},
                   {"device_removed", req.query.contains("appareil-retire")}},
                  req);
}

Response logout(WebApp& app, Request& req, const std::vector<std::string>&) {
  auto session = app.member_session(req);
  auto form = req.form();
  if (session && !app.check_csrf(req, form, session)) return app.redirect("/mon-compte");
  if (auto c = WebApp::read_cookie(req, "mc_session")) app.services().sessions.close(*c);
  Response extra;  // a FranceConnect session is ended on FranceConnect's side too
  auto next = session ? app.after_logout(req, *session, extra) : std::nullopt;
  Response r = app.redirect(next.value_or("/connexion?deconnecte=1"));
  r.header("Set-Cookie", app.session_cookie(req, "", true));
  for (auto& h : extra.headers) r.headers.push_back(h);
  return r;
}

}  // namespace

void register_page_routes(WebApp& app) {
  app.route("GET", "/", home);
  app.route("GET", "/connexion", login_form);
  app.route("POST", "/connexion", login_submit);
  app.route("GET", "/mon-compte", account_home);
  app.route("POST", "/deconnexion", logout);
}

}  // namespace mc::http
