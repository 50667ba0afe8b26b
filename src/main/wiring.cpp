#include "main/wiring.hpp"

#include <spdlog/sinks/stdout_sinks.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "adapters/crypto/sodium.hpp"
#include "adapters/http/server.hpp"
#include "adapters/http/web_app.hpp"
#include "adapters/http/franceconnect_routes.hpp"
#include "adapters/http/staff_routes.hpp"
#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "adapters/totp/oath_totp.hpp"
#ifdef MC_HAVE_POSTGRES
#include "adapters/storage/postgres/postgres_store.hpp"
#endif
#include "adapters/mail/delivery_worker.hpp"
#include "adapters/mail/letter_writer.hpp"
#include "adapters/mail/smtp_sender.hpp"
#include "adapters/messages/messages_fr.hpp"
#include "adapters/pdf/ecdsa_keyring.hpp"
#include "adapters/pdf/render.hpp"
#include "app/attestations.hpp"
#include "app/franceconnect_login.hpp"
#include "app/housekeeping.hpp"
#include "app/login.hpp"
#include "app/recovery.hpp"
#include "app/sessions.hpp"
#include "main/log.hpp"

namespace mc::wiring {

Instant SystemClock::now() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

namespace {

// The database URL as an operator may read it in an error: without its password (user:PASSWORD@
// or ?password=…).
std::string redacted(std::string url) {
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    auto colon = url.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) url = url.substr(0, colon + 1) + "***" + url.substr(at);
  }
  for (auto p = url.find("password="); p != std::string::npos; p = url.find("password=", p + 1)) {
    auto end = url.find('&', p);
    url = url.substr(0, p + 9) + "***" + (end == std::string::npos ? "" : url.substr(end));
  }
  return url;
}

// Opening errors name the database: "cannot open database sqlite:var/x.sqlite: <reason>".
template <class Open>
std::unique_ptr<ports::Store> opened(const std::string& url, Open&& open) {
  auto reason = [](std::string what) {
    // The URL says which database: drop the adapters' own prefixes.
    if (what.starts_with("SQL error: ")) what.erase(0, 11);
    if (what.starts_with("cannot open SQLite database '")) {
      auto end = what.find("': ");
      if (end != std::string::npos) what.erase(0, end + 3);
    }
    return what;
  };
  try {
    return open();
  } catch (const StorageUnavailable& e) {
    throw StorageUnavailable{"cannot open database " + redacted(url) + ": " + reason(e.what)};
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot open database " + redacted(url) + ": " + reason(e.what()));
  }
}

}  // namespace

std::unique_ptr<ports::Store> open_store(const std::string& url) {
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);
    if (path.empty()) throw std::runtime_error("--db sqlite:PATH needs a file path, e.g. sqlite:var/moncompte.sqlite");
    return opened(url, [&] { return std::make_unique<storage::SqliteStore>(path); });
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
#ifdef MC_HAVE_POSTGRES
    return opened(url, [&] { return std::make_unique<storage::PostgresStore>(url); });
#else
    throw std::runtime_error("this build has no PostgreSQL support (libpq was not found when it was configured)");
#endif
  }
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

// Every backend implements every storage port; the wiring asks for each by name.
template <class Port>
Port& port_of(ports::Store& store, const char* name) {
  auto* p = dynamic_cast<Port*>(&store);
  if (!p) throw std::runtime_error(std::string("this storage backend does not provide ") + name);
  return *p;
}

class PdfAttestationRenderer final : public ports::AttestationRenderer {
 public:
  explicit PdfAttestationRenderer(pdf::RenderOptions options) : options_(std::move(options)) {}
  std::expected<std::vector<std::uint8_t>, std::string> render(const attestation::Rights& rights, std::string_view payload,
                                                               std::string_view code) const override {
    auto pdf = pdf::render_attestation(rights, payload, code, options_);
    if (!pdf) return std::unexpected(pdf.error());
    return std::move(pdf->bytes);
  }

 private:
  pdf::RenderOptions options_;
};

