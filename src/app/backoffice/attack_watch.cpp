#include "app/backoffice/attack_watch.hpp"

#include "app/backoffice/internal.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/source_budgets.hpp"

namespace mc::app::backoffice {

using namespace detail;

Result<ThrottledSources> AttackWatch::throttled_sources(const Actor& actor) {
  if (!allowed(actor, staff::Action::watch_attacks)) return forbidden();
  ThrottledSources out;
  out.at = clock_.now();
  for (const auto& t : budgets_.throttled_sources(out.at - hours(24), 500)) {
    ThrottledSource s;
    const auto colon = t.key.find(':');
    s.scope = t.key.substr(0, colon);
    s.source = colon == std::string::npos ? t.key : t.key.substr(colon + 1);
    s.first_refused_at = t.first_refused_at;
    s.last_refused_at = t.last_refused_at;
    s.refusals = t.refusals;
    const auto verdict = throttle_.standing(s.scope, s.source, throttle::Bucket{t.budget_full_at}, out.at);
    s.refused_now = !verdict.allowed;
    s.retry_after_s = verdict.retry_after_s;
    out.sources.push_back(std::move(s));
  }
  return out;
}

}  // namespace mc::app::backoffice
