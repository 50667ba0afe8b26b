#pragma once
// The SQLite RateLimiter port (sqlite_recovery.cpp), over the connection pool its SqliteStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "core/ports/rate_limiter.hpp"

namespace mc::storage {

class SqliteRateLimiter final : public ports::RateLimiter, SqlitePort {
 public:
  explicit SqliteRateLimiter(SqlitePool& pool) : SqlitePort(pool) {}

  int hit(std::string_view key, Instant now, Duration window) override;
};

}  // namespace mc::storage