// The paper attestation: the cover letter followed by the attestation page.
mail::SpecialLetterRenderer paper_attestation_renderer(pdf::RenderOptions options) {
  return [options](const outbox::Letter& letter, const pdf::Letter& cover) -> std::expected<pdf::Pdf, std::string> {
    if (letter.kind != "paper_attestation") return std::unexpected("no renderer for letters of kind " + letter.kind);
    auto j = nlohmann::json::parse(letter.payload_json, nullptr, false);
    if (j.is_discarded() || !j.contains("rights")) return std::unexpected("paper attestation without rights");
    const auto& r = j["rights"];
    attestation::Rights rights{r.value("nir15", ""), r.value("family_name", ""), r.value("given_names", ""),
                               r.value("birth_date", ""), r.value("organisme_code", ""), r.value("organisme_name", ""),
                               r.value("organisme_address", ""), r.value("organisme_phone", ""),
                               r.value("rights_from", ""), r.value("rights_to", ""), r.value("css", false),
                               r.value("ald", false), r.value("issue_date", "")};
    return pdf::render_attestation_letter(cover, rights, j.value("payload", ""), j.value("code", ""), options);
  };
}

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

// franceconnect.* → the relying party's configuration; a clear start-up error when incomplete.
oidc::ProviderConfig franceconnect_config(const config::Config& cfg, const std::string& base_url) {
  oidc::ProviderConfig c;
  c.issuer = cfg.str("franceconnect.issuer");
  c.client_id = cfg.str("franceconnect.client_id");
  c.client_secret = cfg.str("franceconnect.client_secret");
  std::string missing;
  for (const char* key : {"issuer", "client_id", "client_secret"})
    if (cfg.str(std::string("franceconnect.") + key).empty()) missing += std::string(missing.empty() ? "" : ", ") + "franceconnect." + key;
  if (!missing.empty())
    throw config::ConfigError("franceconnect.enabled is true but " + missing +
                              " is not set (the values registered with FranceConnect)");
  c.allow_http = cfg.boolean("franceconnect.allow_http");
  if (!c.issuer.starts_with("https://") && !(c.allow_http && c.issuer.starts_with("http://")))
    throw config::ConfigError("configuration key 'franceconnect.issuer': expected an https:// URL, got '" + c.issuer + "'");
  c.redirect_uri = cfg.str("franceconnect.redirect_uri");
  if (c.redirect_uri.empty()) c.redirect_uri = base_url + "/api/v1/franceconnect/callback";
  c.post_logout_redirect_uri = cfg.str("franceconnect.post_logout_redirect_uri");
  if (c.post_logout_redirect_uri.empty()) c.post_logout_redirect_uri = base_url + "/api/v1/franceconnect/logout-callback";
  c.allowed_algs = cfg.list("franceconnect.allowed_algs");
  c.acr = cfg.str("franceconnect.acr");
  c.timeout_ms = static_cast<long>(cfg.integer("franceconnect.timeout_ms"));
  c.verify_tls = cfg.boolean("franceconnect.verify_tls");
  c.clock_skew_s = cfg.integer("franceconnect.clock_skew_s");
  c.max_token_age_s = cfg.integer("franceconnect.max_token_age_s");
  return c;
}

// "https://host:port/api/v2" → "https://host:port" (a CSP source).
std::string origin_of(const std::string& url) {
  auto scheme = url.find("://");
  auto slash = scheme == std::string::npos ? std::string::npos : url.find('/', scheme + 3);
  return slash == std::string::npos ? url : url.substr(0, slash);
}

}  // namespace

// Files the service writes (signing keys, the print outbox) live next to a SQLite database unless
// configured; elsewhere (PostgreSQL) under var/.
std::string data_dir(const std::string& configured, const std::string& db_url, const std::string& name) {
  if (!configured.empty()) return configured;
  if (db_url.starts_with("sqlite:")) {
    std::string path = db_url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);
    auto parent = std::filesystem::path(path).parent_path();
    return (parent.empty() ? std::filesystem::path(name) : parent / name).string();
  }
  return "var/" + name;
}

std::string keys_dir(const config::Config& cfg, const std::string& db_url) {
  return data_dir(cfg.str("attestation.keys_dir"), db_url, "keys");
}

