// JSON API of SPEC §11 (sign-in part) and the operator endpoints.
#include <variant>

#include "adapters/http/error_mapping.hpp"
#include "adapters/http/web_app.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/store.hpp"

namespace mc::http {

using json = nlohmann::json;
using Kind = app::LoginOutcome::Kind;

namespace {

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Errc errc_of(Kind k) {
  switch (k) {
    case Kind::ok: return Errc::internal;
    case Kind::invalid_nir: return Errc::invalid_nir;
    case Kind::invalid_credentials: return Errc::invalid_credentials;
    case Kind::temporarily_locked: return Errc::temporarily_locked;
    case Kind::permanently_locked: return Errc::permanently_locked;
    case Kind::inactive: return Errc::inactive;
    case Kind::pending: return Errc::pending;
    case Kind::other_space: return Errc::other_space;
    case Kind::busy: return Errc::busy;
    case Kind::invalid_input: return Errc::invalid_input;
    case Kind::too_many_requests: return Errc::too_many_requests;
  }
  return Errc::internal;
}

Response login(WebApp& app, Request& req, const std::vector<std::string>&) {
  auto body = app.json_body(req);
  if (auto* err = std::get_if<Response>(&body)) return *err;
  const json& j = std::get<json>(body);
  auto outcome = app.services().login(app.login_request(req, str(j, "nir"), str(j, "password")));
  app.count_sign_in(outcome);
  if (outcome.kind == Kind::ok) {
    Response r = json_response(200, {{"result", "ok"}});
    r.header("Set-Cookie", app.session_cookie(req, outcome.session->cookie_value));
    if (outcome.device_cookie) r.header("Set-Cookie", app.device_cookie(req, *outcome.device_cookie));
    return r;
  }
  json extra = json::object();
  switch (outcome.kind) {
    case Kind::invalid_nir: extra = {{"detail", outcome.message}, {"reason", outcome.detail_code}}; break;
    case Kind::invalid_credentials:
      extra = {{"attempts_before_lock", outcome.attempts_before_lock},
               {"next_lock", outcome.next_lock_is_permanent ? "permanent" : "temporary"}};
      break;
    case Kind::temporarily_locked:
    case Kind::too_many_requests: extra = {{"retry_after_s", outcome.retry_after_s}}; break;
    case Kind::other_space:
      extra = {{"organisme", outcome.organisme->name},
               {"online_space", outcome.organisme->online_space},
               {"phone", outcome.organisme->phone}};
      break;
    default: break;
  }
  Response r = json_error(errc_of(outcome.kind), outcome.message, extra);
  if (outcome.kind == Kind::temporarily_locked || outcome.kind == Kind::too_many_requests)
    r.header("Retry-After", std::to_string(outcome.retry_after_s));
  if (outcome.kind == Kind::too_many_requests) r.hold = app.config().refusal_delay;
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
  if (!why.empty()) r.header("Retry-After", std::to_string(retry_after_s(Errc::unavailable)));
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
