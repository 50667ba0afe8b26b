#include "main/composition.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "adapters/crypto/key_file.hpp"
#include "adapters/storage/letter_json.hpp"
#include "adapters/storage/sqlite/sqlite_store.hpp"
#ifdef MC_HAVE_POSTGRES
#include "adapters/storage/postgres/postgres_store.hpp"
#endif
#include "main/log.hpp"

namespace mc::wiring {

config::Config load_config(const std::string& config_file, const std::vector<std::string>& sets) {
  config::Config cfg;
  if (!config_file.empty()) cfg.load_toml_file(config_file);
  for (const auto& s : sets) cfg.set(s);
  return cfg;
}

app::Settings build_settings(const config::Config& cfg) {
  app::Settings settings;
  settings.lockout.temporary_lock = minutes(cfg.number("lockout.temporary_minutes"));
  settings.lockout.failure_reset = hours(cfg.number("lockout.failure_reset_hours"));
  settings.member_sessions = {minutes(cfg.number("session.idle_minutes")), hours(cfg.number("session.absolute_hours"))};
  settings.staff_sessions = {minutes(cfg.number("session.staff_idle_minutes")),
                             hours(cfg.number("session.absolute_hours"))};
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
  return settings;
}

Instant SystemClock::now() const { return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now()); }

void SystemClock::pause(Duration d) const { std::this_thread::sleep_for(d); }

Instant OffsetClock::now() const {
  struct stat st {};
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

std::unique_ptr<ports::Clock> make_clock(const config::Config& cfg) {
  if (const auto offset_file = cfg.str("clock.offset_file"); !offset_file.empty()) {
    log::warn("test_clock", {{"offset_file", offset_file}, {"note", "clock.offset_file is for tests only"}});
    return std::make_unique<OffsetClock>(offset_file);
  }
  return std::make_unique<SystemClock>();
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
std::unique_ptr<ports::Storage> opened(const std::string& url, Open&& open) {
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
    throw StorageError(e.cause(), e.backend(), "open",
                       "cannot open database " + redacted(url) + ": " + reason(e.what()));
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot open database " + redacted(url) + ": " + reason(e.what()));
  }
}

}  // namespace

std::string sqlite_path(const std::string& url) {
  std::string path = url.substr(7);
  if (path.starts_with("//")) path = path.substr(2);
  return path;
}

std::unique_ptr<ports::Storage> open_store(const std::string& url, std::chrono::milliseconds wait) {
  if (url.starts_with("sqlite:")) {
    const std::string path = sqlite_path(url);
    if (path.empty()) throw std::runtime_error("--db sqlite:PATH needs a file path, e.g. sqlite:var/moncompte.sqlite");
    return opened(url, [&] { return std::make_unique<storage::SqliteStore>(path, wait); });
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
#ifdef MC_HAVE_POSTGRES
    return opened(url, [&] {
      return std::make_unique<storage::PostgresStore>(url, storage::pg::PoolOptions{.acquire_timeout = wait});
    });
#else
    throw std::runtime_error("this build has no PostgreSQL support (libpq was not found when it was configured)");
#endif
  }
  throw std::runtime_error("--db must be sqlite:PATH or postgresql://…, got '" + url + "'");
}

std::chrono::milliseconds storage_wait(const config::Config& cfg) {
  return std::chrono::milliseconds(std::max<std::int64_t>(1, cfg.integer("storage.wait_ms")));
}

void ensure_parent_dir(const std::string& db_url) {
  if (!db_url.starts_with("sqlite:")) return;
  const std::string path = sqlite_path(db_url);
  auto parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec)
    throw std::runtime_error("cannot open database " + db_url + ": cannot create the folder " + parent.string() + ": " +
                             ec.message());
}

std::unique_ptr<ports::Storage> make_store(const std::string& url, const config::Config& cfg, bool create_folder) {
  if (create_folder) ensure_parent_dir(url);
  return open_store(url, storage_wait(cfg));
}

crypto::Argon2Params argon2_params(const config::Config& cfg) {
  return {static_cast<unsigned>(cfg.integer("password.argon2_t_cost")),
          static_cast<std::size_t>(cfg.integer("password.argon2_m_cost_kib"))};
}