std::string totp_key_path(const config::Config& cfg, const std::string& db_url) {
  return (std::filesystem::path(keys_dir(cfg, db_url)) / "totp-secrets.key").string();
}

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
                              hashing_threads, hashing_queue,
                              {.reuse = cfg.boolean("password.reuse_argon2_memory"),
                               .release_after_idle = std::chrono::milliseconds(static_cast<long long>(
                                   cfg.number("password.arena_release_idle_seconds") * 1000))});

  app::Settings settings;
  settings.lockout.temporary_lock = minutes(cfg.number("lockout.temporary_minutes"));
  settings.lockout.failure_reset = hours(cfg.number("lockout.failure_reset_hours"));
  settings.member_sessions = {minutes(cfg.number("session.idle_minutes")), hours(cfg.number("session.absolute_hours"))};
  settings.staff_sessions = {minutes(cfg.number("session.staff_idle_minutes")), hours(cfg.number("session.absolute_hours"))};
  settings.inactivity_months = cfg.number("inactivity_months");
  settings.base_url = cfg.str("public.base_url");
  while (settings.base_url.ends_with("/")) settings.base_url.pop_back();
  settings.validity.email_link = minutes(cfg.number("reset.email_minutes"));
  settings.validity.postal = days(cfg.number("reset.postal_days"));
  settings.validity.counter = hours(cfg.number("reset.counter_hours"));
  settings.validity.activation_email = days(cfg.number("activation.email_days"));
  settings.validity.email_verification = hours(cfg.number("activation.email_verification_hours"));
  settings.requests_per_nir_per_hour = static_cast<int>(cfg.integer("abuse.requests_per_nir_per_hour"));
  settings.requests_per_ip_per_hour = static_cast<int>(cfg.integer("abuse.requests_per_ip_per_hour"));
  settings.retention = {days(cfg.number("retention.login_attempts_days")), days(cfg.number("retention.codes_days")),
                        days(cfg.number("retention.outbox_days"))};

  app::Sessions sessions(*store, sodium, clock);
  app::Login login(*store, hasher, clock, sessions, settings);
  auto& codes = port_of<ports::CodeStore>(*store, "codes");
  auto& outbox = port_of<ports::OutboxStore>(*store, "outboxes");
  auto& limiter = port_of<ports::RateLimiter>(*store, "rate limits");
  auto& account_store = port_of<ports::AccountStore>(*store, "account changes");
  auto& attestation_store = port_of<ports::AttestationStore>(*store, "attestations");
  app::Housekeeping housekeeping(port_of<ports::RetentionStore>(*store, "retention"), clock, settings);
  messages::MessagesFr messages(settings.base_url);
  app::Recovery recovery({*store, codes, limiter, account_store, outbox, hasher, sodium, clock, messages, settings});

  // Attestation signing keys: created on first start (0600), rotated by adding a key.
  const auto signing_dir = keys_dir(cfg, db_url);
  auto keyring = signing::EcdsaKeyring::open(signing_dir, std::chrono::system_clock::now());
  if (!keyring) throw std::runtime_error("cannot open the attestation signing keys in '" + signing_dir + "': " + keyring.error());
  pdf::RenderOptions render_options;
  render_options.verify_url = settings.base_url + "/verifier-une-attestation";
  PdfAttestationRenderer attestation_renderer(render_options);
  app::Attestations attestations({*store, attestation_store, outbox, limiter, **keyring, **keyring, attestation_renderer, clock, settings});

  // Delivery: e-mails over SMTP and letters to the print outbox, from the durable outboxes.
  mail::SmtpConfig smtp;
  smtp.url = cfg.str("smtp.url");
  smtp.from_address = cfg.str("mail.from");
  smtp.from_name = cfg.str("mail.from_name");
  smtp.username = cfg.str("smtp.username");
  smtp.password = cfg.str("smtp.password");
  smtp.verify_tls = cfg.boolean("smtp.verify_tls");
  mail::SmtpSender sender(smtp);
  mail::LetterWriterConfig letters;
  letters.dir = data_dir(cfg.str("outbox.letters_dir"), db_url, "letters");
  letters.render = render_options;
  mail::DeliveryWorker delivery(outbox, clock, &sender, mail::make_pdf_letter_writer(letters, clock, paper_attestation_renderer(render_options)),
                                {}, [](const mail::DeliveryEvent& e) {
                                  nlohmann::json f = {{"id", e.id}, {"attempt", e.attempt}, {"kind", std::string(e.kind)}};
                                  if (!e.detail.empty()) f["detail"] = std::string(e.detail);
                                  if (e.what.ends_with("retry") || e.what.ends_with("given_up") || e.what == "storage_error")
                                    log::warn(std::string("delivery_") + std::string(e.what), f);
                                  else
                                    log::info(std::string("delivery_") + std::string(e.what), f);
                                });

  http::Metrics metrics;
  metrics.describe("moncompte_login_attempts_total", "counter", "Sign-in attempts by outcome.");
  metrics.describe("moncompte_locks_total", "counter", "Locks set by a failed sign-in, by kind.");
  metrics.describe("moncompte_hashing_queue_depth", "gauge", "Sign-ins admitted to the Argon2id pool (running or waiting).");
  metrics.describe("moncompte_http_requests_total", "counter", "HTTP responses by route and status.");
  metrics.describe("moncompte_http_request_duration_seconds", "histogram", "Time spent handling requests, by route.");
  metrics.gauge("moncompte_hashing_queue_depth", [&] { return static_cast<double>(hasher.queue_depth()); });
  metrics.gauge("moncompte_hashing_queue_limit", [&] { return static_cast<double>(hashing_threads + hashing_queue); });
  metrics.describe("moncompte_argon2_arena_bytes", "gauge", "Memory mapped for the hashing threads' reused Argon2id arenas.");
  metrics.gauge("moncompte_argon2_arena_bytes", [&] { return static_cast<double>(hasher.arena_bytes()); });

  http::WebConfig web_config;
  web_config.base_url = cfg.str("public.base_url");
  web_config.cookie_secure = cfg.str("session.cookie_secure");
  // FranceConnect (SPEC §5), only when enabled. The logout form's redirect to FranceConnect must
  // be allowed by the CSP form-action.
  std::unique_ptr<ports::FranceConnectProvider> fc_provider;
  std::unique_ptr<app::FranceConnectLogin> fc_login;
  if (cfg.boolean("franceconnect.enabled")) {
    auto fc_config = franceconnect_config(cfg, settings.base_url);
    try {
      fc_provider = http::make_franceconnect_provider(fc_config);
    } catch (const std::invalid_argument& e) {
      throw config::ConfigError(e.what());
    }
    app::FranceConnectSettings fc_settings{cfg.boolean("franceconnect.allow_temporarily_locked"),
                                           minutes(cfg.number("franceconnect.flow_minutes"))};
    fc_login = std::make_unique<app::FranceConnectLogin>(
        app::FranceConnectDeps{*store, port_of<ports::FranceConnectStore>(*store, "FranceConnect storage"),
                               *fc_provider, sodium, clock, sessions, settings, fc_settings});
    web_config.form_action_origins.push_back(origin_of(fc_config.issuer));
    web_config.franceconnect = true;
  }
  http::WebApp web({login, sessions, *store, hasher, sodium, clock, settings, metrics}, web_config);
  http::register_recovery_routes(web, recovery);
  http::register_attestation_routes(web, attestations);
  // The back office (docs/backoffice.md), when the storage backend provides it.
  const auto totp_key = totp_key_path(cfg, db_url);
  if (!std::filesystem::exists(totp_key))
    log::warn("totp_sealing_key_created",
              {{"path", totp_key},
               {"note", "back it up with the database; staff enrolled under another key must be re-enrolled"}});
  totp::OathTotp totp_codes(sodium, totp::load_or_create_sealing_key(totp_key));
  std::unique_ptr<app::backoffice::StaffAuth> staff_auth;
  std::unique_ptr<app::backoffice::MemberActions> member_actions;
  std::unique_ptr<app::backoffice::HelpDesk> help_desk;
  std::unique_ptr<app::backoffice::AuditLog> audit_log;
  if (auto* bo_store = dynamic_cast<ports::BackOfficeStore*>(store.get())) {
    app::backoffice::Deps bo{*store, *bo_store, codes, limiter, hasher, sodium, totp_codes, clock, messages, sessions, settings};
    staff_auth = std::make_unique<app::backoffice::StaffAuth>(bo);
    member_actions = std::make_unique<app::backoffice::MemberActions>(bo);
    help_desk = std::make_unique<app::backoffice::HelpDesk>(bo);
    audit_log = std::make_unique<app::backoffice::AuditLog>(*bo_store, sodium, clock);
    http::register_staff_routes(web, {*staff_auth, *member_actions, *help_desk, *audit_log});
    metrics.describe("moncompte_staff_sign_ins_total", "counter", "Staff sign-in attempts by outcome.");
  } else {
    log::warn("backoffice_unavailable", {{"reason", "this storage backend has no back office yet"}});
  }
  // The service's own domain counts as official, so that its e-mails rate as genuine.
  std::vector<std::string> official = cfg.list("scam.extra_official_domains");
  if (auto host = settings.base_url.find("://"); host != std::string::npos) {
    std::string h = settings.base_url.substr(host + 3);
    h = h.substr(0, h.find_first_of(":/"));
    // A raw address (tests, a developer's machine) must never make IP links look official.
    bool named = h.find_first_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos && h.find('.') != std::string::npos;
    if (named) official.push_back(h);
  }
  const scam::Checker checker = scam::Checker::builtin().with_official_domains(official);
  metrics.describe("moncompte_scam_checks_total", "counter", "Messages checked, by verdict.");
  http::register_scam_routes(web, checker);
  if (fc_login)
    http::register_franceconnect_routes(web, *fc_login, [](bool warning, std::string_view event, const nlohmann::json& f) {
      warning ? log::warn(event, f) : log::info(event, f);
    });

  metrics.describe("moncompte_mail_outbox", "gauge", "E-mails in the durable outbox, by status.");
  metrics.gauge("moncompte_mail_outbox_pending", [&] { return static_cast<double>(outbox.mail_counts().pending); });
  metrics.gauge("moncompte_mail_outbox_failed", [&] { return static_cast<double>(outbox.mail_counts().failed); });
  metrics.gauge("moncompte_letter_outbox_pending", [&] { return static_cast<double>(outbox.letter_counts().pending); });
  metrics.gauge("moncompte_letter_outbox_failed", [&] { return static_cast<double>(outbox.letter_counts().failed); });
  metrics.gauge("moncompte_mail_delivery_failures_total", [&] { return static_cast<double>(delivery.stats().mail_failures); });
  metrics.gauge("moncompte_mails_sent_total", [&] { return static_cast<double>(delivery.stats().mails_sent); });
  if (cfg.boolean("delivery.enabled")) delivery.start();

  // Maintenance: inactivity (warn 30 days ahead, then deactivate) and retention (rows whose
  // purpose is over). Every process may run it; both are idempotent.
  std::jthread maintenance([&](std::stop_token stop) {
    std::mutex m;
    std::condition_variable_any cv;
    const auto every = std::chrono::milliseconds(static_cast<long long>(cfg.number("inactivity.sweep_minutes") * 60'000));
    while (!stop.stop_requested()) {
      try {
        if (int n = recovery.sweep_inactivity(); n > 0) log::info("accounts_deactivated", {{"count", n}});
      } catch (const std::exception& e) {
        log::warn("inactivity_sweep_failed", {{"error", e.what()}});
      }
      try {
        const auto p = housekeeping.run();
        if (p.total() > 0)
          log::info("rows_purged", {{"sessions", p.sessions}, {"rate_hits", p.rate_hits}, {"codes", p.codes},
                                    {"attempts", p.attempts}, {"mails", p.mails}, {"letters", p.letters}});
      } catch (const std::exception& e) {
        log::warn("retention_purge_failed", {{"error", e.what()}});
      }
      std::unique_lock lock(m);
      cv.wait_for(lock, stop, every, [] { return false; });
    }
  });

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
  delivery.stop();
  maintenance.request_stop();
  log::info("stopped");
  return 0;
}

}  // namespace mc::wiring
