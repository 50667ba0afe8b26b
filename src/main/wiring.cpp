#include "main/wiring.hpp"

#include <spdlog/sinks/stdout_sinks.h>

#include <sys/stat.h>
#include <systemd/sd-daemon.h>

#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <filesystem>
#include <mutex>
#include <thread>

#include "adapters/crypto/argon2id_self_test.hpp"
#include "adapters/crypto/key_file.hpp"
#include "adapters/crypto/sodium.hpp"
#include "adapters/http/server.hpp"
#include "adapters/http/web_app.hpp"
#include "adapters/http/franceconnect_routes.hpp"
#include "adapters/http/staff_routes.hpp"
#include "adapters/storage/letter_json.hpp"
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
#include "adapters/pdf/print_outbox.hpp"
#include "adapters/pdf/render.hpp"
#include "app/attestations.hpp"
#include "app/franceconnect_login.hpp"
#include "app/housekeeping.hpp"
#include "app/attack_monitor.hpp"
#include "app/login.hpp"
#include "app/source_throttle.hpp"
#include "app/recovery.hpp"
#include "app/sessions.hpp"
#include "core/nir/redact.hpp"
#include "main/log.hpp"

namespace mc::wiring {

Instant SystemClock::now() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

void SystemClock::pause(Duration d) const { std::this_thread::sleep_for(d); }

Instant OffsetClock::now() const {
  struct stat st{};
  std::lock_guard lock(mutex_);
  if (::stat(path_.c_str(), &st) == 0) {
    const std::int64_t mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    if (mtime != seen_mtime_ns_ || st.st_size != seen_size_) {
      std::ifstream in(path_);
      std::int64_t ms = 0;
      if (in >> ms) offset_ms_ = ms;
      seen_mtime_ns_ = mtime;
      seen_size_ = st.st_size;
    }
  }
  return SystemClock{}.now() + Duration{offset_ms_};
}

void OffsetClock::pause(Duration d) const { std::this_thread::sleep_for(d); }

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
  } catch (const StorageError& e) {
    throw StorageError(e.cause(), e.backend(), "open", "cannot open database " + redacted(url) + ": " + reason(e.what()));
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot open database " + redacted(url) + ": " + reason(e.what()));
  }
}

}  // namespace