HashingPool service_hashing_pool(const config::Config& cfg) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  HashingPool pool;
  pool.threads =
      cfg.integer("password.hashing_threads") ? static_cast<unsigned>(cfg.integer("password.hashing_threads")) : cores;
  pool.queue = cfg.integer("password.hashing_queue") ? static_cast<unsigned>(cfg.integer("password.hashing_queue"))
                                                     : pool.threads;
  return pool;
}

HashingPool batch_hashing_pool() { return {std::max(1u, std::thread::hardware_concurrency()), 0}; }

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
  auto result =
      crypto::argon2id::self_test(static_cast<std::uint32_t>(cfg.integer("password.argon2_t_cost")),
                                  static_cast<std::uint32_t>(cfg.integer("password.argon2_m_cost_kib")), broken);
  const std::string chosen = result.usable ? result.chosen() : "";
  for (const auto& c : result.checks) {
    nlohmann::json f = {{"kernel", c.name}, {"ok", c.ok}, {"chosen", c.name == chosen}};
    if (!c.detail.empty()) f["detail"] = c.detail;
    c.ok ? log::info("argon2_self_test", f) : log::error("argon2_self_test", f);
  }
  if (!result.usable)
    throw std::runtime_error(
        "Argon2id self-test: no kernel and not libsodium gave the known answers; refusing to start");
  return result;
}

std::unique_ptr<crypto::Argon2Hasher> make_hasher(const config::Config& cfg, HashingPool pool,
                                                  const crypto::argon2id::SelfTest* self_test) {
  if (!self_test) return std::make_unique<crypto::Argon2Hasher>(argon2_params(cfg), pool.threads, pool.queue);
  return std::make_unique<crypto::Argon2Hasher>(
      argon2_params(cfg), pool.threads, pool.queue,
      crypto::ArenaPolicy{.reuse = cfg.boolean("password.reuse_argon2_memory") && self_test->kernel.has_value(),
                          .kernel = self_test->kernel.value_or(crypto::argon2id::Kernel::portable),
                          .release_after_idle = std::chrono::milliseconds(
                              static_cast<long long>(cfg.number("password.arena_release_idle_seconds") * 1000))});
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

// Files the service writes (signing keys, the print outbox) live next to a SQLite database unless
// configured; elsewhere (PostgreSQL) under var/.
std::string data_dir(const std::string& configured, const std::string& db_url, const std::string& name) {
  if (!configured.empty()) return configured;
  if (db_url.starts_with("sqlite:")) {
    const std::string path = sqlite_path(db_url);
    auto parent = std::filesystem::path(path).parent_path();
    return (parent.empty() ? std::filesystem::path(name) : parent / name).string();
  }
  return "var/" + name;
}

std::string keys_dir(const config::Config& cfg, const std::string& db_url) {
  return data_dir(cfg.str("attestation.keys_dir"), db_url, "keys");
}

std::vector<throttle::Cidr> cidr_list(const config::Config& cfg, const std::string& key, const char* examples) {
  std::vector<throttle::Cidr> out;
  for (const auto& block : cfg.list(key)) {
    auto cidr = throttle::Cidr::parse(block);
    if (!cidr)
      throw config::ConfigError(std::string("configuration key '")
                                    .append(key)
                                    .append("': '")
                                    .append(block)
                                    .append("' is not an address block (e.g. ")
                                    .append(examples)
                                    .append(")"));
    out.push_back(*cidr);
  }
  return out;
}

// throttle.* → the source budgets; a clear start-up error for a malformed trusted block.
app::ThrottleSettings throttle_settings(const config::Config& cfg) {
  app::ThrottleSettings t;
  const Duration window = minutes(cfg.number("throttle.window_minutes"));
  if (window <= Duration::zero()) throw config::ConfigError("configuration key 'throttle.window_minutes': must be > 0");
  t.failures = {static_cast<int>(cfg.integer("throttle.source_failures")), window};
  t.trusted_failures = {static_cast<int>(cfg.integer("throttle.trusted_source_failures")), window};
  if (t.failures.per_window < 1 || t.trusted_failures.per_window < 1)
    throw config::ConfigError(
        "configuration keys 'throttle.source_failures' and 'throttle.trusted_source_failures' must be ≥ 1");
  t.trusted = cidr_list(cfg, "throttle.trusted_cidrs", "192.0.2.0/24 or 2001:db8::/32");
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

}  // namespace mc::wiring
