#pragma once
// The SQLite Store port (sqlite_store.cpp), over the connection pool its SqliteStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "core/ports/store.hpp"

namespace mc::storage {

class SqliteSignInStore final : public ports::Store, SqlitePort {
 public:
  explicit SqliteSignInStore(SqlitePool& pool) : SqlitePort(pool) {}

  bool ping() override;
  void import_batch(const ports::ImportBatch& batch, Instant now) override;
  std::optional<account::Member> find_member(std::string_view nir13) override;
  std::vector<account::Organisme> list_organismes() override;
  lockout::Record read_lockout(std::string_view nir13) override;
  lockout::Record update_lockout(std::string_view nir13,
                                 const std::function<lockout::Record(const lockout::Record&)>& change) override;
  std::int64_t reserve_attempt(std::string_view nir13, std::string_view counter, Instant at, std::string_view client_ip,
                               const std::function<Decision(const lockout::Record&)>& decide) override;
  void settle_attempt(std::int64_t attempt_id, std::string_view nir13, std::string_view counter,
                      const std::function<lockout::Record(const lockout::Record&)>& after, std::string_view outcome,
                      const std::optional<SignIn>& sign_in) override;
  void confirm_lock(std::string_view counter, Instant now, const std::optional<outbox::Mail>& notice) override;
  void record_attempt(std::string_view nir13, Instant at, std::string_view outcome,
                      std::string_view client_ip) override;
  std::vector<ports::AttemptLogEntry> recent_attempts(std::string_view nir13, int limit) override;
  void mark_signed_in(std::string_view nir13, Instant at, const std::optional<std::string>& new_hash) override;
  void set_account_state(std::string_view nir13, account::State state) override;
  void create_session(const ports::Session& s) override;
  std::optional<ports::Session> find_session(std::string_view id_hash) override;
  void touch_session(std::string_view id_hash, Instant at) override;
  void delete_session(std::string_view id_hash) override;
  void delete_sessions_of(std::string_view subject, std::string_view kind, std::string_view except_id_hash) override;
};

}  // namespace mc::storage
