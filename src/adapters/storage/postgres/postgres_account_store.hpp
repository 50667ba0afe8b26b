#pragma once
// The PostgreSQL AccountStore port (postgres_recovery.cpp), over the connection pool its PostgresStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/postgres/postgres_port.hpp"
#include "core/ports/account_store.hpp"

namespace mc::storage {

class PostgresAccountStore final : public ports::AccountStore, PgPort {
 public:
  explicit PostgresAccountStore(pg::Pool& pool) : PgPort(pool) {}

  bool update(const ports::AccountChange& change) override;
  int deactivate_idle(Instant cutoff) override;
  std::vector<std::string> take_inactivity_warnings(Instant warn_cutoff, Instant now) override;
};

}  // namespace mc::storage
