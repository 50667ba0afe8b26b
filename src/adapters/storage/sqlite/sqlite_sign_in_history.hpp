#pragma once
// The SQLite SignInHistory port (sqlite_devices.cpp), over the connection pool its SqliteStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "core/ports/sign_in_history.hpp"

namespace mc::storage {

class SqliteSignInHistory final : public ports::SignInHistory, SqlitePort {
 public:
  explicit SqliteSignInHistory(SqlitePool& pool) : SqlitePort(pool) {}

  void record_sign_in(std::string_view nir13, Instant at, std::string_view outcome,
                      const ports::SignInNote& note) override;
  [[nodiscard]] std::vector<ports::SignInEvent> sign_ins(std::string_view nir13, Instant since) override;
};

}  // namespace mc::storage
