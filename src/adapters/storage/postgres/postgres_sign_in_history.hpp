#pragma once
// The PostgreSQL SignInHistory port (postgres_devices.cpp), over the connection pool its PostgresStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/postgres/postgres_port.hpp"
#include "core/ports/sign_in_history.hpp"

namespace mc::storage {

class PostgresSignInHistory final : public ports::SignInHistory, PgPort {
 public:
  explicit PostgresSignInHistory(pg::Pool& pool) : PgPort(pool) {}

  void record_sign_in(std::string_view nir13, Instant at, std::string_view outcome,
                      const ports::SignInNote& note) override;
  [[nodiscard]] std::vector<ports::SignInEvent> sign_ins(std::string_view nir13, Instant since) override;
};

}  // namespace mc::storage
