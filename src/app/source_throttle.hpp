#pragma once
// One limiter for every place a source can guess (SPEC §3 "Sources"): member and staff
// sign-in spend their budget on each evaluated wrong password; reset, activation, paper
// attestation, attestation verification and help requests spend one unit per request.
//
// Buckets live in the database (shared by every process); a process that has seen a source's
// budget spent remembers it until the budget refills, so a flood of refused requests costs a
// hash-map lookup each, not a database round trip.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ports/clock.hpp"
#include "core/ports/fwd.hpp"
#include "core/throttle/source.hpp"

namespace mc::app {

enum class ThrottleScope { login, staff_login, reset, activation, attestation_verify, paper_attestation, help_request };
[[nodiscard]] std::string_view scope_name(ThrottleScope s);
[[nodiscard]] std::optional<ThrottleScope> parse_scope(std::string_view name);

struct ThrottleSettings {
  throttle::Budget failures{20, minutes(10)};          // sign-in failures per ordinary source
  throttle::Budget trusted_failures{1000, minutes(10)};  // per source within trusted_cidrs
  std::vector<throttle::Cidr> trusted;
  int requests_per_hour = 30;          // reset, activation, paper attestation, help request
  int verifications_per_minute = 60;   // attestation verification
};

class SourceThrottle {
 public:
  SourceThrottle(ports::SourceBudgetStore& store, const ports::Clock& clock, ThrottleSettings settings)
      : store_(store), clock_(clock), settings_(std::move(settings)) {}

  // Seconds to wait when the source's budget for `scope` is spent (answer 429), nullopt to go
  // on. Spends nothing: sign-ins spend on failure (spend_failure).
  [[nodiscard]] std::optional<std::int64_t> refused(ThrottleScope scope, std::string_view client_ip);
  // An evaluated wrong password: spent even when it overdraws the budget.
  void spend_failure(ThrottleScope scope, std::string_view client_ip);
  // A request that costs one unit whatever its outcome: refused (seconds to wait) or spent.
  [[nodiscard]] std::optional<std::int64_t> spend_request(ThrottleScope scope, std::string_view client_ip);

  [[nodiscard]] bool trusted(std::string_view client_ip) const;
  // Whether a stored bucket of `scope_name:source` refuses now (the supervisors' page).
  [[nodiscard]] throttle::Take standing(std::string_view scope_name, std::string_view source,
                                        const throttle::Bucket& bucket, Instant now) const;
  [[nodiscard]] throttle::Budget budget(ThrottleScope scope, std::string_view client_ip) const;

  struct Stats {
    std::map<std::string, std::int64_t> refusals_by_scope;
    std::int64_t sources_over_budget = 0;  // times a source was found over budget (per process)
    std::size_t blocked_now = 0;           // sources this process refuses from memory now
  };
  [[nodiscard]] Stats stats() const;

 private:
  std::string key(ThrottleScope scope, std::string_view client_ip) const;
  // A refusal this process remembers for `key` (counted as a refusal of `scope`), or nothing.
  std::optional<std::int64_t> remembered(ThrottleScope scope, const std::string& key, Instant now);
  // Refuses `key` for `wait_s` seconds from `now`: remembered, and counted; returns `wait_s`.
  std::int64_t refuse(ThrottleScope scope, const std::string& key, Instant now, std::int64_t wait_s);
  void count_refusal(ThrottleScope scope);

  ports::SourceBudgetStore& store_;
  const ports::Clock& clock_;
  ThrottleSettings settings_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Instant> blocked_until_;
  std::map<std::string, std::int64_t> refusals_;
  std::int64_t over_budget_ = 0;
};

}  // namespace mc::app
