#pragma once
// The composition root: configuration mapped onto the adapters and the use cases' settings, once.
// `serve` (wiring.cpp), `import`, `demo` and every command of the command line build what they
// need from here, so that a key means the same thing wherever it is read.
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "adapters/crypto/argon2id_self_test.hpp"
#include "adapters/crypto/sodium.hpp"
#include "app/secret_digest.hpp"
#include "app/settings.hpp"
#include "app/source_throttle.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/storage.hpp"
#include "main/config.hpp"

namespace mc::crypto {
class LiveKeyRing;
}

namespace mc::wiring {

// --config FILE then each --set key=value, over the defaults (config_keys.cpp).
config::Config load_config(const std::string& config_file, const std::vector<std::string>& sets);

// Every setting of the use cases that the configuration gives (lockout, sessions, validity,
// abuse limits, retention, base_url without its trailing '/'). `secrets` comes from the keys:
// secret_digest() below.
app::Settings build_settings(const config::Config& cfg);

class SystemClock final : public ports::Clock {
 public:
  Instant now() const override;
  void pause(Duration d) const override;
};

// The system clock plus an offset read from a file (clock.offset_file, tests only): a test
// writes "1200000" there and the service lives 20 minutes later, without anyone sleeping.
class OffsetClock final : public ports::Clock {
 public:
  explicit OffsetClock(std::string path) : path_(std::move(path)) {}
  Instant now() const override;
  void pause(Duration d) const override;

 private:
  std::string path_;
  mutable std::mutex mutex_;
  mutable std::int64_t offset_ms_ = 0;
  mutable std::int64_t seen_mtime_ns_ = -1;
  mutable std::int64_t seen_size_ = -1;
};

// The service's clock: OffsetClock when clock.offset_file is set (logged as test_clock), else
// the system clock.
std::unique_ptr<ports::Clock> make_clock(const config::Config& cfg);

// The file of a "sqlite:PATH" or "sqlite://PATH" URL.
std::string sqlite_path(const std::string& url);

// "sqlite:PATH" (the default, embedded) or "postgresql://…". Throws with a clear message.
// `wait` (storage.wait_ms): how long a statement may wait for the database.
std::unique_ptr<ports::Storage> open_store(const std::string& url,
                                           std::chrono::milliseconds wait = std::chrono::milliseconds(3000));

// The address blocks listed under `key` (throttle.trusted_cidrs, metrics.allow_cidrs); a bad one
// throws, naming it, with `examples` as the hint.
std::vector<throttle::Cidr> cidr_list(const config::Config& cfg, const std::string& key, const char* examples);

// storage.wait_ms (at least 1 ms).
std::chrono::milliseconds storage_wait(const config::Config& cfg);

// open_store(url, storage_wait(cfg)), migrations run. `create_folder`: a SQLite file's folder is
// created when missing (serve, import); the operator's commands expect an existing database.
std::unique_ptr<ports::Storage> make_store(const std::string& url, const config::Config& cfg,
                                           bool create_folder = false);

// The folder of a sqlite:PATH database, created when missing (nothing for other URLs).
void ensure_parent_dir(const std::string& db_url);

// password.argon2_t_cost and password.argon2_m_cost_kib: the one mapping of the Argon2 parameters.
crypto::Argon2Params argon2_params(const config::Config& cfg);

// How many hashes run at once and how many more may wait.
struct HashingPool {
  unsigned threads = 1;
  unsigned queue = 0;
};
// The service's pool: password.hashing_threads and password.hashing_queue (0 = cores / threads).
HashingPool service_hashing_pool(const config::Config& cfg);
// Batch work (import): every core, nobody waiting.
HashingPool batch_hashing_pool();

// Argon2id self-test (issue 14, SPEC §11): every kernel the CPU offers against RFC 9106 and
// libsodium, before the service listens. One "argon2_self_test" line per kernel, "chosen": true
// on the one in use; no usable implementation at all stops the start.
crypto::argon2id::SelfTest argon2_self_test(const config::Config& cfg);

// The password hasher with the configured Argon2 parameters. With the service's `self_test`, its
// arenas follow password.reuse_argon2_memory, password.arena_release_idle_seconds and the kernel
// the self-test chose; without, libsodium's defaults (hashing only: import, the command line).
std::unique_ptr<crypto::Argon2Hasher> make_hasher(const config::Config& cfg, HashingPool pool,
                                                  const crypto::argon2id::SelfTest* self_test = nullptr);

void setup_logging(const config::Config& cfg);

// Files the service writes (signing keys, the print outbox) live next to a SQLite database unless
// configured; elsewhere (PostgreSQL) under var/.
std::string data_dir(const std::string& configured, const std::string& db_url, const std::string& name);

// Where the service's own keys live (attestation signing keys, the TOTP sealing key):
// `attestation.keys_dir`, else "keys" next to a SQLite file, else var/keys.
std::string keys_dir(const config::Config& cfg, const std::string& db_url);
std::string totp_key_path(const config::Config& cfg, const std::string& db_url);
// The TOTP sealing key ring (keys/totp-secrets.key, created when missing), current key first.
std::function<std::vector<std::array<std::uint8_t, 32>>()> totp_sealing_keys(const config::Config& cfg,
                                                                             const std::string& db_url);

// Reset links and codes at rest (issue 17): HMAC under keys/secrets.key (created on first start,
// 0600), its previous keys still accepted (rotation, docs/operations.md).
app::SecretDigest secret_digest(const config::Config& cfg, const std::string& db_url);
app::SecretDigest secret_digest(const std::shared_ptr<const crypto::LiveKeyRing>& ring);
// Outbox bodies sealed at rest (issue 17): keys/outbox.key (every key of its ring opens).
void seal_outboxes(const config::Config& cfg, const std::string& db_url);
void seal_outboxes(const std::shared_ptr<const crypto::LiveKeyRing>& ring);

// The service's 32-byte keys in keys/ (issue 19): each file a key ring (adapters/crypto/key_file.hpp),
// rotated by `moncompte keys rotate`, re-read by the running service on SIGHUP.
struct KeyFile {
  const char* name;  // --which NAME
  const char* file;  // in keys_dir
  const char* what;  // in messages
};
const std::vector<KeyFile>& key_files();

struct ServiceKeys {
  std::shared_ptr<crypto::LiveKeyRing> secrets, outbox, device_cookie, log_pseudonym, totp_secrets;
  // Opens every ring, creating missing keys (first start).
  static ServiceKeys open(const std::string& dir);
  // Re-reads every ring; logs keys_reloaded per key, or key_reload_failed (error) keeping the keys
  // in use. False when any failed.
  bool reload() const;
};

// throttle.* and abuse.requests_per_ip_per_hour → the per-source budgets (SPEC §3 Sources).
app::ThrottleSettings throttle_settings(const config::Config& cfg);

}  // namespace mc::wiring
