#include "adapters/http/web_app.hpp"

#include <variant>

#include "adapters/http/error_mapping.hpp"
#include "core/embedded.hpp"
#include "core/ports/crypto.hpp"
#include "core/ports/session.hpp"
#include "core/ports/store.hpp"
#include "core/storage_wait.hpp"

namespace mc::http {

using json = nlohmann::json;

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    auto slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > pos) out.emplace_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return out;
}

std::string_view content_type_for(std::string_view path) {
  if (path.ends_with(".css")) return "text/css; charset=utf-8";
  if (path.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (path.ends_with(".svg")) return "image/svg+xml";
  if (path.ends_with(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

constexpr const char* kSessionCookie = "mc_session";
constexpr const char* kCsrfCookie = "mc_csrf";
constexpr const char* kDeviceCookie = "mc_device";

}  // namespace

WebApp::WebApp(Services services, WebConfig config)
    : services_(services), config_(std::move(config)),
      templates_(std::make_unique<Templates>([](std::string_view name) -> std::optional<std::string_view> {
        return embedded::web_assets("templates/" + std::string(name) + ".html");
      })) {
  register_api_routes(*this);
  register_page_routes(*this);
  register_device_routes(*this);
  register_member_data_routes(*this);
  register_help_routes(*this);
}

WebApp::~WebApp() {
  if (health_thread_.joinable()) health_thread_.join();
}

void WebApp::route(std::string method, std::string_view pattern, RouteHandler handler) {
  routes_.push_back({std::move(method), split_path(pattern), std::move(handler)});
}

Response WebApp::handle(Request& req) {
  Response res;
  storage_wait::Scope storage_budget(config_.storage_wait);
  try {
    if (req.path.starts_with("/static/")) {
      res = serve_static(req);
    } else {
      auto segments = split_path(req.path);
      bool path_matched = false;
      const Route* found = nullptr;
      std::vector<std::string> params;
      for (const auto& r : routes_) {
        if (r.segments.size() != segments.size()) continue;
        std::vector<std::string> captured;
        bool ok = true;
        for (std::size_t i = 0; i < segments.size() && ok; ++i) {
          const auto& s = r.segments[i];
          if (s.size() > 2 && s.front() == '{' && s.back() == '}')
            captured.push_back(segments[i]);
          else
            ok = s == segments[i];
        }
        if (!ok) continue;
        path_matched = true;
        if (r.method == req.method) {
          found = &r;
          params = std::move(captured);
          break;
        }
      }
      if (found) {
        res = found->handler(*this, req, params);
      } else if (path_matched) {
        res = req.path.starts_with("/api/") ? json_error(Errc::invalid_input, "Méthode non autorisée.") : not_found(req);
        res.status = 405;
      } else {
        res = req.path.starts_with("/api/") ? json_error(Errc::not_found, "Ressource inconnue.") : not_found(req);
      }
    }
  } catch (const StorageError& e) {
    res = storage_unavailable(req, e);
  } catch (const std::exception& e) {
    res = internal_error(req, e.what());
  } catch (...) {
    res = internal_error(req, "unknown exception");
  }
  retire_legacy_cookies(req, res);
  add_security_headers(req, res);
  return res;
}

std::string WebApp::logged_path(const Request& req) const {
  return config_.redact_path ? config_.redact_path(req.path) : req.path;
}

Response WebApp::storage_unavailable(const Request& req, const StorageError& e) {
  const auto cause = to_string(e.cause());
  services_.metrics.inc("moncompte_storage_errors_total",
                        Metrics::label("cause", cause) + "," + Metrics::label("backend", e.backend()));
  if (config_.log)
    config_.log("warn", "storage_" + std::string(cause),
                {{"operation", e.operation()}, {"backend", e.backend()}, {"error", e.what()},
                 {"method", req.method}, {"path", req.path.starts_with("/api/") ? logged_path(req) : std::string("page")}});
  if (req.path.starts_with("/api/"))
    return json_error(Errc::unavailable, "Le service est momentanément indisponible. Réessayez dans un instant.");
  Response res = page(http_status(Errc::unavailable), "error",
                      {{"title", "Service momentanément indisponible"},
                       {"message", "Le service est momentanément indisponible. Vos informations n'ont pas été "
                                   "modifiées. Réessayez dans quelques instants."}},
                      req);
  set_retry_after(res, Error{Errc::unavailable, "", {}});
  return res;
}

Response WebApp::internal_error(const Request& req, std::string_view what) {
  std::string reference;
  try {
    reference = services_.sessions.random_token(6);
  } catch (...) {
    reference = "inconnue";
  }
  services_.metrics.inc("moncompte_internal_errors_total");
  if (config_.log)
    config_.log("error", "internal_error",
                {{"request_id", reference}, {"error", std::string(what)}, {"method", req.method},
                 {"path", req.path.starts_with("/api/") ? logged_path(req) : std::string("page")}});
  Response res =
      req.path.starts_with("/api/")
          ? json_error(Errc::internal, "Une erreur inattendue s'est produite.", {{"request_id", reference}})
          : page(http_status(Errc::internal), "error",
                 {{"title", "Une erreur inattendue s'est produite"},
                  {"message", "Réessayez dans quelques instants. Si l'erreur se répète, contactez le 36 46 en "
                              "indiquant la référence " + reference + "."}},
                 req);
  res.header("X-Request-Id", reference);
  return res;
}

std::string WebApp::storage_health() {
  std::shared_future<std::string> probe;
  {
    std::lock_guard lock(health_mutex_);
    const bool running = health_probe_.valid() && health_probe_.wait_for(std::chrono::seconds(0)) != std::future_status::ready;
    if (!running) {
      if (health_thread_.joinable()) health_thread_.join();  // finished: its result is set
      auto result = std::make_shared<std::promise<std::string>>();
      health_probe_ = result->get_future().share();
      health_thread_ = std::thread([this, result] {
        std::string why;
        try {
          why = services_.store.ping() ? std::string() : std::string("down");
        } catch (const StorageError& e) {
          why = std::string(to_string(e.cause()));
        } catch (...) {
          why = "down";
        }
        result->set_value(why);
      });
    }
    probe = health_probe_;
  }
  if (probe.wait_for(std::chrono::milliseconds(900)) != std::future_status::ready) return "timeout";
  return probe.get();
}

void WebApp::add_security_headers(const Request& req, Response& res) const {
  std::string form_action = "'self'";
  for (const auto& o : config_.form_action_origins) form_action += " " + o;
  res.header("Content-Security-Policy",
             "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
             "base-uri 'none'; frame-ancestors 'none'; form-action " + form_action);
  res.header("X-Content-Type-Options", "nosniff");
  res.header("X-Frame-Options", "DENY");
  res.header("Referrer-Policy", "no-referrer");
  res.header("Cross-Origin-Opener-Policy", "same-origin");
  res.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  if (!req.path.starts_with("/static/")) res.header("Cache-Control", "no-store");
  if (transport(req).hsts) res.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

Response WebApp::serve_static(const Request& req) {
  std::string rel = req.path.substr(1);  // "static/app.css"
  if (rel.find("..") != std::string::npos) return not_found(req);
  auto asset = embedded::web_assets(rel);
  if (!asset || req.method != "GET") return not_found(req);
  Response r;
  r.content_type = content_type_for(rel);
  r.body = std::string(*asset);
  r.header("Cache-Control", "public, max-age=3600");
  return r;
}

Transport transport_policy(const WebConfig& config, const Request& req) {
  const bool https_site = config.base_url.starts_with("https://");
  const bool over_tls = req.secure;
  Transport t;
  t.hsts = https_site || over_tls;
  if (config.cookie_secure == "always")
    t.secure_cookies = true;
  else if (config.cookie_secure == "never")
    t.secure_cookies = false;
  else
    t.secure_cookies = https_site || over_tls;
  return t;
}

bool valid_cookie_secure(std::string_view mode) { return mode == "auto" || mode == "always" || mode == "never"; }

std::string WebApp::cookie_name(const Request& req, std::string_view base) const {
  return (transport(req).secure_cookies ? "__Host-" : "") + std::string(base);
}

std::string WebApp::make_cookie(const Request& req, std::string_view base, std::string_view value,
                                std::string_view attributes, bool clear) const {
  const bool secure = transport(req).secure_cookies;
  std::string c = cookie_name(req, base) + "=" + (clear ? std::string() : std::string(value)) + "; Path=/";
  if (!attributes.empty()) c += "; " + std::string(attributes);
  if (secure) c += "; Secure";
  if (clear) c += "; Max-Age=0";
  return c;
}

std::optional<std::string> WebApp::read_cookie(const Request& req, std::string_view base) {
  if (auto v = req.cookie("__Host-" + std::string(base))) return v;
  return req.cookie(base);
}

void WebApp::retire_legacy_cookies(const Request& req, Response& res) const {
  if (!transport(req).secure_cookies) return;
  std::vector<std::string> retire;
  for (const auto& [name, value] : res.headers) {
    if (name != "Set-Cookie" || !value.starts_with("__Host-")) continue;
    std::string base = value.substr(7, value.find('=') - 7);
    if (req.cookie(base)) retire.push_back(base);
  }
  for (const auto& base : retire) res.header("Set-Cookie", base + "=; Path=/; Max-Age=0");
}

std::optional<ports::Session> WebApp::member_session(const Request& req) {
  auto cookie = read_cookie(req, kSessionCookie);
  if (!cookie) return std::nullopt;
  auto s = services_.sessions.validate(*cookie, services_.settings.member_sessions);
  if (!s || s->kind != "member") return std::nullopt;
  return s;
}

std::string WebApp::session_cookie(const Request& req, const std::string& value, bool clear) const {
  return make_cookie(req, kSessionCookie, value, "HttpOnly; SameSite=Lax", clear);
}

std::string WebApp::device_cookie(const Request& req, const std::string& value) const {
  return make_cookie(req, kDeviceCookie, value, "Max-Age=31536000; HttpOnly; SameSite=Lax");
}

std::string WebApp::device_cookie_value(const Request& req) { return read_cookie(req, kDeviceCookie).value_or(""); }

app::LoginRequest WebApp::login_request(const Request& req, std::string nir, std::string password) const {
  return {std::move(nir), std::move(password), req.client_ip, device_cookie_value(req), req.header("User-Agent")};
}

std::string WebApp::anonymous_csrf(const Request& req, Response& res) {
  auto existing = read_cookie(req, kCsrfCookie);
  if (existing && existing->size() == 64) return *existing;
  std::string token = services_.sessions.random_token(32);
  res.header("Set-Cookie", make_cookie(req, kCsrfCookie, token, "HttpOnly; SameSite=Strict"));
  return token;
}

bool WebApp::check_csrf(const Request& req, const std::map<std::string, std::string>& form,
                        const std::optional<ports::Session>& session) {
  auto it = form.find("csrf");
  if (it == form.end() || it->second.empty()) return false;
  if (session) return services_.crypto.equal(it->second, session->csrf_token);
  auto cookie = read_cookie(req, kCsrfCookie);
  return cookie && services_.crypto.equal(it->second, *cookie);
}

Response WebApp::page(int status, std::string_view template_name, json context, const Request& /*req*/) {
  if (!context.contains("title")) context["title"] = "MonCompte";
  if (!context.contains("signed_in")) context["signed_in"] = false;
  if (!context.contains("franceconnect")) context["franceconnect"] = config_.franceconnect;
  context["content"] = templates_->render(template_name, context);
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = templates_->render("layout", context);
  return r;
}

Response WebApp::anonymous_page(const Request& req, int status, std::string_view template_name, json context) {
  Response cookies;
  context["csrf"] = anonymous_csrf(req, cookies);
  Response r = page(status, template_name, std::move(context), req);
  for (auto& h : cookies.headers) r.headers.push_back(std::move(h));
  return r;
}

void WebApp::count_sign_in(const Result<app::SignedIn>& answer, const app::LoginTrace& trace) {
  const std::string_view result = answer ? std::string_view("ok") : result_code(answer.error().code);
  services_.metrics.inc("moncompte_login_attempts_total", Metrics::label("result", result));
  if (trace.lock_triggered)
    services_.metrics.inc(
        "moncompte_locks_total",
        Metrics::label("kind", !answer && answer.error().code == Errc::permanently_locked ? "permanent" : "temporary"));
}

Response WebApp::redirect(std::string location, int status) {
  Response r;
  r.status = status;
  r.header("Location", std::move(location));
  return r;
}

Response WebApp::not_found(const Request& req) {
  return page(404, "error",
              {{"title", "Page introuvable"},
               {"message", "Cette page n'existe pas. Vérifiez l'adresse, ou revenez à l'accueil."}},
              req);
}

std::variant<json, Response> WebApp::json_body(const Request& req) {
  if (!req.is_json())
    return json_response(415, {{"result", "unsupported_media_type"},
                               {"message", "Le corps de la requête doit être du JSON (Content-Type: application/json)."}});
  // A JSON API cannot be posted cross-site without a CORS preflight, which is never granted; an
  // Origin header from elsewhere is refused as well.
  std::string origin = req.header("Origin");
  if (!origin.empty() && origin != "null") {
    std::string host = req.header("Host");
    bool same = origin == config_.base_url || origin == "http://" + host || origin == "https://" + host;
    if (!same) return json_error(Errc::forbidden, "Origine de la requête refusée.");
  }
  try {
    json j = json::parse(req.body);
    if (!j.is_object()) return json_error(Errc::invalid_input, "Le corps de la requête doit être un objet JSON.");
    return j;
  } catch (const json::parse_error&) {
    return json_error(Errc::invalid_input, "JSON invalide (syntaxe ou encodage UTF-8).");
  }
}

}  // namespace mc::http
