#pragma once
// The SQLite AccountStore port (sqlite_recovery.cpp), over the connection pool its SqliteStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "core/ports/account_store.hpp"

namespace mc::storage {

class SqliteAccountStore final : public ports::AccountStore, SqlitePort {
 public:
  explicit SqliteAccountStore(SqlitePool& pool) : SqlitePort(pool) {}

  bool update(const ports::AccountChange& change) override;
  int deactivate_idle(Instant cutoff) override;
  std::vector<std::string> take_inactivity_warnings(Instant warn_cutoff, Instant now) override;
};

}  // namespace mc::storage
