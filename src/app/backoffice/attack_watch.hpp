#pragma once
// Supervisors see which sources are refused for a spent budget, now and over the last 24 hours
// (SPEC §3 Sources). Only sources and counts: never an account.
#include <vector>

#include "app/backoffice/common.hpp"
#include "core/ports/fwd.hpp"

namespace mc::app::backoffice {

struct ThrottledSource {
  std::string scope;   // "login", "reset"…
  std::string source;  // an IPv4 address or an IPv6 /64
  Instant first_refused_at{}, last_refused_at{};
  std::int64_t refusals = 0;  // refusals recorded (at most one per process and blocking period)
  bool refused_now = false;
  std::int64_t retry_after_s = 0;  // refused_now: until one more attempt is allowed
};

struct ThrottledSources {
  Instant at{};
  std::vector<ThrottledSource> sources;  // refused within the last 24 hours, most recent first
};

class AttackWatch {
 public:
  AttackWatch(ports::SourceBudgetStore& budgets, SourceThrottle& throttle, const ports::Clock& clock)
      : budgets_(budgets), throttle_(throttle), clock_(clock) {}

  Result<ThrottledSources> throttled_sources(const Actor& actor);

 private:
  ports::SourceBudgetStore& budgets_;
  SourceThrottle& throttle_;
  const ports::Clock& clock_;
};

}  // namespace mc::app::backoffice
