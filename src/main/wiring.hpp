#pragma once
// The one place where configuration, adapters and use cases are put together.
#include <chrono>
#include <memory>
#include <string>

#include "core/ports.hpp"
#include "main/config.hpp"

namespace mc::wiring {

class SystemClock final : public ports::Clock {
 public:
  Instant now() const override;
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

int serve(const std::string& listen, const std::string& db_url, config::Config& cfg);

}  // namespace mc::wiring
