#pragma once
// The PostgreSQL RateLimiter port (postgres_recovery.cpp), over the connection pool its PostgresStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/postgres/postgres_port.hpp"
#include "core/ports/rate_limiter.hpp"

namespace mc::storage {

class PostgresRateLimiter final : public ports::RateLimiter, PgPort {
 public:
  explicit PostgresRateLimiter(pg::Pool& pool) : PgPort(pool) {}

  int hit(std::string_view key, Instant now, Duration window) override;
};

}  // namespace mc::storage
