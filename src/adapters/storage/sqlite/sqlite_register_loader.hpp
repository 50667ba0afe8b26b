#pragma once
// The SQLite RegisterLoader port (sqlite_import.cpp), over the connection pool its SqliteStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "core/ports/register_loader.hpp"

namespace mc::storage {

class SqliteRegisterLoader final : public ports::RegisterLoader, SqlitePort {
 public:
  explicit SqliteRegisterLoader(SqlitePool& pool) : SqlitePort(pool) {}

  std::unique_ptr<ports::RegisterLoad> begin_register_load(std::size_t batch_rows) override;
};

}  // namespace mc::storage
