#include "main/wiring.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <sys/stat.h>
#include <systemd/sd-daemon.h>

#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "adapters/crypto/argon2id_self_test.hpp"
#include "adapters/crypto/key_file.hpp"
#include "adapters/crypto/sodium.hpp"
#include "adapters/http/franceconnect_routes.hpp"
#include "adapters/http/server.hpp"
#include "adapters/http/staff_routes.hpp"
#include "adapters/http/web_app.hpp"
#include "adapters/mail/delivery_worker.hpp"
#include "adapters/mail/letter_writer.hpp"
#include "adapters/mail/smtp_sender.hpp"
#include "adapters/messages/messages_fr.hpp"
#include "adapters/oidc/franceconnect_provider.hpp"
#include "adapters/pdf/attestation_renderer.hpp"
#include "adapters/pdf/ecdsa_keyring.hpp"
#include "adapters/pdf/print_outbox.hpp"
#include "adapters/pdf/render.hpp"
#include "adapters/storage/letter_json.hpp"
#include "adapters/totp/oath_totp.hpp"
#include "app/attack_monitor.hpp"
#include "app/attestations.hpp"
#include "app/franceconnect_login.hpp"
#include "app/housekeeping.hpp"
#include "app/login.hpp"
#include "app/recovery.hpp"
#include "app/sessions.hpp"
#include "app/source_throttle.hpp"
#include "core/nir/redact.hpp"
#include "main/log.hpp"

namespace mc::wiring {

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
    std::string label = path.substr(0, cut);
    // A NIR within the first three segments (/api/v1/<nir>) must not become a label either
    // (issue 17): one label for all of them, not a pseudonym per member.
    const nir::Mac detect = [](std::string_view) { return std::string(12, '0'); };
    if (nir::redact_path(label, detect) != label) return "/api/v1/{nir}";
    return label;
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

// Where the service listens, and the transport settings (issue 17), refused before anything is
// opened.
struct Transport {
  std::string host;
  unsigned short port = 0;
  std::vector<throttle::Cidr> metrics_allow;
  std::string metrics_listen;  // empty: /metrics on the service's own address
};

Transport check_transport(const std::string& listen, const config::Config& cfg) {
  Transport t;
  std::tie(t.host, t.port) = split_listen(listen.empty() ? cfg.str("server.listen") : listen);
  if (!http::valid_cookie_secure(cfg.str("session.cookie_secure")))
    throw config::ConfigError("configuration key 'session.cookie_secure': expected auto, always or never, got '" +
                              cfg.str("session.cookie_secure") + "'");
  t.metrics_allow = cidr_list(cfg, "metrics.allow_cidrs", "127.0.0.0/8 or ::1/128");
  t.metrics_listen = cfg.str("metrics.listen");
  if (!t.metrics_listen.empty()) {
    try {
      (void)split_listen(t.metrics_listen);
    } catch (const std::exception& e) {
      throw config::ConfigError("configuration key 'metrics.listen': expected HOST:PORT, got '" + t.metrics_listen +
                                "'");
    }
  }
  return t;
}

// What every use case of the service runs on: the database (migrated), the clock, the hashing
// pool (after the Argon2id self-test), the settings and the keys of keys/.
struct Infra {
  std::unique_ptr<ports::Storage> storage;
  ports::Store* store;  // storage->sign_in()
  std::unique_ptr<ports::Clock> clock;
  crypto::SodiumCrypto sodium;
  HashingPool pool;
  crypto::argon2id::SelfTest self_test;
  std::unique_ptr<crypto::Argon2Hasher> hasher;
  app::Settings settings;
  std::string totp_key;
  bool totp_key_is_new = false;
  ServiceKeys keys;
  // NIRs in logs: a keyed pseudonym (keys/log-pseudonym.key) instead (issue 17). The current key
  // only: pseudonyms are never looked up, a rotation starts new ones.
  nir::Mac pseudonym_mac;

