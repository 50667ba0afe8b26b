#pragma once
// The PostgreSQL RegisterLoader port (postgres_import.cpp), over the connection pool its PostgresStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/postgres/postgres_port.hpp"
#include "core/ports/register_loader.hpp"

namespace mc::storage {

class PostgresRegisterLoader final : public ports::RegisterLoader, PgPort {
 public:
  explicit PostgresRegisterLoader(pg::Pool& pool) : PgPort(pool) {}

  std::unique_ptr<ports::RegisterLoad> begin_register_load(std::size_t batch_rows) override;
};

}  // namespace mc::storage
