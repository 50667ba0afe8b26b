#pragma once
// The HTTP face of the service: routes, security headers, cookies, CSRF, pages and JSON API.
// Handlers stay short: parse, call a use case, render.
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "adapters/http/message.hpp"
#include "adapters/http/metrics.hpp"
#include "adapters/http/templates.hpp"
#include "app/attestations.hpp"
#include "app/login.hpp"
#include "app/member_data.hpp"
#include "app/recovery.hpp"
#include "app/sessions.hpp"
#include "app/settings.hpp"
#include "core/error.hpp"
#include "core/ports/fwd.hpp"
#include "core/ports/session.hpp"
#include "core/scam/checker.hpp"
#include "core/throttle/source.hpp"

namespace mc::http {

struct WebConfig {
  std::string base_url = "http://127.0.0.1:8080";
  // auto (Secure when public.base_url is https or the request came over TLS), always, never.
  std::string cookie_secure = "auto";
  std::vector<std::string> form_action_origins;  // extra CSP form-action sources (FranceConnect)
  bool franceconnect = false;  // FranceConnect routes are registered: pages show its button
  // /metrics (issue 17): answered on this listener only to sources within these blocks
  // (metrics.allow_cidrs, default loopback); not at all when metrics.listen gives it its own.
  std::vector<throttle::Cidr> metrics_allow;
  bool metrics_here = true;
  // Paths as they may be logged: NIRs replaced by keyed pseudonyms (issue 17). Unset: as is.
  std::function<std::string(std::string_view)> redact_path;
  // A 429 for a spent source budget is answered after this delay (no thread held meanwhile).
  std::chrono::milliseconds refusal_delay{1000};
  // storage.wait_ms: the most a request waits for the database, all statements together.
  std::chrono::milliseconds storage_wait{3000};
  // Where the edge reports what it cannot answer normally (storage errors, 500s); level is
  // "warn" or "error". Unset: nothing is logged.
  std::function<void(std::string_view level, std::string_view event, const nlohmann::json& fields)> log;
};

// How the answer to one request is protected in transit (issue 17). One decision for every cookie
// and for HSTS, a function of the configuration and the request only: a service public over https
// (public.base_url) gets Secure cookies with the __Host- prefix and HSTS on every response whatever
// the proxy settings; a request that came over TLS (a trusted proxy's X-Forwarded-Proto, later
// the server's own TLS) as well. session.cookie_secure: always forces Secure cookies, never turns
// them off (local development over plain HTTP; HSTS still follows the base URL).
struct Transport {
  bool secure_cookies = false;  // Secure flag and __Host- prefixed names
  bool hsts = false;            // Strict-Transport-Security: max-age=31536000
};
[[nodiscard]] Transport transport_policy(const WebConfig& config, const Request& req);
// session.cookie_secure must be auto, always or never: false for anything else.
[[nodiscard]] bool valid_cookie_secure(std::string_view mode);

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
  app::MemberData* member_data = nullptr;  // "Historique de connexion", "Mes données" (member_data_routes.cpp)
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
  void route(std::string method, std::string_view pattern, RouteHandler handler);

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

  // Cookies (issue 17): `base` is the unprefixed name (mc_session); over a secure transport the
  // cookie is named __Host-<base>, Secure, Path=/. `attributes` follow the value ("HttpOnly;
  // SameSite=Lax"); `clear` expires it.
  [[nodiscard]] Transport transport(const Request& req) const { return transport_policy(config_, req); }
  [[nodiscard]] std::string cookie_name(const Request& req, std::string_view base) const;
  [[nodiscard]] std::string make_cookie(const Request& req, std::string_view base, std::string_view value,
                                        std::string_view attributes, bool clear = false) const;
  // The cookie's value as the browser sent it: the __Host- name first, else the plain one (plain
  // HTTP, and for one release the cookies set before issue 17, so that no one is signed out).
  [[nodiscard]] static std::optional<std::string> read_cookie(const Request& req, std::string_view base);

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
  void count_sign_in(const Result<app::SignedIn>& answer, const app::LoginTrace& trace);
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
  std::string logged_path(const Request& req) const;
  // After the handler: a legacy (unprefixed) cookie the browser still sends is expired whenever
  // its __Host- successor is set, so that the two never live side by side.
  void retire_legacy_cookies(const Request& req, Response& res) const;
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
void register_member_data_routes(WebApp& app);  // member_data_routes.cpp: sign-in history, "Mes données"
// The sign-in history as the account page and the API show it (member_data_routes.cpp).
[[nodiscard]] nlohmann::json sign_ins_json(WebApp& app, const std::string& nir13, bool for_page);
// The member's recognised devices (newest first), dates as ISO 8601 or for a page.
nlohmann::json devices_json(WebApp& app, const Request& req, const std::string& nir13, bool for_page);
void register_help_routes(WebApp& app);  // help_routes.cpp: /aide
void register_recovery_routes(WebApp& app, app::Recovery& recovery);
void register_attestation_routes(WebApp& app, app::Attestations& attestations);
void register_scam_routes(WebApp& app, const scam::Checker& checker);

}  // namespace mc::http
