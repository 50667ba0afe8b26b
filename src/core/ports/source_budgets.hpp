#pragma once
// Per-source failure budgets, shared by every process on one database (SPEC §3 "Sources").
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/throttle/source.hpp"

namespace mc::ports {

class SourceBudgetStore {
 public:
  virtual ~SourceBudgetStore() = default;
  // The bucket of `key` as stored (a fresh bucket when there is none). A plain read.
  [[nodiscard]] virtual throttle::Bucket read_budget(std::string_view key) = 0;
  // Read-modify-write in one serialised transaction; returns what `take` decided. When it
  // refuses, the refusal is recorded for the back office (first and last refusal, count).
  virtual throttle::Take spend_budget(std::string_view key, Instant now,
                                      const std::function<throttle::Take(const throttle::Bucket&)>& take) = 0;

  struct Throttled {
    std::string key;  // "login:203.0.113.7": the scope and the source, never an account
    Instant first_refused_at{}, last_refused_at{};
    std::int64_t refusals = 0;
    Instant budget_full_at{};  // when its bucket is full again
  };
  // Sources refused since `since`, most recent first.
  [[nodiscard]] virtual std::vector<Throttled> throttled_sources(Instant since, int limit) = 0;
  // Records one refusal seen by a process (at most once per process and blocking period).
  virtual void record_refusal(std::string_view key, Instant at) = 0;
};

}  // namespace mc::ports
