// JSON API of SPEC §11 (sign-in part) and the operator endpoints.
#include <variant>

#include "adapters/http/error_mapping.hpp"
#include "adapters/http/web_app.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/store.hpp"

namespace mc::http {

using json = nlohmann::json;

namespace {

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// SPEC §11 words two login details its own way: the NIR's sentence as `detail` and its rule as
// `reason`, and the next lock as `next_lock`. Status and Retry-After come from error_mapping.
Response login_error(const Error& e) {
  json body = error_body(e);
  if (e.code == Errc::invalid_credentials) {
    body.erase("next_lock_is_permanent");
    body["next_lock"] = e.details.next_lock_is_permanent ? "permanent" : "temporary";
  }
  if (e.code == Errc::temporarily_locked || e.code == Errc::too_many_requests)
    body["retry_after_s"] = e.details.retry_after_s;
  Response r = json_response(http_status(e.code), body);
  set_retry_after(r, e);
  return r;
}

Response login(WebApp& app, Request& req, const std::vector<std::string>&) {
  auto body = app.json_body(req);
  if (auto* err = std::get_if<Response>(&body)) return *err;
  const json& j = std::get<json>(body);
  app::LoginTrace trace;
  auto signed_in = app.services().login(app.login_request(req, str(j, "nir"), str(j, "password")), &trace);
  app.count_sign_in(signed_in, trace);
  if (!signed_in) {
    Response r = login_error(signed_in.error());
    if (signed_in.error().code == Errc::too_many_requests) r.hold = app.config().refusal_delay;
    return r;
  }
  Response r = json_response(200, {{"result", "ok"}});
  r.header("Set-Cookie", app.session_cookie(req, signed_in->session.cookie_value));
  if (signed_in->device_cookie) r.header("Set-Cookie", app.device_cookie(req, *signed_in->device_cookie));
  return r;
}

Response me(WebApp& app, Request& req, const std::vector<std::string>&) {
  auto session = app.member_session(req);
  if (!session) return json_error(Errc::unauthenticated, "Vous n'êtes pas connecté, ou votre session a expiré.");
  auto& s = app.services();
  auto member = s.store.find_member(session->subject);
  if (!member) return json_error(Errc::unauthenticated, "Session invalide.");
  auto lock = s.store.read_lockout(session->subject);
  return json_response(200, {{"nir13", member->entry.nir13},
                             {"family_name", member->entry.family_name},
                             {"given_names", member->entry.given_names},
                             {"organisme", member->organisme.code},
                             {"organisme_name", member->organisme.name},
                             {"account_state", account::display_state(member->account, lock, s.clock.now())},
                             {"auth_method", session->auth_method}});
}

Response logout(WebApp& app, Request& req, const std::vector<std::string>&) {
  auto body = app.json_body(req);
  if (auto* err = std::get_if<Response>(&body)) return *err;
  auto session = app.member_session(req);
  if (auto c = WebApp::read_cookie(req, "mc_session")) app.services().sessions.close(*c);
  // A FranceConnect session also ends on FranceConnect's side: the client navigates there (a
  // JSON answer rather than a cross-origin redirect, which fetch() could not follow).
  Response extra;
  auto next = session ? app.after_logout(req, *session, extra) : std::nullopt;
  json out = {{"result", "ok"}};
  if (next) out["franceconnect_logout_url"] = *next;
  Response r = json_response(200, out);
  r.header("Set-Cookie", app.session_cookie(req, "", true));
  for (auto& h : extra.headers) r.headers.push_back(h);
  return r;
}

// 200, or 503 with the reason (locked, full, read_only, connection_lost, io, down, timeout); the store's
// ping has its own short budget so that the answer comes within a second.
Response healthz(WebApp& app, Request&, const std::vector<std::string>&) {
  const std::string why = app.storage_health();
  Response r = why.empty() ? json_response(200, {{"status", "ok"}})
                           : json_response(503, {{"status", "unavailable"}, {"storage", why}});
  if (!why.empty()) set_retry_after(r, Error{Errc::unavailable, "", {}});
  return r;
}

Response metrics(WebApp& app, Request& req, const std::vector<std::string>&) {
  // Operators only (issue 17): from metrics.allow_cidrs, or on the metrics.listen address.
  if (!app.config().metrics_here) return json_error(Errc::not_found, "Ressource inconnue.");
  bool allowed = false;
  for (const auto& block : app.config().metrics_allow) allowed = allowed || block.contains(req.client_ip);
  if (!allowed) return json_error(Errc::forbidden, "Les métriques ne sont servies qu'aux adresses de metrics.allow_cidrs.");
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = app.services().metrics.render();
  return r;
}

}  // namespace

void register_api_routes(WebApp& app) {
  app.route("GET", "/healthz", healthz);
  app.route("GET", "/metrics", metrics);
  app.route("POST", "/api/v1/login", login);
  app.route("GET", "/api/v1/me", me);
  app.route("POST", "/api/v1/logout", logout);
}

}  // namespace mc::http