std::unique_ptr<ports::Store> open_store(const std::string& url, std::chrono::milliseconds wait) {
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);
    if (path.empty()) throw std::runtime_error("--db sqlite:PATH needs a file path, e.g. sqlite:var/moncompte.sqlite");
    return opened(url, [&] { return std::make_unique<storage::SqliteStore>(path, wait); });
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
#ifdef MC_HAVE_POSTGRES
    return opened(url, [&] { return std::make_unique<storage::PostgresStore>(url, storage::pg::PoolOptions{.acquire_timeout = wait}); });
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
mail::SpecialLetterRenderer paper_attestation_renderer(const pdf::RenderOptions& options) {
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

// Argon2id self-test (issue 14, SPEC §11): every kernel the CPU offers against RFC 9106 and
// libsodium, before the service listens. One "argon2_self_test" line per kernel, "chosen": true
// on the one in use; no usable implementation at all stops the start.
crypto::argon2id::SelfTest argon2_self_test(const config::Config& cfg) {
  std::vector<std::string> broken;
  // Test hook only (tests/faults): declare kernels faulty to show the fallback on any CPU.
  if (const char* hook = std::getenv("MC_TEST_ARGON2_BREAK"); hook && *hook) {
    std::string list = hook;
    for (std::size_t pos = 0; pos <= list.size();) {
      auto comma = list.find(',', pos);
      if (comma == std::string::npos) comma = list.size();
      if (comma > pos) broken.push_back(list.substr(pos, comma - pos));
      pos = comma + 1;
    }
    log::warn("argon2_self_test_hook", {{"broken", broken}, {"note", "MC_TEST_ARGON2_BREAK is for tests only"}});
  }
  auto result = crypto::argon2id::self_test(static_cast<std::uint32_t>(cfg.integer("password.argon2_t_cost")),
                                            static_cast<std::uint32_t>(cfg.integer("password.argon2_m_cost_kib")), broken);
  const std::string chosen = result.usable ? result.chosen() : "";
  for (const auto& c : result.checks) {
    nlohmann::json f = {{"kernel", c.name}, {"ok", c.ok}, {"chosen", c.name == chosen}};
    if (!c.detail.empty()) f["detail"] = c.detail;
    c.ok ? log::info("argon2_self_test", f) : log::error("argon2_self_test", f);
  }
  if (!result.usable)
    throw std::runtime_error("Argon2id self-test: no kernel and not libsodium gave the known answers; refusing to start");
  return result;
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

// throttle.* → the source budgets; a clear start-up error for a malformed trusted block.
app::ThrottleSettings throttle_settings(const config::Config& cfg) {
  app::ThrottleSettings t;
  const Duration window = minutes(cfg.number("throttle.window_minutes"));
  if (window <= Duration::zero()) throw config::ConfigError("configuration key 'throttle.window_minutes': must be > 0");
  t.failures = {static_cast<int>(cfg.integer("throttle.source_failures")), window};
  t.trusted_failures = {static_cast<int>(cfg.integer("throttle.trusted_source_failures")), window};
  if (t.failures.per_window < 1 || t.trusted_failures.per_window < 1)
    throw config::ConfigError("configuration keys 'throttle.source_failures' and 'throttle.trusted_source_failures' must be ≥ 1");
  for (const auto& block : cfg.list("throttle.trusted_cidrs")) {
    auto cidr = throttle::Cidr::parse(block);
    if (!cidr)
      throw config::ConfigError("configuration key 'throttle.trusted_cidrs': '" + block +
                                "' is not an address block (e.g. 192.0.2.0/24 or 2001:db8::/32)");
    t.trusted.push_back(*cidr);
  }
  t.requests_per_hour = static_cast<int>(cfg.integer("abuse.requests_per_ip_per_hour"));
  return t;
}

const std::vector<KeyFile>& key_files() {
  static const std::vector<KeyFile> files{{"secrets", "secrets.key", "secrets key"},
                                          {"outbox", "outbox.key", "outbox sealing key"},
                                          {"device-cookie", "device-cookie.key", "device cookie key"},
                                          {"log-pseudonym", "log-pseudonym.key", "log pseudonym key"},
                                          {"totp-secrets", "totp-secrets.key", "TOTP sealing key"}};
  return files;
}

ServiceKeys ServiceKeys::open(const std::string& dir) {
  auto ring = [&](std::size_t i) {
    const auto& f = key_files().at(i);
    return std::make_shared<crypto::LiveKeyRing>((std::filesystem::path(dir) / f.file).string(), f.what);
  };
  return {ring(0), ring(1), ring(2), ring(3), ring(4)};
}

bool ServiceKeys::reload() const {
  bool ok = true;
  const std::pair<const char*, crypto::LiveKeyRing*> rings[] = {{"secrets", secrets.get()},
                                                                {"outbox", outbox.get()},
                                                                {"device-cookie", device_cookie.get()},
                                                                {"log-pseudonym", log_pseudonym.get()},
                                                                {"totp-secrets", totp_secrets.get()}};
  for (const auto& [name, ring] : rings) {
    if (!ring) continue;
    try {
      const bool changed = ring->reload();
      const auto now = ring->get();
      log::info("keys_reloaded", {{"key", name},
                                  {"changed", changed},
                                  {"current", crypto::key_fingerprint(now->current)},
                                  {"previous", now->previous.size()}});
    } catch (const std::exception& e) {
      ok = false;
      log::error("key_reload_failed", {{"key", name},
                                       {"path", ring->path()},
                                       {"error", e.what()},
                                       {"kept", crypto::key_fingerprint(ring->get()->current)}});
    }
  }
  return ok;
}

void seal_outboxes(const std::shared_ptr<const crypto::LiveKeyRing>& ring) {
  storage::set_outbox_seal([ring](std::string_view clear) { return crypto::seal_text(ring->get()->current, clear); },
                           [ring](std::string_view stored) { return crypto::open_text(ring->get()->all(), stored); });
}

void seal_outboxes(const config::Config& cfg, const std::string& db_url) {
  const auto& f = key_files().at(1);
  seal_outboxes(std::make_shared<const crypto::LiveKeyRing>(
      (std::filesystem::path(keys_dir(cfg, db_url)) / f.file).string(), f.what));
}

app::SecretDigest secret_digest(const std::shared_ptr<const crypto::LiveKeyRing>& ring) {
  app::SecretDigest d;
  d.current = [ring](std::string_view text) { return ring->hmac_current(text); };
  d.previous = [ring](std::string_view text) {
    auto macs = ring->hmac_all(text);  // the current key's first, then the previous keys'
    macs.erase(macs.begin());
    return macs;
  };
  return d;
}

app::SecretDigest secret_digest(const config::Config& cfg, const std::string& db_url) {
  const auto& f = key_files().at(0);
  return secret_digest(std::make_shared<const crypto::LiveKeyRing>(
      (std::filesystem::path(keys_dir(cfg, db_url)) / f.file).string(), f.what));
}

std::string totp_key_path(const config::Config& cfg, const std::string& db_url) {
  return (std::filesystem::path(keys_dir(cfg, db_url)) / "totp-secrets.key").string();
}

std::function<std::vector<std::array<std::uint8_t, 32>>()> totp_sealing_keys(const config::Config& cfg,
                                                                             const std::string& db_url) {
  const auto& f = key_files().at(4);
  auto ring = std::make_shared<const crypto::LiveKeyRing>(totp_key_path(cfg, db_url), f.what);
  return [ring] { return ring->get()->all(); };
}

int serve(const std::string& listen, const std::string& db_url, config::Config& cfg,
          const std::function<config::Config()>& reload_config) {
  crypto::init_sodium();
  auto [host, port] = split_listen(listen.empty() ? cfg.str("server.listen") : listen);
  // Transport settings (issue 17), refused before anything is opened.
  if (!http::valid_cookie_secure(cfg.str("session.cookie_secure")))
    throw config::ConfigError("configuration key 'session.cookie_secure': expected auto, always or never, got '" +
                              cfg.str("session.cookie_secure") + "'");
  std::vector<throttle::Cidr> metrics_allow;
  for (const auto& block : cfg.list("metrics.allow_cidrs")) {
    auto cidr = throttle::Cidr::parse(block);
    if (!cidr)
      throw config::ConfigError("configuration key 'metrics.allow_cidrs': '" + block +
                                "' is not an address block (e.g. 127.0.0.0/8 or ::1/128)");
    metrics_allow.push_back(*cidr);
  }
  const std::string metrics_listen = cfg.str("metrics.listen");
  if (!metrics_listen.empty()) {
    try {
      (void)split_listen(metrics_listen);
    } catch (const std::exception& e) {
      throw config::ConfigError("configuration key 'metrics.listen': expected HOST:PORT, got '" + metrics_listen + "'");
    }
  }
  const auto storage_wait = std::chrono::milliseconds(std::max<std::int64_t>(1, cfg.integer("storage.wait_ms")));
  auto store = open_store(db_url, storage_wait);

  std::unique_ptr<ports::Clock> clock_impl;
  if (const auto offset_file = cfg.str("clock.offset_file"); !offset_file.empty()) {
    log::warn("test_clock", {{"offset_file", offset_file}, {"note", "clock.offset_file is for tests only"}});
    clock_impl = std::make_unique<OffsetClock>(offset_file);
  } else {
    clock_impl = std::make_unique<SystemClock>();
  }
  const ports::Clock& clock = *clock_impl;
  crypto::SodiumCrypto sodium;
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  unsigned hashing_threads = cfg.integer("password.hashing_threads") ? static_cast<unsigned>(cfg.integer("password.hashing_threads")) : cores;
  unsigned hashing_queue = cfg.integer("password.hashing_queue") ? static_cast<unsigned>(cfg.integer("password.hashing_queue")) : hashing_threads;
  const auto self_test = argon2_self_test(cfg);
  crypto::Argon2Hasher hasher({static_cast<unsigned>(cfg.integer("password.argon2_t_cost")),
                               static_cast<std::size_t>(cfg.integer("password.argon2_m_cost_kib"))},
                              hashing_threads, hashing_queue,
                              {.reuse = cfg.boolean("password.reuse_argon2_memory") && self_test.kernel.has_value(),
                               .kernel = self_test.kernel.value_or(crypto::argon2id::Kernel::portable),
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
  settings.retention.idle_counters = days(cfg.number("retention.idle_counters_days"));
  settings.device_trust = cfg.boolean("lockout.device_trust");
  // The keys of keys/ (issue 19): key rings, re-read on SIGHUP; request threads read snapshots.
  const auto totp_key = totp_key_path(cfg, db_url);
  const bool totp_key_is_new = !std::filesystem::exists(totp_key);
  const auto keys = ServiceKeys::open(keys_dir(cfg, db_url));
  settings.secrets = secret_digest(keys.secrets);
  seal_outboxes(keys.outbox);
  // NIRs in logs: a keyed pseudonym (keys/log-pseudonym.key) instead (issue 17). The current key
  // only: pseudonyms are never looked up, a rotation starts new ones.
  const nir::Mac pseudonym_mac = [ring = keys.log_pseudonym](std::string_view d) { return ring->hmac_current(d); };

  app::Sessions sessions(*store, sodium, clock);
  auto& devices = port_of<ports::DeviceStore>(*store, "devices");
  app::SourceThrottle throttle(port_of<ports::SourceBudgetStore>(*store, "source budgets"), clock, throttle_settings(cfg));
  app::AttackMonitor monitor(cfg.integer("throttle.alarm_failures_per_minute"), [](const app::AttackMonitor::Minute& m) {
    log::warn("attack_suspected", {{"failures_this_minute", m.failures}, {"distinct_nirs", m.distinct_nirs}});
  });
  messages::MessagesFr messages(settings.base_url, settings.lockout.temporary_lock);
  // Device cookies are bound to an account by an HMAC under this key (keys/device-cookie.key):
  // new cookies under the current key, cookies made under a previous key still recognised.
  app::Login login({*store, devices, hasher, sodium, clock, sessions, throttle, monitor, messages,
                    [ring = keys.device_cookie](std::string_view data) { return ring->hmac_current(data); }, settings,
                    [ring = keys.device_cookie](std::string_view data) { return ring->hmac_all(data); }});
  auto& codes = port_of<ports::CodeStore>(*store, "codes");
  auto& outbox = port_of<ports::OutboxStore>(*store, "outboxes");
  auto& limiter = port_of<ports::RateLimiter>(*store, "rate limits");
  auto& account_store = port_of<ports::AccountStore>(*store, "account changes");
  auto& attestation_store = port_of<ports::AttestationStore>(*store, "attestations");
  app::Housekeeping housekeeping(port_of<ports::RetentionStore>(*store, "retention"), clock, settings);
  app::Recovery recovery({*store, codes, limiter, throttle, account_store, outbox, hasher, sodium, clock, messages, settings});

  // Attestation signing keys: created on first start (0600), rotated by adding a key.
  const auto signing_dir = keys_dir(cfg, db_url);
  auto keyring = signing::EcdsaKeyring::open(signing_dir, std::chrono::system_clock::now());
  if (!keyring) throw std::runtime_error("cannot open the attestation signing keys in '" + signing_dir + "': " + keyring.error());
  pdf::RenderOptions render_options;
  render_options.verify_url = settings.base_url + "/verifier-une-attestation";
  PdfAttestationRenderer attestation_renderer(render_options);
  app::Attestations attestations({*store, attestation_store, outbox, limiter, throttle, **keyring, **keyring, attestation_renderer, clock, settings});

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
  // Seeing an attack (per process): evaluated failures, refusals by scope, sources over budget.
  metrics.describe("moncompte_evaluated_failures_total", "counter", "Wrong passwords evaluated (Argon2id run), all accounts.");
  metrics.gauge("moncompte_evaluated_failures_total", [&] { return static_cast<double>(monitor.failures_total()); });
  metrics.describe("moncompte_failing_nirs_last_minute", "gauge", "Distinct NIRs with an evaluated wrong password in the last complete minute.");
  metrics.gauge("moncompte_failing_nirs_last_minute", [&] { return static_cast<double>(monitor.last_minute(clock.now()).distinct_nirs); });
  metrics.describe("moncompte_failures_last_minute", "gauge", "Evaluated wrong passwords in the last complete minute.");
  metrics.gauge("moncompte_failures_last_minute", [&] { return static_cast<double>(monitor.last_minute(clock.now()).failures); });
  metrics.describe("moncompte_sources_over_budget_total", "counter", "Times a source was found over its failure or request budget.");
  metrics.gauge("moncompte_sources_over_budget_total", [&] { return static_cast<double>(throttle.stats().sources_over_budget); });
  metrics.describe("moncompte_sources_refused_now", "gauge", "Sources this process refuses from memory now (budget spent).");
  metrics.gauge("moncompte_sources_refused_now", [&] { return static_cast<double>(throttle.stats().blocked_now); });
  metrics.describe("moncompte_throttled_requests_total", "counter", "Requests answered 429 for a spent source budget, by reason (scope).");
  metrics.gauge_family("moncompte_throttled_requests_total", [&] {
    http::Metrics::Series out;
    for (const auto& [scope, n] : throttle.stats().refusals_by_scope)
      out.emplace_back(http::Metrics::label("reason", scope), static_cast<double>(n));
    return out;
  });
  metrics.describe("moncompte_argon2_arena_bytes", "gauge", "Memory mapped for the hashing threads' reused Argon2id arenas.");
  metrics.gauge("moncompte_argon2_arena_bytes", [&] { return static_cast<double>(hasher.arena_bytes()); });
  metrics.describe("moncompte_argon2_self_test", "gauge",
                   "Start-up Argon2id self-test: 1 passed, 0 failed (disabled), per kernel; chosen=\"true\" on the one in use.");
  for (const auto& c : self_test.checks)
    metrics.inc("moncompte_argon2_self_test",
                http::Metrics::label("kernel", c.name) + "," + http::Metrics::label("chosen", c.name == self_test.chosen() ? "true" : "false"),
                c.ok ? 1 : 0);
  metrics.describe("moncompte_storage_errors_total", "counter",
                   "Storage failures answered 503 or met by the maintenance sweep, by cause (locked, full, read_only, connection_lost, io).");
  metrics.describe("moncompte_internal_errors_total", "counter", "Requests answered 500 (logged as internal_error with a request_id).");

  http::WebConfig web_config;
  web_config.base_url = settings.base_url;
  web_config.cookie_secure = cfg.str("session.cookie_secure");
  web_config.metrics_allow = metrics_allow;
  web_config.metrics_here = metrics_listen.empty();
  web_config.redact_path = [pseudonym_mac](std::string_view path) { return nir::redact_path(path, pseudonym_mac); };
  web_config.refusal_delay = std::chrono::milliseconds(cfg.integer("throttle.refusal_delay_ms"));
  web_config.storage_wait = storage_wait;
  web_config.log = [](std::string_view level, std::string_view event, const nlohmann::json& f) {
    level == "error" ? log::error(event, f) : log::warn(event, f);
  };
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
                               *fc_provider, sodium, clock, sessions, settings, fc_settings,
                               &port_of<ports::SignInHistory>(*store, "sign-in history storage")});
    web_config.form_action_origins.push_back(origin_of(fc_config.issuer));
    web_config.franceconnect = true;
  }
  app::MemberData member_data({*store, devices, port_of<ports::SignInHistory>(*store, "sign-in history"),
                               &port_of<ports::CodeStore>(*store, "codes"),
                               &port_of<ports::BackOfficeStore>(*store, "back office"), clock,
                               &port_of<ports::MemberRecords>(*store, "member records")});
  http::WebApp web({login, sessions, *store, devices, throttle, monitor, hasher, sodium, clock, settings, metrics,
                    &member_data},
                   web_config);
  http::register_recovery_routes(web, recovery);
  http::register_attestation_routes(web, attestations);
  // The back office (docs/backoffice.md), when the storage backend provides it.
  if (totp_key_is_new)
    log::warn("totp_sealing_key_created",
              {{"path", totp_key},
               {"note", "back it up with the database; staff enrolled under another key must be re-enrolled"}});
  totp::OathTotp totp_codes(sodium, [ring = keys.totp_secrets] { return ring->get()->all(); });
  std::unique_ptr<app::backoffice::StaffAuth> staff_auth;
  std::unique_ptr<app::backoffice::MemberActions> member_actions;
  std::unique_ptr<app::backoffice::HelpDesk> help_desk;
  std::unique_ptr<app::backoffice::AuditLog> audit_log;
  std::unique_ptr<app::backoffice::AttackWatch> attack_watch;
  if (auto* bo_store = dynamic_cast<ports::BackOfficeStore*>(store.get())) {
    app::backoffice::Deps bo{*store, *bo_store, devices, codes, limiter, throttle, hasher, sodium, totp_codes, clock, messages, sessions, settings};
    staff_auth = std::make_unique<app::backoffice::StaffAuth>(bo);
    member_actions = std::make_unique<app::backoffice::MemberActions>(bo);
    help_desk = std::make_unique<app::backoffice::HelpDesk>(bo);
    audit_log = std::make_unique<app::backoffice::AuditLog>(*bo_store, sodium, clock);
    attack_watch = std::make_unique<app::backoffice::AttackWatch>(
        port_of<ports::SourceBudgetStore>(*store, "source budgets"), throttle, clock);
    http::register_staff_routes(web, {*staff_auth, *member_actions, *help_desk, *audit_log, *attack_watch});
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
  // Start-up self-test of the look-alike folding over ICU's data (ADR 0106): a clear refusal to
  // start rather than a checker that silently matches less (Checker::builtin() would abort).
  if (std::string failed = scam::Checker::self_test(); !failed.empty())
    throw std::runtime_error("scam checker self-test failed (ICU confusables): " + failed);
  const scam::Checker checker = scam::Checker::builtin().with_official_domains(official);
  metrics.describe("moncompte_scam_checks_total", "counter", "Messages checked, by verdict.");
  http::register_scam_routes(web, checker);
  // Members report a checked message, advisors label it (issue 16): needs the back office.
  std::unique_ptr<app::backoffice::ScamReportDesk> scam_report_desk;
  if (auto* reports = dynamic_cast<ports::ScamReportStore*>(store.get()); reports && staff_auth) {
    scam_report_desk = std::make_unique<app::backoffice::ScamReportDesk>(*reports, sodium, clock);
    http::register_scam_report_routes(web, {*staff_auth, *member_actions, *help_desk, *audit_log, *attack_watch},
                                      *scam_report_desk, checker);
    metrics.describe("moncompte_scam_reports_total", "counter", "Messages reported by members, by the checker's verdict.");
  }
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
  metrics.describe("moncompte_delivery_storage_errors_total", "counter", "Delivery worker rounds lost to a storage error (retried).");
  metrics.gauge("moncompte_delivery_storage_errors_total", [&] { return static_cast<double>(delivery.stats().storage_errors); });
  if (cfg.boolean("delivery.enabled")) delivery.start();

  // Maintenance: inactivity (warn 30 days ahead, then deactivate) and retention (rows whose
  // purpose is over). Every process may run it; both are idempotent.
  std::jthread maintenance([&](const std::stop_token& stop) {
    std::mutex m;
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
        if (int n = recovery.sweep_inactivity(); n > 0) log::info("accounts_deactivated", {{"count", n}});
      });
      guarded("retention_purge_failed", [&] {
        const auto p = housekeeping.run();
        if (p.total() > 0)
          log::info("rows_purged", {{"sessions", p.sessions}, {"rate_hits", p.rate_hits}, {"codes", p.codes},
                                    {"attempts", p.attempts}, {"mails", p.mails}, {"letters", p.letters},
                                    {"sources", p.sources}, {"counters", p.counters},
                                    {"scam_reports", p.scam_reports}, {"sign_ins", p.sign_ins}});
      });
      // Printed letters hold codes: their PDFs go once acknowledged, or after letters_keep_days.
      guarded("letters_forget_failed", [&] {
        const auto keep = std::chrono::duration_cast<std::chrono::system_clock::duration>(days(cfg.number("outbox.letters_keep_days")));
        if (int n = pdf::PrintOutbox::forget_printed(letters.dir, clock.now(), keep); n > 0)
          log::info("letters_forgotten", {{"count", n}});
      });
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
  limits.drain_seconds = std::max(0.0, cfg.number("server.drain_seconds"));
  limits.tls_cert = cfg.str("server.tls_cert");
  limits.tls_key = cfg.str("server.tls_key");
  limits.https_public = settings.base_url.starts_with("https://");  // HSTS on the server's own errors

  http::Server server(
      host, port, limits, [&](http::Request& r) { return web.handle(r); },
      [&](const http::Request& req, const http::Response& res, double seconds) {
        std::string route = route_label(req.path);
        metrics.inc("moncompte_http_requests_total",
                    http::Metrics::label("route", route) + "," + http::Metrics::label("status", std::to_string(res.status)));
        metrics.observe("moncompte_http_request_duration_seconds", http::Metrics::label("route", route), seconds);
        if (route != "static" && req.path != "/metrics" && req.path != "/healthz")
          log::info("request", {{"method", req.method}, {"path", route == "page" ? nir::redact_path(req.path, pseudonym_mac) : route},
                                {"status", res.status}, {"ms", std::round(seconds * 1e6) / 1e3}, {"client", req.client_ip}});
      });
  server.start();
  // /metrics on its own address (metrics.listen), for the operators' network only.
  std::unique_ptr<http::Server> metrics_server;
  std::jthread metrics_thread;
  if (!metrics_listen.empty()) {
    auto [mhost, mport] = split_listen(metrics_listen);
    http::ServerLimits mlimits;
    mlimits.io_threads = 1;
    mlimits.worker_threads = 1;
    metrics_server = std::make_unique<http::Server>(mhost, mport, mlimits, [&](http::Request& r) {
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
    }, nullptr);
    metrics_server->start();
    log::info("metrics_listening", {{"address", mhost}, {"port", metrics_server->port()}});
    metrics_thread = std::jthread([&] { metrics_server->run(); });
  }
  log::info("listening", {{"address", host}, {"port", server.port()}, {"tls", server.tls()}, {"db", db_url.substr(0, db_url.find(':'))},
                          {"hashing_threads", hashing_threads}, {"hashing_queue", hashing_queue},
                          {"argon2_m_kib", cfg.integer("password.argon2_m_cost_kib")}});
  // systemd (Type=notify, docs/operations.md): the migrations ran (open_store), the Argon2id
  // self-test passed and the socket listens; the watchdog is fed from the I/O loop itself.
  std::uint64_t watchdog_usec = 0;
  if (sd_watchdog_enabled(0, &watchdog_usec) > 0 && watchdog_usec > 0)
    server.set_heartbeat([] { sd_notify(0, "WATCHDOG=1"); },
                         std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::microseconds(watchdog_usec / 2)));
  server.install_signal_handlers(
      [&] {
        sd_notify(0, "STOPPING=1");
        log::info("stopping", {{"drain_seconds", limits.drain_seconds}});
      },
      [&] {
        // SIGHUP: what can change live (docs/operations.md) — the key rings of keys/, log.level
        // and the TLS certificate and key files. Anything else needs a restart; a bad file keeps
        // what runs.
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
  sd_notify(0, "READY=1");
  server.run();
  if (metrics_server) metrics_server->stop();
  if (metrics_thread.joinable()) metrics_thread.join();
  delivery.stop();
  maintenance.request_stop();
  log::info("stopped");
  return 0;
}

}  // namespace mc::wiring
