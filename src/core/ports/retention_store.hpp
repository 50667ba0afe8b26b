#pragma once
#include <cstdint>

#include "core/time.hpp"

namespace mc::ports {

// Storage hygiene: rows whose purpose is over, removed in small batches so that a first purge
// of a large table never holds the write lock for long. Every cutoff is exclusive ("before").
struct RetentionCutoffs {
  Instant sessions_created_before{};  // past their absolute life
  Instant sessions_seen_before{};     // past their idle life
  Instant rate_hits_before{};         // older than the longest rate window
  Instant codes_expired_before{};     // reset and activation codes, used or not
  Instant attempts_before{};          // the sign-in attempt log
  Instant outbox_done_before{};       // e-mails and letters sent or given up
  Instant budgets_full_before{};      // source budgets full again (tat before): nothing to remember
  Instant refusals_before{};          // throttled sources last refused before (the supervisors' page)
  // Lockout counters whose last failure is older and whose lock (if any) ended before
  // counters_unlocked_before; never a permanent lock.
  Instant counters_idle_before{};
  Instant counters_unlocked_before{};
  Instant scam_reports_unlabelled_before{};  // members' reports nobody labelled (report::kUnlabelledRetention)
  Instant sign_ins_before{};                 // the member's own sign-in history (90 days)
};
struct Purged {
  std::int64_t sessions = 0, rate_hits = 0, codes = 0, attempts = 0, mails = 0, letters = 0, sources = 0, counters = 0;
  std::int64_t scam_reports = 0, sign_ins = 0;
  [[nodiscard]] std::int64_t total() const {
    return sessions + rate_hits + codes + attempts + mails + letters + sources + counters + scam_reports + sign_ins;
  }
};
class RetentionStore {
 public:
  virtual ~RetentionStore() = default;
  virtual Purged purge(const RetentionCutoffs& cutoffs) = 0;
};

}  // namespace mc::ports