  Infra(const std::string& db_url, const config::Config& cfg)
      : storage(make_store(db_url, cfg)),
        store(&storage->sign_in()),
        clock(make_clock(cfg)),
        pool(service_hashing_pool(cfg)),
        self_test(argon2_self_test(cfg)),
        hasher(make_hasher(cfg, pool, &self_test)),
        settings(build_settings(cfg)),
        totp_key(totp_key_path(cfg, db_url)),
        totp_key_is_new(!std::filesystem::exists(totp_key)),
        keys(ServiceKeys::open(keys_dir(cfg, db_url))) {
    // The keys of keys/ (issue 19): key rings, re-read on SIGHUP; request threads read snapshots.
    settings.secrets = secret_digest(keys.secrets);
    seal_outboxes(keys.outbox);
    pseudonym_mac = [ring = keys.log_pseudonym](std::string_view d) { return ring->hmac_current(d); };
  }
};

// The members' use cases: sign-in, recovery, housekeeping.
struct MemberSide {
  app::Sessions sessions;
  ports::DeviceStore& devices;
  app::SourceThrottle throttle;
  app::AttackMonitor monitor;
  messages::MessagesFr messages;
  app::Login login;
  ports::CodeStore& codes;
  ports::OutboxStore& outbox;
  ports::RateLimiter& limiter;
  ports::AccountStore& account_store;
  ports::AttestationStore& attestation_store;
  app::Housekeeping housekeeping;
  app::Recovery recovery;

  MemberSide(Infra& in, const config::Config& cfg)
      : sessions(*in.store, in.sodium, *in.clock),
        devices(in.storage->devices()),
        throttle(in.storage->budgets(), *in.clock, throttle_settings(cfg)),
        monitor(
            cfg.integer("throttle.alarm_failures_per_minute"),
            [](const app::AttackMonitor::Minute& m) {
              log::warn("attack_suspected", {{"failures_this_minute", m.failures}, {"distinct_nirs", m.distinct_nirs}});
            }),
        messages(in.settings.base_url, in.settings.lockout.temporary_lock),
        // Device cookies are bound to an account by an HMAC under this key (keys/device-cookie.key):
        // new cookies under the current key, cookies made under a previous key still recognised.
        login({*in.store, devices, *in.hasher, in.sodium, *in.clock, sessions, throttle, monitor, messages,
               [ring = in.keys.device_cookie](std::string_view data) { return ring->hmac_current(data); }, in.settings,
               [ring = in.keys.device_cookie](std::string_view data) { return ring->hmac_all(data); }}),
        codes(in.storage->codes()),
        outbox(in.storage->outbox()),
        limiter(in.storage->limiter()),
        account_store(in.storage->accounts()),
        attestation_store(in.storage->attestations()),
        housekeeping(in.storage->retention(), *in.clock, in.settings),
        recovery({*in.store, codes, limiter, throttle, account_store, outbox, *in.hasher, in.sodium, *in.clock,
                  messages, in.settings}) {}
};

// Attestation signing keys: created on first start (0600), rotated by adding a key.
std::unique_ptr<signing::EcdsaKeyring> open_signing_keys(const std::string& dir) {
  auto keyring = signing::EcdsaKeyring::open(dir, std::chrono::system_clock::now());
  if (!keyring)
    throw std::runtime_error("cannot open the attestation signing keys in '" + dir + "': " + keyring.error());
  return std::move(*keyring);
}

pdf::RenderOptions render_options(const std::string& base_url) {
  pdf::RenderOptions options;
  options.verify_url = base_url + "/verifier-une-attestation";
  return options;
}

// Attestations (download, paper) and their PDFs.
struct Documents {
  std::unique_ptr<signing::EcdsaKeyring> keyring;
  pdf::RenderOptions render_options;
  pdf::PdfAttestationRenderer renderer;
  app::Attestations attestations;

