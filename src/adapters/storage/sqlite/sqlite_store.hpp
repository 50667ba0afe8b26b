#pragma once
// SQLite storage (the embedded default): WAL mode, one connection per thread from a pool,
// numbered migrations, BEGIN IMMEDIATE for read-modify-write so several processes sharing one
// file never lose an update.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/ports.hpp"

struct sqlite3;

namespace mc::storage {

class SqliteStore final : public ports::Store {
 public:
  // Opens (creating if needed) and migrates. Throws std::runtime_error with a clear message.
  explicit SqliteStore(std::string path);
  ~SqliteStore() override;

  bool ping() override;
  void import_batch(const ports::ImportBatch& batch, Instant now) override;
  std::optional<account::Member> find_member(std::string_view nir13) override;
  lockout::Record read_lockout(std::string_view nir13) override;
  lockout::Record update_lockout(std::string_view nir13,
                                 const std::function<lockout::Record(const lockout::Record&)>& change) override;
  void record_attempt(std::string_view nir13, Instant at, std::string_view outcome, std::string_view client_ip) override;
  std::vector<ports::AttemptLogEntry> recent_attempts(std::string_view nir13, int limit) override;
  void mark_signed_in(std::string_view nir13, Instant at, const std::optional<std::string>& new_hash) override;
  void set_account_state(std::string_view nir13, account::State state) override;
  void create_session(const ports::Session& s) override;
  std::optional<ports::Session> find_session(std::string_view id_hash) override;
  void touch_session(std::string_view id_hash, Instant at) override;
  void delete_session(std::string_view id_hash) override;
  void delete_sessions_of(std::string_view subject, std::string_view kind, std::string_view except_id_hash) override;

  class Connection;
  class Lease;

 private:
  Lease lease();
  void release(std::unique_ptr<Connection> c);

  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace mc::storage
