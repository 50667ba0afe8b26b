// Server-rendered pages of the sign-in journey (French, no inline script).
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/web_app.hpp"
#include "core/nir/nir.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/store.hpp"

namespace mc::http {

using json = nlohmann::json;
using Kind = app::LoginOutcome::Kind;

namespace {

int page_status(Kind k) {
  switch (k) {
    case Kind::invalid_nir: return 400;
    case Kind::invalid_credentials: return 401;
    case Kind::temporarily_locked:
    case Kind::permanently_locked: return 423;
    case Kind::inactive:
    case Kind::pending:
    case Kind::other_space: return 403;
    case Kind::busy: return 503;
    case Kind::too_many_requests: return 429;
    case Kind::invalid_input: return 400;
    case Kind::ok: return 200;
  }
  return 400;
}

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
    Response page = app.page(403, "login_form",
                             {{"title", "Se connecter"},
                              {"csrf", csrf},
                              {"nir", form["nir"]},
                              {"error", "Le formulaire a expiré. Saisissez à nouveau vos identifiants."}},
                             req);
    for (auto& h : cookies.headers) page.headers.push_back(h);
    return page;
  }
  auto outcome = app.services().login(app.login_request(req, form["nir"], form["password"]));
  app.count_sign_in(outcome);
  if (outcome.kind == Kind::ok) {
    Response r = app.redirect("/mon-compte");
    r.header("Set-Cookie", app.session_cookie(req, outcome.session->cookie_value));
    if (outcome.device_cookie) r.header("Set-Cookie", app.device_cookie(req, *outcome.device_cookie));
    return r;
  }
  json ctx = {{"title", "Se connecter"}, {"csrf", csrf}, {"nir", form["nir"]}, {"error", outcome.message}};
  if (outcome.kind == Kind::invalid_nir) {
    ctx["nir_error"] = outcome.message;
    ctx["error"] = "Le numéro de sécurité sociale saisi n'est pas valide.";
  } else if (outcome.kind == Kind::invalid_credentials || outcome.kind == Kind::invalid_input) {
    ctx["password_error"] = true;
    ctx["show_forgot"] = true;
  } else if (outcome.kind == Kind::temporarily_locked || outcome.kind == Kind::too_many_requests) {
    ctx["show_forgot"] = true;
    ctx["show_help"] = true;
  } else if (outcome.kind == Kind::permanently_locked || outcome.kind == Kind::inactive) {
    ctx["show_help"] = true;
  }
  Response page = app.page(page_status(outcome.kind), "login_form", ctx, req);
  if (outcome.kind == Kind::temporarily_locked) page.header("Retry-After", std::to_string(outcome.retry_after_s));
  if (outcome.kind == Kind::busy || outcome.kind == Kind::too_many_requests)
    page.header("Retry-After", std::to_string(outcome.retry_after_s));
  if (outcome.kind == Kind::too_many_requests) page.hold = app.config().refusal_delay;
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