  Documents(Infra& in, MemberSide& m, const config::Config& cfg, const std::string& db_url)
      : keyring(open_signing_keys(keys_dir(cfg, db_url))),
        render_options(wiring::render_options(in.settings.base_url)),
        renderer(render_options),
        attestations({*in.store, m.attestation_store, m.outbox, m.limiter, m.throttle, *keyring, *keyring, renderer,
                      *in.clock, in.settings}) {}
};

mail::SmtpConfig smtp_config(const config::Config& cfg) {
  mail::SmtpConfig smtp;
  smtp.url = cfg.str("smtp.url");
  smtp.from_address = cfg.str("mail.from");
  smtp.from_name = cfg.str("mail.from_name");
  smtp.username = cfg.str("smtp.username");
  smtp.password = cfg.str("smtp.password");
  smtp.verify_tls = cfg.boolean("smtp.verify_tls");
  return smtp;
}

void log_delivery(const mail::DeliveryEvent& e) {
  nlohmann::json f = {{"id", e.id}, {"attempt", e.attempt}, {"kind", std::string(e.kind)}};
  if (!e.detail.empty()) f["detail"] = std::string(e.detail);
  if (e.what.ends_with("retry") || e.what.ends_with("given_up") || e.what == "storage_error")
    log::warn(std::string("delivery_") + std::string(e.what), f);
  else
    log::info(std::string("delivery_") + std::string(e.what), f);
}

mail::LetterWriterConfig letters_config(const config::Config& cfg, const std::string& db_url,
                                        const pdf::RenderOptions& render) {
  mail::LetterWriterConfig letters;
  letters.dir = data_dir(cfg.str("outbox.letters_dir"), db_url, "letters");
  letters.render = render;
  return letters;
}

// Delivery: e-mails over SMTP and letters to the print outbox, from the durable outboxes.
struct Delivery {
  mail::SmtpSender sender;
  mail::LetterWriterConfig letters;
  mail::DeliveryWorker worker;

