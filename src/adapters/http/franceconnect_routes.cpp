// FranceConnect: the relying party behind the use case's port, the routes of SPEC §11 and the
// French pages of every outcome (web/templates/franceconnect_*.html).
#include "adapters/http/franceconnect_routes.hpp"

#include "app/login.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/franceconnect_provider.hpp"
#include "core/ports/session.hpp"

namespace mc::http {

using json = nlohmann::json;
using Kind = app::FranceConnectOutcome::Kind;
using Failure = ports::FranceConnectProvider::Failure;

namespace {

class OidcProvider final : public ports::FranceConnectProvider {
 public:
  explicit OidcProvider(oidc::ProviderConfig config) : client_(std::move(config)) {}

  std::expected<std::string, Failure> authorization_url(std::string_view state, std::string_view nonce) override {
    auto url = client_.authorization_url(state, nonce);
    if (!url) return std::unexpected(failure(url.error()));
    return *url;
  }
  bool callback_issuer_ok(std::string_view iss) const override { return client_.callback_issuer_ok(iss); }
  std::expected<Login, Failure> complete_login(std::string_view code, std::string_view nonce, Instant now) override {
    auto r = client_.complete_login(code, nonce, to_millis(now) / 1000);
    if (!r) return std::unexpected(failure(r.error()));
    Login out{std::move(r->identity), r->id.acr, std::move(r->tokens.id_token)};
    out.person.sub = r->id.sub;  // the client checked that userinfo's sub is the ID token's
    return out;
  }
  std::expected<std::string, Failure> end_session_url(std::string_view id_token_hint, std::string_view state) override {
    auto url = client_.end_session_url(id_token_hint, state);
    if (!url) return std::unexpected(failure(url.error()));
    return *url;
  }

 private:
  static Failure failure(const oidc::Error& e) { return {std::string(oidc::to_string(e.code)), e.detail, e.transient()}; }
  oidc::FranceConnectClient client_;
};

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

Response outcome_page(WebApp& app, const Request& req, const app::FranceConnectOutcome& o) {
  switch (o.kind) {
    case Kind::ok: break;
    case Kind::invalid_flow:
      return app.page(400, "franceconnect_expired", {{"title", "Connexion FranceConnect expirée"}}, req);
    case Kind::cancelled:
      return app.page(200, "franceconnect_cancelled", {{"title", "Connexion FranceConnect annulée"}}, req);
    case Kind::provider_error: {
      Response r = app.page(502, "franceconnect_failed",
                            {{"title", "Connexion FranceConnect impossible"}, {"transient", o.transient}}, req);
      if (o.transient) r.header("Retry-After", "120");
      return r;
    }
    case Kind::no_match:
      return app.page(403, "franceconnect_no_match", {{"title", "Identité non retrouvée"}, {"none", true}}, req);
    case Kind::several_matches:
      return app.page(403, "franceconnect_no_match", {{"title", "Identité à vérifier"}, {"several", true}}, req);
    case Kind::link_conflict:
      return app.page(409, "franceconnect_no_match", {{"title", "Identité à vérifier"}, {"conflict", true}}, req);
    case Kind::no_account:
      return app.page(403, "franceconnect_no_account", {{"title", "Vous n'avez pas encore de compte"}}, req);
    case Kind::other_space:
      return app.page(403, "franceconnect_other_space",
                      {{"title", "Votre espace en ligne est ailleurs"},
                       {"organisme_name", o.organisme->name},
                       {"online_space", o.organisme->online_space},
                       {"phone", o.organisme->phone}},
                      req);
    case Kind::pending:
      return app.page(403, "franceconnect_pending", {{"title", "Compte pas encore activé"}}, req);
    case Kind::inactive:
      return app.page(403, "franceconnect_inactive", {{"title", "Compte désactivé"}}, req);
    case Kind::permanently_locked:
      return app.page(423, "franceconnect_locked", {{"title", "Compte bloqué"}}, req);
    case Kind::temporarily_locked: {
      Response r = app.page(423, "franceconnect_temp_locked",
                            {{"title", "Compte bloqué temporairement"},
                             {"message", app::temporarily_locked_message(o.retry_after_s)}},
                            req);
      r.header("Retry-After", std::to_string(o.retry_after_s));
      return r;
    }
  }
  return app.page(502, "franceconnect_failed", {{"title", "Connexion FranceConnect impossible"}}, req);
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

bool is_warning(Kind k) {
  return k == Kind::provider_error || k == Kind::invalid_flow || k == Kind::link_conflict || k == Kind::several_matches;
}

}  // namespace

std::unique_ptr<ports::FranceConnectProvider> make_franceconnect_provider(oidc::ProviderConfig config) {
  return std::make_unique<OidcProvider>(std::move(config));
}

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
      Response r = a.page(503, "franceconnect_failed",
                          {{"title", "Connexion FranceConnect impossible"}, {"transient", true}}, req);
      r.header("Retry-After", "120");
      return r;
    }
    Response r = a.redirect(started->url, 302);
    r.header("Set-Cookie", flow_cookie(a, req, started->flow_cookie));
    return r;
  });

  app.route("GET", "/api/v1/franceconnect/callback", [&login, log](WebApp& a, Request& req, const auto&) {
    auto o = login.callback({query(req, "code"), query(req, "state"), query(req, "error"),
                             query(req, "error_description"), query(req, "iss")},
                            WebApp::read_cookie(req, kFlowCookie).value_or(""), req.client_ip);
    const std::string result(app::result_code(o.kind));
    a.services().metrics.inc("moncompte_franceconnect_logins_total", Metrics::label("result", result));
    log(is_warning(o.kind), "franceconnect_callback", {{"result", result}, {"detail", o.log_detail}});
    Response r = o.kind == Kind::ok ? a.redirect("/mon-compte") : outcome_page(a, req, o);
    if (o.session) r.header("Set-Cookie", a.session_cookie(req, o.session->cookie_value));
    if (o.kind == Kind::ok && o.session) grant_device(a, req, o.session->session.subject, r);
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
