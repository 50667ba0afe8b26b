#pragma once
// The SQLite SourceBudgetStore port (sqlite_devices.cpp), over the connection pool its SqliteStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "core/ports/source_budgets.hpp"

namespace mc::storage {

class SqliteSourceBudgetStore final : public ports::SourceBudgetStore, SqlitePort {
 public:
  explicit SqliteSourceBudgetStore(SqlitePool& pool) : SqlitePort(pool) {}

  throttle::Bucket read_budget(std::string_view key) override;
  throttle::Take spend_budget(std::string_view key, Instant now,
                              const std::function<throttle::Take(const throttle::Bucket&)>& take) override;
  std::vector<Throttled> throttled_sources(Instant since, int limit) override;
  void record_refusal(std::string_view key, Instant at) override;
};

}  // namespace mc::storage