  Delivery(Infra& in, MemberSide& m, const Documents& docs, const config::Config& cfg, const std::string& db_url)
      : sender(smtp_config(cfg)),
        letters(letters_config(cfg, db_url, docs.render_options)),
        worker(m.outbox, *in.clock, &sender,
               mail::make_pdf_letter_writer(
                   letters, *in.clock,
                   [options = docs.render_options](const outbox::Letter& letter, const pdf::Letter& cover) {
                     return pdf::render_paper_attestation(letter, cover, options);
                   }),
               {}, log_delivery) {}
};

// Sign-ins, the hashing pool, attacks and the self-test, in this order on /metrics.
void describe_login_metrics(http::Metrics& metrics, Infra& in, MemberSide& m) {
  auto& hasher = *in.hasher;
  auto& monitor = m.monitor;
  auto& throttle = m.throttle;
  const ports::Clock& clock = *in.clock;
  const auto pool = in.pool;
  metrics.describe("moncompte_login_attempts_total", "counter", "Sign-in attempts by outcome.");
  metrics.describe("moncompte_locks_total", "counter", "Locks set by a failed sign-in, by kind.");
  metrics.describe("moncompte_hashing_queue_depth", "gauge", "Sign-ins admitted to the Argon2id pool (running or waiting).");
  metrics.describe("moncompte_http_requests_total", "counter", "HTTP responses by route and status.");
  metrics.describe("moncompte_http_request_duration_seconds", "histogram", "Time spent handling requests, by route.");
  metrics.gauge("moncompte_hashing_queue_depth", [&hasher] { return static_cast<double>(hasher.queue_depth()); });
  metrics.gauge("moncompte_hashing_queue_limit", [pool] { return static_cast<double>(pool.threads + pool.queue); });
  // Seeing an attack (per process): evaluated failures, refusals by scope, sources over budget.
  metrics.describe("moncompte_evaluated_failures_total", "counter", "Wrong passwords evaluated (Argon2id run), all accounts.");
  metrics.gauge("moncompte_evaluated_failures_total",
                [&monitor] { return static_cast<double>(monitor.failures_total()); });
  metrics.describe("moncompte_failing_nirs_last_minute", "gauge", "Distinct NIRs with an evaluated wrong password in the last complete minute.");
  metrics.gauge("moncompte_failing_nirs_last_minute",
                [&monitor, &clock] { return static_cast<double>(monitor.last_minute(clock.now()).distinct_nirs); });
  metrics.describe("moncompte_failures_last_minute", "gauge", "Evaluated wrong passwords in the last complete minute.");
  metrics.gauge("moncompte_failures_last_minute",
                [&monitor, &clock] { return static_cast<double>(monitor.last_minute(clock.now()).failures); });
  metrics.describe("moncompte_sources_over_budget_total", "counter", "Times a source was found over its failure or request budget.");
  metrics.gauge("moncompte_sources_over_budget_total",
                [&throttle] { return static_cast<double>(throttle.stats().sources_over_budget); });
  metrics.describe("moncompte_sources_refused_now", "gauge", "Sources this process refuses from memory now (budget spent).");
  metrics.gauge("moncompte_sources_refused_now",
                [&throttle] { return static_cast<double>(throttle.stats().blocked_now); });
  metrics.describe("moncompte_throttled_requests_total", "counter", "Requests answered 429 for a spent source budget, by reason (scope).");
  metrics.gauge_family("moncompte_throttled_requests_total", [&throttle] {
    http::Metrics::Series out;
    for (const auto& [scope, n] : throttle.stats().refusals_by_scope)
      out.emplace_back(http::Metrics::label("reason", scope), static_cast<double>(n));
    return out;
  });
  metrics.describe("moncompte_argon2_arena_bytes", "gauge", "Memory mapped for the hashing threads' reused Argon2id arenas.");
  metrics.gauge("moncompte_argon2_arena_bytes", [&hasher] { return static_cast<double>(hasher.arena_bytes()); });
  metrics.describe("moncompte_argon2_self_test", "gauge",
                   "Start-up Argon2id self-test: 1 passed, 0 failed (disabled), per kernel; chosen=\"true\" on the one in use.");
  for (const auto& c : in.self_test.checks)
    metrics.inc("moncompte_argon2_self_test",
                http::Metrics::label("kernel", c.name) + "," +
                    http::Metrics::label("chosen", c.name == in.self_test.chosen() ? "true" : "false"),
                c.ok ? 1 : 0);
  metrics.describe("moncompte_storage_errors_total", "counter",
                   "Storage failures answered 503 or met by the maintenance sweep, by cause (locked, full, read_only, connection_lost, io).");
  metrics.describe("moncompte_internal_errors_total", "counter", "Requests answered 500 (logged as internal_error with a request_id).");
}

void describe_outbox_metrics(http::Metrics& metrics, ports::OutboxStore& outbox, mail::DeliveryWorker& delivery) {
  metrics.describe("moncompte_mail_outbox", "gauge", "E-mails in the durable outbox, by status.");
  metrics.gauge("moncompte_mail_outbox_pending",
                [&outbox] { return static_cast<double>(outbox.mail_counts().pending); });
  metrics.gauge("moncompte_mail_outbox_failed", [&outbox] { return static_cast<double>(outbox.mail_counts().failed); });
  metrics.gauge("moncompte_letter_outbox_pending",
                [&outbox] { return static_cast<double>(outbox.letter_counts().pending); });
  metrics.gauge("moncompte_letter_outbox_failed",
                [&outbox] { return static_cast<double>(outbox.letter_counts().failed); });
  metrics.gauge("moncompte_mail_delivery_failures_total",
                [&delivery] { return static_cast<double>(delivery.stats().mail_failures); });
  metrics.gauge("moncompte_mails_sent_total", [&delivery] { return static_cast<double>(delivery.stats().mails_sent); });
  metrics.describe("moncompte_delivery_storage_errors_total", "counter",
                   "Delivery worker rounds lost to a storage error (retried).");
  metrics.gauge("moncompte_delivery_storage_errors_total",
                [&delivery] { return static_cast<double>(delivery.stats().storage_errors); });
}

http::WebConfig web_config(const config::Config& cfg, const Transport& transport, const Infra& in) {
  http::WebConfig c;
  c.base_url = in.settings.base_url;
  c.cookie_secure = cfg.str("session.cookie_secure");
  c.metrics_allow = transport.metrics_allow;
  c.metrics_here = transport.metrics_listen.empty();
  c.redact_path = [mac = in.pseudonym_mac](std::string_view path) { return nir::redact_path(path, mac); };
  c.refusal_delay = std::chrono::milliseconds(cfg.integer("throttle.refusal_delay_ms"));
  c.storage_wait = storage_wait(cfg);
  c.log = [](std::string_view level, std::string_view event, const nlohmann::json& f) {
    level == "error" ? log::error(event, f) : log::warn(event, f);
  };
  return c;
}

// FranceConnect (SPEC §5), only when enabled. The logout form's redirect to FranceConnect must
// be allowed by the CSP form-action.
struct FranceConnect {
  std::unique_ptr<ports::FranceConnectProvider> provider;
  std::unique_ptr<app::FranceConnectLogin> login;
};

FranceConnect make_franceconnect(const config::Config& cfg, Infra& in, MemberSide& m, http::WebConfig& web_config) {
  FranceConnect fc;
  if (!cfg.boolean("franceconnect.enabled")) return fc;
  auto fc_config = franceconnect_config(cfg, in.settings.base_url);
  try {
    fc.provider = oidc::make_franceconnect_provider(fc_config);
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(e.what());
  }
  app::FranceConnectSettings fc_settings{cfg.boolean("franceconnect.allow_temporarily_locked"),
                                         minutes(cfg.number("franceconnect.flow_minutes"))};
  fc.login = std::make_unique<app::FranceConnectLogin>(
      app::FranceConnectDeps{*in.store, in.storage->franceconnect(), *fc.provider, in.sodium, *in.clock, m.sessions,
                             in.settings, fc_settings, &in.storage->history()});
  web_config.form_action_origins.push_back(origin_of(fc_config.issuer));
  web_config.franceconnect = true;
  return fc;
}

// The back office (docs/backoffice.md).
struct BackOffice {
  std::unique_ptr<totp::OathTotp> totp_codes;
  std::unique_ptr<app::backoffice::StaffAuth> staff_auth;
  std::unique_ptr<app::backoffice::MemberActions> member_actions;
  std::unique_ptr<app::backoffice::HelpDesk> help_desk;
  std::unique_ptr<app::backoffice::AuditLog> audit_log;
  std::unique_ptr<app::backoffice::AttackWatch> attack_watch;
  std::unique_ptr<app::backoffice::ScamReportDesk> scam_report_desk;

