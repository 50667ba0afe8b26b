#pragma once
// The one place where configuration, adapters and use cases are put together.
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/secret_digest.hpp"
#include "app/source_throttle.hpp"
#include "core/ports/attestation_renderer.hpp"  // implemented in wiring.cpp (PDF)
#include "core/ports/clock.hpp"
#include "core/ports/store.hpp"
#include "main/config.hpp"

namespace mc::crypto {
class LiveKeyRing;
}

namespace mc::wiring {

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

// "sqlite:PATH" (the default, embedded) or "postgresql://…". Throws with a clear message.
// `wait` (storage.wait_ms): how long a statement may wait for the database.
std::unique_ptr<ports::Store> open_store(const std::string& url,
                                         std::chrono::milliseconds wait = std::chrono::milliseconds(3000));

void setup_logging(const config::Config& cfg);

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

// Runs the service until SIGTERM/SIGINT (graceful drain, exit 0). SIGHUP calls reload_config
// (when given) and applies the keys that can change live (docs/operations.md).
int serve(const std::string& listen, const std::string& db_url, config::Config& cfg,
          const std::function<config::Config()>& reload_config = {});

}  // namespace mc::wiring
