#include "main/wiring.hpp"

#include <spdlog/sinks/stdout_sinks.h>

#include <thread>

#include "adapters/crypto/sodium.hpp"
#include "adapters/http/server.hpp"
#include "adapters/http/web_app.hpp"
#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/login.hpp"
#include "app/sessions.hpp"
#include "main/log.hpp"

namespace mc::wiring {

Instant SystemClock::now() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

std::unique_ptr<ports::Store> open_store(const std::string& url) {
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);
    if (path.empty()) throw std::runtime_error("--db sqlite:PATH needs a file path, e.g. sqlite:var/moncompte.sqlite");
    return std::make_unique<storage::SqliteStore>(path);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    throw std::runtime_error("this build has no PostgreSQL support yet");
  throw std::runtime_error("--db must be sqlite:PATH or postgresql://…, got '" + url + "'");
}

void setup_logging(const config::Config& cfg) {
  auto logger = spdlog::stdout_logger_mt("moncompte");
  spdlog::set_default_logger(logger);
  if (cfg.str("log.format") == "json")
    spdlog::set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l",%v})", spdlog::pattern_time_type::utc);
  else
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v", spdlog::pattern_time_type::utc);
  auto level = spdlog::level::from_str(cfg.str("log.level"));
  if (level == spdlog::level::off && cfg.str("log.level") != "off")
    throw config::ConfigError("configuration key 'log.level': unknown level '" + cfg.str("log.level") + "'");
  spdlog::set_level(level);
  spdlog::flush_on(spdlog::level::info);
}

namespace {

std::pair<std::string, unsigned short> split_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--listen expects HOST:PORT, got '" + listen + "'");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
    port = -1;
  }
  if (port < 0 || port > 65535) throw std::runtime_error("--listen: invalid port in '" + listen + "'");
  return {host, static_cast<unsigned short>(port)};
}

std::string route_label(const std::string& path) {
  if (path.starts_with("/api/") || path == "/healthz" || path == "/metrics") {
    // Path parameters (a NIR) must not become label values: keep the first three segments.
    std::size_t cut = 0;
    int slashes = 0;
    for (; cut < path.size(); ++cut)
      if (path[cut] == '/' && ++slashes == 4) break;
    return path.substr(0, cut);
  }
  if (path.starts_with("/static/")) return "static";
  return "page";
}

}  // namespace

int serve(const std::string& listen, const std::string& db_url, config::Config& cfg) {
  crypto::init_sodium();
  auto [host, port] = split_listen(listen.empty() ? cfg.str("server.listen") : listen);
  auto store = open_store(db_url);

  SystemClock clock;
  crypto::SodiumCrypto sodium;
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  unsigned hashing_threads = cfg.integer("password.hashing_threads") ? static_cast<unsigned>(cfg.integer("password.hashing_threads")) : cores;
  unsigned hashing_queue = cfg.integer("password.hashing_queue") ? static_cast<unsigned>(cfg.integer("password.hashing_queue")) : hashing_threads;
  crypto::Argon2Hasher hasher({static_cast<unsigned>(cfg.integer("password.argon2_t_cost")),
                               static_cast<std::size_t>(cfg.integer("password.argon2_m_cost_kib"))},
                              hashing_threads, hashing_queue);

  app::Settings settings;
  settings.lockout.temporary_lock = minutes(cfg.number("lockout.temporary_minutes"));
  settings.lockout.failure_reset = hours(cfg.number("lockout.failure_reset_hours"));
  settings.member_sessions = {minutes(cfg.number("session.idle_minutes")), hours(cfg.number("session.absolute_hours"))};
  settings.staff_sessions = {minutes(cfg.number("session.staff_idle_minutes")), hours(cfg.number("session.absolute_hours"))};
  settings.inactivity_months = cfg.number("inactivity_months");

  app::Sessions sessions(*store, sodium, clock);
  app::Login login(*store, hasher, clock, sessions, settings);

  http::Metrics metrics;
  metrics.describe("moncompte_login_attempts_total", "counter", "Sign-in attempts by outcome.");
  metrics.describe("moncompte_locks_total", "counter", "Locks set by a failed sign-in, by kind.");
  metrics.describe("moncompte_hashing_queue_depth", "gauge", "Sign-ins admitted to the Argon2id pool (running or waiting).");
  metrics.describe("moncompte_http_requests_total", "counter", "HTTP responses by route and status.");
  metrics.describe("moncompte_http_request_duration_seconds", "histogram", "Time spent handling requests, by route.");
  metrics.gauge("moncompte_hashing_queue_depth", [&] { return static_cast<double>(hasher.queue_depth()); });
  metrics.gauge("moncompte_hashing_queue_limit", [&] { return static_cast<double>(hashing_threads + hashing_queue); });

  http::WebConfig web_config;
  web_config.base_url = cfg.str("public.base_url");
  web_config.cookie_secure = cfg.str("session.cookie_secure");
  http::WebApp web({login, sessions, *store, hasher, sodium, clock, settings, metrics}, web_config);

  http::ServerLimits limits;
  limits.header_bytes = static_cast<std::size_t>(cfg.integer("server.header_limit_bytes"));
  limits.body_bytes = static_cast<std::size_t>(cfg.integer("server.body_limit_bytes"));
  limits.request_timeout_s = cfg.number("server.request_timeout_seconds");
  limits.io_threads = std::max<unsigned>(1, static_cast<unsigned>(cfg.integer("server.io_threads")));
  auto workers = static_cast<unsigned>(cfg.integer("server.worker_threads"));
  limits.worker_threads = workers ? workers : hashing_threads + hashing_queue + 4;
  limits.trust_forwarded_for = cfg.boolean("server.trust_forwarded_for");

  http::Server server(
      host, port, limits, [&](http::Request& r) { return web.handle(r); },
      [&](const http::Request& req, const http::Response& res, double seconds) {
        std::string route = route_label(req.path);
        metrics.inc("moncompte_http_requests_total",
                    http::Metrics::label("route", route) + "," + http::Metrics::label("status", std::to_string(res.status)));
        metrics.observe("moncompte_http_request_duration_seconds", http::Metrics::label("route", route), seconds);
        if (route != "static" && req.path != "/metrics" && req.path != "/healthz")
          log::info("request", {{"method", req.method}, {"path", route == "page" ? req.path : route},
                                {"status", res.status}, {"ms", seconds * 1000}, {"client", req.client_ip}});
      });
  server.start();
  log::info("listening", {{"address", host}, {"port", server.port()}, {"db", db_url.substr(0, db_url.find(':'))},
                          {"hashing_threads", hashing_threads}, {"hashing_queue", hashing_queue},
                          {"argon2_m_kib", cfg.integer("password.argon2_m_cost_kib")}});
  server.install_signal_handlers();
  server.run();
  log::info("stopped");
  return 0;
}

}  // namespace mc::wiring