  http::BackOfficeServices services() const {
    return {*staff_auth, *member_actions, *help_desk, *audit_log, *attack_watch};
  }
};

void add_backoffice(BackOffice& bo, Infra& in, MemberSide& m, http::WebApp& web, http::Metrics& metrics) {
  if (in.totp_key_is_new)
    log::warn("totp_sealing_key_created",
              {{"path", in.totp_key},
               {"note", "back it up with the database; staff enrolled under another key must be re-enrolled"}});
  bo.totp_codes =
      std::make_unique<totp::OathTotp>(in.sodium, [ring = in.keys.totp_secrets] { return ring->get()->all(); });
  auto& bo_store = in.storage->backoffice();
  app::backoffice::Deps deps{*in.store, bo_store,       m.devices, m.codes,    m.limiter,  m.throttle, *in.hasher,
                             in.sodium, *bo.totp_codes, *in.clock, m.messages, m.sessions, in.settings};
  bo.staff_auth = std::make_unique<app::backoffice::StaffAuth>(deps);
  bo.member_actions = std::make_unique<app::backoffice::MemberActions>(deps);
  bo.help_desk = std::make_unique<app::backoffice::HelpDesk>(deps);
  bo.audit_log = std::make_unique<app::backoffice::AuditLog>(bo_store, in.sodium, *in.clock);
  bo.attack_watch = std::make_unique<app::backoffice::AttackWatch>(in.storage->budgets(), m.throttle, *in.clock);
  http::register_staff_routes(web, bo.services());
  metrics.describe("moncompte_staff_sign_ins_total", "counter", "Staff sign-in attempts by outcome.");
}

// The scam checker (issue 16), with the service's own domain counted as official so that its
// e-mails rate as genuine.
scam::Checker make_scam_checker(const config::Config& cfg, const std::string& base_url) {
  std::vector<std::string> official = cfg.list("scam.extra_official_domains");
  if (auto host = base_url.find("://"); host != std::string::npos) {
    std::string h = base_url.substr(host + 3);
    h = h.substr(0, h.find_first_of(":/"));
    // A raw address (tests, a developer's machine) must never make IP links look official.
    bool named = h.find_first_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos && h.find('.') != std::string::npos;
    if (named) official.push_back(h);
  }
  // Start-up self-test of the look-alike folding over ICU's data (ADR 0106): a clear refusal to
  // start rather than a checker that silently matches less (Checker::builtin() would abort).
  if (std::string failed = scam::Checker::self_test(); !failed.empty())
    throw std::runtime_error("scam checker self-test failed (ICU confusables): " + failed);
  return scam::Checker::builtin().with_official_domains(official);
}

// The scam routes; members report a checked message, advisors label it (issue 16): needs the
// back office.
void add_scam_routes(BackOffice& bo, ports::ScamReportStore& reports, Infra& in, http::WebApp& web,
                     http::Metrics& metrics, const scam::Checker& checker) {
  metrics.describe("moncompte_scam_checks_total", "counter", "Messages checked, by verdict.");
  http::register_scam_routes(web, checker);
  if (!bo.staff_auth) return;
  bo.scam_report_desk = std::make_unique<app::backoffice::ScamReportDesk>(reports, in.sodium, *in.clock);
  http::register_scam_report_routes(web, bo.services(), *bo.scam_report_desk, checker);
  metrics.describe("moncompte_scam_reports_total", "counter",
                   "Messages reported by members, by the checker's verdict.");
}

// Maintenance: inactivity (warn 30 days ahead, then deactivate) and retention (rows whose
// purpose is over). Every process may run it; both are idempotent.
std::jthread start_maintenance(const config::Config& cfg, http::Metrics& metrics, MemberSide& m,
                               const std::filesystem::path& letters_dir, const ports::Clock& clock) {
  return std::jthread([&cfg, &metrics, &m, letters_dir, &clock](const std::stop_token& stop) {
    std::mutex mutex;
    std::condition_variable_any cv;
    const auto every = std::chrono::milliseconds(static_cast<long long>(cfg.number("inactivity.sweep_minutes") * 60'000));
    // A failure (the database locked, full or gone) is logged and counted; the sweep runs again
    // at the next tick. Nothing thrown may end this thread: std::terminate would take the process.
    auto guarded = [&](const char* failed_event, auto&& work) {
      try {
        work();
      } catch (const StorageError& e) {
        metrics.inc("moncompte_storage_errors_total",
                    http::Metrics::label("cause", to_string(e.cause())) + "," + http::Metrics::label("backend", e.backend()));
        log::warn(failed_event, {{"error", e.what()}, {"cause", to_string(e.cause())}});
      } catch (const std::exception& e) {
        log::warn(failed_event, {{"error", e.what()}});
      } catch (...) {
        log::warn(failed_event, {{"error", "unknown exception"}});
      }
    };
    while (!stop.stop_requested()) {
      guarded("inactivity_sweep_failed", [&] {
        if (int n = m.recovery.sweep_inactivity(); n > 0) log::info("accounts_deactivated", {{"count", n}});
      });
      guarded("retention_purge_failed", [&] {
        const auto p = m.housekeeping.run();
        if (p.total() > 0)
          log::info("rows_purged", {{"sessions", p.sessions}, {"rate_hits", p.rate_hits}, {"codes", p.codes},
                                    {"attempts", p.attempts}, {"mails", p.mails}, {"letters", p.letters},
                                    {"sources", p.sources}, {"counters", p.counters},
                                    {"scam_reports", p.scam_reports}, {"sign_ins", p.sign_ins}});
      });
      // Printed letters hold codes: their PDFs go once acknowledged, or after letters_keep_days.
      guarded("letters_forget_failed", [&] {
        const auto keep = std::chrono::duration_cast<std::chrono::system_clock::duration>(days(cfg.number("outbox.letters_keep_days")));
        if (int n = pdf::PrintOutbox::forget_printed(letters_dir, clock.now(), keep); n > 0)
          log::info("letters_forgotten", {{"count", n}});
      });
      std::unique_lock lock(mutex);
      cv.wait_for(lock, stop, every, [] { return false; });
    }
  });
}

http::ServerLimits server_limits(const config::Config& cfg, HashingPool pool, const std::string& base_url) {
  http::ServerLimits limits;
  limits.header_bytes = static_cast<std::size_t>(cfg.integer("server.header_limit_bytes"));
  limits.body_bytes = static_cast<std::size_t>(cfg.integer("server.body_limit_bytes"));
  limits.request_timeout_s = cfg.number("server.request_timeout_seconds");
  limits.io_threads = std::max<unsigned>(1, static_cast<unsigned>(cfg.integer("server.io_threads")));
  auto workers = static_cast<unsigned>(cfg.integer("server.worker_threads"));
  limits.worker_threads = workers ? workers : pool.threads + pool.queue + 4;
  limits.trust_forwarded_for = cfg.boolean("server.trust_forwarded_for");
  limits.drain_seconds = std::max(0.0, cfg.number("server.drain_seconds"));
  limits.tls_cert = cfg.str("server.tls_cert");
  limits.tls_key = cfg.str("server.tls_key");
  limits.https_public = base_url.starts_with("https://");  // HSTS on the server's own errors
  return limits;
}

// Each response: counted and timed by route, logged (pages with NIRs pseudonymised).
http::Observer request_observer(http::Metrics& metrics, const nir::Mac& pseudonym_mac) {
  return [&metrics, pseudonym_mac](const http::Request& req, const http::Response& res, double seconds) {
    std::string route = route_label(req.path);
    metrics.inc("moncompte_http_requests_total", http::Metrics::label("route", route) + "," +
                                                     http::Metrics::label("status", std::to_string(res.status)));
    metrics.observe("moncompte_http_request_duration_seconds", http::Metrics::label("route", route), seconds);
    if (route != "static" && req.path != "/metrics" && req.path != "/healthz")
      log::info("request", {{"method", req.method},
                            {"path", route == "page" ? nir::redact_path(req.path, pseudonym_mac) : route},
                            {"status", res.status},
                            {"ms", std::round(seconds * 1e6) / 1e3},
                            {"client", req.client_ip}});
  };
}

// /metrics on its own address (metrics.listen), for the operators' network only.
struct MetricsEndpoint {
  std::unique_ptr<http::Server> server;
  std::jthread thread;

  void start(const std::string& listen, http::Metrics& metrics) {
    if (listen.empty()) return;
    auto [mhost, mport] = split_listen(listen);
    http::ServerLimits mlimits;
    mlimits.io_threads = 1;
    mlimits.worker_threads = 1;
    server = std::make_unique<http::Server>(
        mhost, mport, mlimits,
        [&metrics](http::Request& r) {
          http::Response res;
          if (r.path == "/metrics" && r.method == "GET") {
            res.content_type = "text/plain; version=0.0.4; charset=utf-8";
            res.body = metrics.render();
          } else {
            res.status = 404;
            res.body = "not found\n";
          }
          res.header("Cache-Control", "no-store");
          res.header("X-Content-Type-Options", "nosniff");
          return res;
        },
        nullptr);
    server->start();
    log::info("metrics_listening", {{"address", mhost}, {"port", server->port()}});
    thread = std::jthread([this] { server->run(); });
  }
  void stop() {
    if (server) server->stop();
    if (thread.joinable()) thread.join();
  }
};

// systemd (Type=notify, docs/operations.md) and the signals: SIGTERM/SIGINT drain, SIGHUP reloads
// what can change live (docs/operations.md) — the key rings of keys/, log.level and the TLS
// certificate and key files. Anything else needs a restart; a bad file keeps what runs.
void install_signals(http::Server& server, const http::ServerLimits& limits, const ServiceKeys& keys,
                     const std::function<config::Config()>& reload_config) {
  // The watchdog is fed from the I/O loop itself.
  std::uint64_t watchdog_usec = 0;
  if (sd_watchdog_enabled(0, &watchdog_usec) > 0 && watchdog_usec > 0)
    server.set_heartbeat([] { sd_notify(0, "WATCHDOG=1"); },
                         std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::microseconds(watchdog_usec / 2)));
  server.install_signal_handlers(
      [drain = limits.drain_seconds] {
        sd_notify(0, "STOPPING=1");
        log::info("stopping", {{"drain_seconds", drain}});
      },
      [&server, &keys, reload_config] {
        sd_notify(0, "RELOADING=1");
        // The key files first, each on its own: a bad one is logged and keeps its keys.
        const bool keys_ok = keys.reload();
        try {
          if (reload_config) {
            auto fresh = reload_config();
            auto level = spdlog::level::from_str(fresh.str("log.level"));
            if (level == spdlog::level::off && fresh.str("log.level") != "off")
              throw config::ConfigError("configuration key 'log.level': unknown level '" + fresh.str("log.level") + "'");
            spdlog::set_level(level);
          }
          if (server.tls()) server.reload_tls();
          log::info("reloaded", {{"tls", server.tls()}, {"keys", keys_ok ? "ok" : "failed, previous keys kept"}});
        } catch (const std::exception& e) {
          log::error("reload_failed", {{"error", e.what()}});
        }
        sd_notify(0, "READY=1");
      });
}

}  // namespace

int serve(const std::string& listen, const std::string& db_url, config::Config& cfg,
          const std::function<config::Config()>& reload_config) {
  crypto::init_sodium();
  const Transport transport = check_transport(listen, cfg);
  Infra in(db_url, cfg);
  MemberSide member(in, cfg);
  Documents documents(in, member, cfg, db_url);
  Delivery delivery(in, member, documents, cfg, db_url);

  http::Metrics metrics;
  describe_login_metrics(metrics, in, member);
  http::WebConfig config = web_config(cfg, transport, in);
  const FranceConnect fc = make_franceconnect(cfg, in, member, config);
  app::MemberData member_data({*in.store, member.devices, in.storage->history(), &member.codes,
                               &in.storage->backoffice(), *in.clock, &in.storage->member_records()});
  http::WebApp web({member.login, member.sessions, *in.store, member.devices, member.throttle, member.monitor,
                    *in.hasher, in.sodium, *in.clock, in.settings, metrics, &member_data},
                   config);
  http::register_recovery_routes(web, member.recovery);
  http::register_attestation_routes(web, documents.attestations);
  BackOffice backoffice;
  add_backoffice(backoffice, in, member, web, metrics);
  const scam::Checker checker = make_scam_checker(cfg, in.settings.base_url);
  add_scam_routes(backoffice, in.storage->scam_reports(), in, web, metrics, checker);
  if (fc.login)
    http::register_franceconnect_routes(web, *fc.login,
                                        [](bool warning, std::string_view event, const nlohmann::json& f) {
                                          warning ? log::warn(event, f) : log::info(event, f);
                                        });
  describe_outbox_metrics(metrics, member.outbox, delivery.worker);
  if (cfg.boolean("delivery.enabled")) delivery.worker.start();
  std::jthread maintenance = start_maintenance(cfg, metrics, member, delivery.letters.dir, *in.clock);

  const http::ServerLimits limits = server_limits(cfg, in.pool, in.settings.base_url);
  http::Server server(
      transport.host, transport.port, limits, [&web](http::Request& r) { return web.handle(r); },
      request_observer(metrics, in.pseudonym_mac));
  server.start();
  MetricsEndpoint metrics_endpoint;
  metrics_endpoint.start(transport.metrics_listen, metrics);
  log::info("listening", {{"address", transport.host},
                          {"port", server.port()},
                          {"tls", server.tls()},
                          {"db", db_url.substr(0, db_url.find(':'))},
                          {"hashing_threads", in.pool.threads},
                          {"hashing_queue", in.pool.queue},
                          {"argon2_m_kib", cfg.integer("password.argon2_m_cost_kib")}});
  // Ready: the migrations ran (make_store), the Argon2id self-test passed and the socket listens.
  install_signals(server, limits, in.keys, reload_config);
  sd_notify(0, "READY=1");
  server.run();
  metrics_endpoint.stop();
  delivery.worker.stop();
  maintenance.request_stop();
  log::info("stopped");
  return 0;
}

}  // namespace mc::wiring
