#pragma once
// The SQLite RetentionStore port (sqlite_retention.cpp), over the connection pool its SqliteStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "core/ports/retention_store.hpp"

namespace mc::storage {

class SqliteRetentionStore final : public ports::RetentionStore, SqlitePort {
 public:
  explicit SqliteRetentionStore(SqlitePool& pool) : SqlitePort(pool) {}

  ports::Purged purge(const ports::RetentionCutoffs& cutoffs) override;
};

}  // namespace mc::storage
