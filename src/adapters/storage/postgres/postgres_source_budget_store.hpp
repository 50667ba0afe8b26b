#pragma once
// The PostgreSQL SourceBudgetStore port (postgres_devices.cpp), over the connection pool its PostgresStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/postgres/postgres_port.hpp"
#include "core/ports/source_budgets.hpp"

namespace mc::storage {

class PostgresSourceBudgetStore final : public ports::SourceBudgetStore, PgPort {
 public:
  explicit PostgresSourceBudgetStore(pg::Pool& pool) : PgPort(pool) {}

  throttle::Bucket read_budget(std::string_view key) override;
  throttle::Take spend_budget(std::string_view key, Instant now,
                              const std::function<throttle::Take(const throttle::Bucket&)>& take) override;
  std::vector<Throttled> throttled_sources(Instant since, int limit) override;
  void record_refusal(std::string_view key, Instant at) override;
};

}  // namespace mc::storage
