#pragma once
// The HTTP face of the service: routes, security headers, cookies, CSRF, pages and JSON API.
// Handlers stay short: parse, call a use case, render.
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <memory>
#include <optional>
#include <variant>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/http/message.hpp"
#include "adapters/http/metrics.hpp"
#include "adapters/http/templates.hpp"
#include "app/login.hpp"
#include "app/attestations.hpp"
#include "app/recovery.hpp"
#include "app/sessions.hpp"
#include "core/scam/checker.hpp"
#include "app/settings.hpp"
#include "core/error.hpp"
#include "core/ports.hpp"

namespace mc::http {

struct WebConfig {
  std::string base_url = "http://127.0.0.1:8080";
  std::string cookie_secure = "auto";  // auto (when the request came over TLS), always, never
  std::vector<std::string> form_action_origins;  // extra CSP form-action sources (FranceConnect)
  bool franceconnect = false;  // FranceConnect routes are registered: pages show its button
  // A 429 for a spent source budget is answered after this delay (no thread held meanwhile).
  std::chrono::milliseconds refusal_delay{1000};
  // storage.wait_ms: the most a request waits for the database, all statements together.
  std::chrono::milliseconds storage_wait{3000};
  // Where the edge reports what it cannot answer normally (storage errors, 500s); level is
  // "warn" or "error". Unset: nothing is logged.
  std::function<void(std::string_view level, std::string_view event, const nlohmann::json& fields)> log;
};

struct Services {
  app::Login& login;
  app::Sessions& sessions;
  ports::Store& store;
  ports::DeviceStore& devices;
  app::SourceThrottle& throttle;
  app::AttackMonitor& monitor;
  ports::PasswordHasher& hasher;
  ports::Crypto& crypto;
  const ports::Clock& clock;
  const app::Settings& settings;
  Metrics& metrics;
};

class WebApp;
using RouteHandler = std::function<Response(WebApp&, Request&, const std::vector<std::string>& params)>;

class WebApp {
 public:
  WebApp(Services services, WebConfig config);
  ~WebApp();

  // Entry point for the server: routing, errors, headers.
  Response handle(Request& req);

  // Registration, used by the route files (api_routes.cpp, page_routes.cpp) and by features.
  // Patterns are paths whose `{x}` segments are captured in order.
  void route(std::string method, std::string pattern, RouteHandler handler);

  // --- shared helpers for handlers ---
  Services& services() { return services_; }
  const WebConfig& config() const { return config_; }
  Templates& templates() { return *templates_; }

  // The logout routes call this with the session they end. A sign-in that must also be ended
  // elsewhere (FranceConnect) answers where to send the browser next and may add cookies to
  // `extra`; nullopt: nothing more to do.
  using LogoutHook = std::function<std::optional<std::string>(const Request&, const ports::Session&, Response& extra)>;
  void set_logout_hook(LogoutHook hook) { logout_hook_ = std::move(hook); }
  std::optional<std::string> after_logout(const Request& req, const ports::Session& ended, Response& extra) {
    return logout_hook_ ? logout_hook_(req, ended, extra) : std::nullopt;
  }

  // The signed-in member's session, if any (validated, touched).
  std::optional<ports::Session> member_session(const Request& req);
  std::string session_cookie(const Request& req, const std::string& value, bool clear = false) const;
  // The device cookie (SPEC §3 device trust): one year, kept at sign-out (it is not a session).
  std::string device_cookie(const Request& req, const std::string& value) const;
  [[nodiscard]] static std::string device_cookie_value(const Request& req);
  // What a sign-in needs from the request besides the form: source, device cookie, browser.
  [[nodiscard]] app::LoginRequest login_request(const Request& req, std::string nir, std::string password) const;

  // Anonymous forms carry a double-submit token (cookie + hidden field); signed-in forms the
  // session's token.
  std::string anonymous_csrf(const Request& req, Response& res);
  bool check_csrf(const Request& req, const std::map<std::string, std::string>& form,
                  const std::optional<ports::Session>& session);

  // A page in the layout: `template_name` is rendered into layout.html with `context`.
  Response page(int status, std::string_view template_name, nlohmann::json context, const Request& req);
  // The same for a form shown before sign-in: `csrf` is filled with the double-submit token and
  // its cookie is set when the browser has none yet.
  Response anonymous_page(const Request& req, int status, std::string_view template_name, nlohmann::json context);
  // Sign-in outcomes and the locks they set, for /metrics (API and page alike).
  void count_sign_in(const app::LoginOutcome& outcome);
  Response redirect(std::string location, int status = 303);
  Response not_found(const Request& req);

  // The one answer to a storage error (503 unavailable + Retry-After): JSON under /api/, the
  // French page elsewhere. Logged as storage_<cause> and counted in moncompte_storage_errors_total.
  Response storage_unavailable(const Request& req, const StorageError& e);
  // A failure nobody expected (500): logged with a reference the member can quote, which the
  // answer (JSON or page) shows.
  Response internal_error(const Request& req, std::string_view what);
  // Why the storage cannot be used now (a StorageError cause, "down", or "timeout" when the
  // probe took more than 0.9 s), for /healthz; empty when it can.
  std::string storage_health();

  // JSON body of an API request, or an error response (wrong type, invalid JSON, not an object).
  std::variant<nlohmann::json, Response> json_body(const Request& req);

 private:
  void add_security_headers(const Request& req, Response& res) const;
  // Whether cookies set in answer to `req` carry the Secure flag (session.cookie_secure).
  bool secure_cookies(const Request& req) const;
  Response serve_static(const Request& req);

  struct Route {
    std::string method;
    std::vector<std::string> segments;
    RouteHandler handler;
  };
  Services services_;
  WebConfig config_;
  std::unique_ptr<Templates> templates_;
  std::vector<Route> routes_;
  LogoutHook logout_hook_;
  // /healthz: one storage probe at a time, on its own thread, so that the answer comes within a
  // second even when the probe itself hangs (a host that drops packets, a full pool).
  std::mutex health_mutex_;
  std::shared_future<std::string> health_probe_;
  std::thread health_thread_;
};

void register_api_routes(WebApp& app);
void register_page_routes(WebApp& app);
void register_device_routes(WebApp& app);  // device_routes.cpp: "Mes appareils"
// The member's recognised devices (newest first), dates as ISO 8601 or for a page.
nlohmann::json devices_json(WebApp& app, const Request& req, const std::string& nir13, bool for_page);
void register_help_routes(WebApp& app);  // help_routes.cpp: /aide
void register_recovery_routes(WebApp& app, app::Recovery& recovery);
void register_attestation_routes(WebApp& app, app::Attestations& attestations);
void register_scam_routes(WebApp& app, const scam::Checker& checker);

}  // namespace mc::http
