#include "app/housekeeping.hpp"

#include <algorithm>

#include "core/report/scam_report.hpp"

namespace mc::app {

ports::RetentionCutoffs retention_cutoffs(Instant now, const Settings& s) {
  // Sessions: the longer of the member and staff lives, so neither kind loses a live session.
  const Duration absolute = std::max(s.member_sessions.absolute, s.staff_sessions.absolute);
  const Duration idle = std::max(s.member_sessions.idle, s.staff_sessions.idle);
  return {
      .sessions_created_before = now - absolute,
      .sessions_seen_before = now - idle,
      .rate_hits_before = now - 2 * kLongestRateWindow,
      .codes_expired_before = now - s.retention.codes,
      .attempts_before = now - s.retention.attempts,
      .outbox_done_before = now - s.retention.outbox,
      .budgets_full_before = now,
      .refusals_before = now - days(1),
      // A counter idle for longer than failure_reset is a fresh record anyway; with no reset (the
      // seed's rule) idle counters are forgotten after retention.idle_counters, the same rule for
      // accounts and unknown NIRs so that the answers never tell them apart.
      .counters_idle_before =
          now - (s.lockout.failure_reset > Duration::zero() ? std::min(s.lockout.failure_reset, s.retention.idle_counters)
                                                            : s.retention.idle_counters),
      .counters_unlocked_before = now - lockout::kPendingWindow,
      .scam_reports_unlabelled_before = now - report::kUnlabelledRetention,
      .sign_ins_before = now - kSignInHistoryKept,
  };
}

}  // namespace mc::app
