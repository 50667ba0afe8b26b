#pragma once
// The PostgreSQL RetentionStore port (postgres_retention.cpp), over the connection pool its PostgresStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/postgres/postgres_port.hpp"
#include "core/ports/retention_store.hpp"

namespace mc::storage {

class PostgresRetentionStore final : public ports::RetentionStore, PgPort {
 public:
  explicit PostgresRetentionStore(pg::Pool& pool) : PgPort(pool) {}

  ports::Purged purge(const ports::RetentionCutoffs& cutoffs) override;
};

}  // namespace mc::storage
