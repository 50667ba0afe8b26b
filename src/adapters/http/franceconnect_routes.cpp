// FranceConnect: the routes of SPEC §11 and the French pages of every outcome
// (web/templates/franceconnect_*.html). The relying party itself is adapters/oidc.
#include "adapters/http/franceconnect_routes.hpp"

#include "adapters/http/error_mapping.hpp"
#include "app/login.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/devices.hpp"
#include "core/ports/session.hpp"

namespace mc::http {

using json = nlohmann::json;

namespace {

// The flow cookie: HttpOnly, and Lax because FranceConnect's return is a top-level GET from
// another site. No Max-Age: the flow row expires server-side. Path=/ as the __Host- prefix
// requires over https (issue 17): the cookie is only read by the FranceConnect routes.
constexpr const char* kFlowCookie = "mc_fc";

std::string flow_cookie(const WebApp& app, const Request& req, const std::string& value) {
  return app.make_cookie(req, kFlowCookie, value, "HttpOnly; SameSite=Lax", value.empty());
}

std::string query(const Request& req, const char* name) {
  auto it = req.query.find(name);
  return it == req.query.end() ? std::string() : it->second;
}

// The page of a refused callback: its status and Retry-After from error_mapping, its text from
// the template (docs/franceconnect.md, "Callback outcomes").
Response refusal_page(WebApp& app, const Request& req, const Error& e) {
  json ctx;
  std::string_view tpl = "franceconnect_failed";
  switch (e.code) {
    case Errc::invalid_flow: tpl = "franceconnect_expired", ctx = {{"title", "Connexion FranceConnect expirée"}}; break;
    case Errc::cancelled: tpl = "franceconnect_cancelled", ctx = {{"title", "Connexion FranceConnect annulée"}}; break;
    case Errc::no_match:
      tpl = "franceconnect_no_match", ctx = {{"title", "Identité non retrouvée"}, {"none", true}};
      break;
    case Errc::several_matches:
      tpl = "franceconnect_no_match", ctx = {{"title", "Identité à vérifier"}, {"several", true}};
      break;
    case Errc::link_conflict:
      tpl = "franceconnect_no_match", ctx = {{"title", "Identité à vérifier"}, {"conflict", true}};
      break;
    case Errc::no_account:
      tpl = "franceconnect_no_account", ctx = {{"title", "Vous n'avez pas encore de compte"}};
      break;
    case Errc::other_space:
      tpl = "franceconnect_other_space";
      ctx = {{"title", "Votre espace en ligne est ailleurs"},
             {"organisme_name", e.details.other_space->name},
             {"online_space", e.details.other_space->online_space},
             {"phone", e.details.other_space->phone}};
      break;
    case Errc::pending: tpl = "franceconnect_pending", ctx = {{"title", "Compte pas encore activé"}}; break;
    case Errc::inactive: tpl = "franceconnect_inactive", ctx = {{"title", "Compte désactivé"}}; break;
    case Errc::permanently_locked: tpl = "franceconnect_locked", ctx = {{"title", "Compte bloqué"}}; break;
    case Errc::temporarily_locked:
      tpl = "franceconnect_temp_locked";
      ctx = {{"title", "Compte bloqué temporairement"},
             {"message", app::temporarily_locked_message(e.details.retry_after_s)}};
      break;
    default:  // provider_error, unavailable: FranceConnect could not do its part
      ctx = {{"title", "Connexion FranceConnect impossible"}, {"transient", retry_after_s(e) > 0}};
      break;
  }
  Response r = app.page(http_status(e.code), tpl, ctx, req);
  set_retry_after(r, e);
  return r;
}

// FranceConnect proves who the member is as well as a password does: the browser becomes (or
// stays) a recognised device of the account (SPEC §3 device trust).
void grant_device(WebApp& app, const Request& req, const std::string& nir13, Response& r) {
  auto& s = app.services();
  if (!s.settings.device_trust) return;
  const std::string cookie = WebApp::device_cookie_value(req);
  auto grant = s.login.grant_device(nir13, cookie, s.login.recognised_device(nir13, cookie), req.header("User-Agent"),
                                    s.clock.now());
  s.devices.remember_device(grant.device);
  r.header("Set-Cookie", app.device_cookie(req, grant.cookie));
}

bool is_warning(Errc c) {
  return c == Errc::provider_error || c == Errc::invalid_flow || c == Errc::link_conflict || c == Errc::several_matches;
}

}  // namespace

void register_franceconnect_routes(WebApp& app, app::FranceConnectLogin& login, FranceConnectLog log) {
  if (!log) log = [](bool, std::string_view, const json&) {};
  app.services().metrics.describe("moncompte_franceconnect_logins_total", "counter",
                                  "FranceConnect callbacks by outcome.");

  app.route("GET", "/api/v1/franceconnect/authorize", [&login, log](WebApp& a, Request& req, const auto&) {
    if (a.member_session(req)) return a.redirect("/mon-compte");
    auto started = login.start();
    if (!started) {
      log(true, "franceconnect_unavailable", {{"code", started.error().code}, {"detail", started.error().detail}});
      a.services().metrics.inc("moncompte_franceconnect_logins_total", Metrics::label("result", "unavailable"));
      return refusal_page(a, req, Error{Errc::unavailable, "", {.retry_after_s = app::kFranceConnectRetryAfterS}});
    }
    Response r = a.redirect(started->url, 302);
    r.header("Set-Cookie", flow_cookie(a, req, started->flow_cookie));
    return r;
  });

  app.route("GET", "/api/v1/franceconnect/callback", [&login, log](WebApp& a, Request& req, const auto&) {
    app::FranceConnectTrace trace;
    auto signed_in = login.callback({query(req, "code"), query(req, "state"), query(req, "error"),
                                     query(req, "error_description"), query(req, "iss")},
                                    WebApp::read_cookie(req, kFlowCookie).value_or(""), req.client_ip, &trace);
    const std::string result(signed_in ? "ok" : result_code(signed_in.error().code));
    a.services().metrics.inc("moncompte_franceconnect_logins_total", Metrics::label("result", result));
    log(!signed_in && is_warning(signed_in.error().code), "franceconnect_callback",
        {{"result", result}, {"detail", trace.log_detail}});
    Response r = signed_in ? a.redirect("/mon-compte") : refusal_page(a, req, signed_in.error());
    if (signed_in) {
      r.header("Set-Cookie", a.session_cookie(req, signed_in->session.cookie_value));
      grant_device(a, req, signed_in->session.session.subject, r);
    }
    r.header("Set-Cookie", flow_cookie(a, req, ""));
    return r;
  });

  // FranceConnect sends the browser back here once its own session has ended.
  app.route("GET", "/api/v1/franceconnect/logout-callback", [&login, log](WebApp& a, Request& req, const auto&) {
    const bool ours = login.logout_returned(WebApp::read_cookie(req, kFlowCookie).value_or(""), query(req, "state"));
    if (!ours) log(true, "franceconnect_logout_unconfirmed", json::object());
    Response r = ours ? a.redirect("/connexion?deconnecte=1")
                      : a.page(200, "franceconnect_logged_out", {{"title", "Vous êtes déconnecté"}}, req);
    r.header("Set-Cookie", flow_cookie(a, req, ""));
    return r;
  });

  app.set_logout_hook([&app, &login, log](const Request& req, const ports::Session& ended,
                                          Response& extra) -> std::optional<std::string> {
    if (ended.auth_method != "franceconnect") return std::nullopt;
    auto out = login.logout(ended);
    if (!out) {
      // FranceConnect unreachable: our session is over anyway; FC's ends by itself (30 min).
      log(true, "franceconnect_logout_unavailable", json::object());
      return std::nullopt;
    }
    extra.header("Set-Cookie", flow_cookie(app, req, out->flow_cookie));
    return out->url;
  });
}

}  // namespace mc::http
