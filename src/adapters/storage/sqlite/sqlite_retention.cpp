// SQLite: removal of rows whose purpose is over (ports::RetentionStore).
#include "adapters/storage/scam_reports_sql.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"

namespace mc::storage {

namespace {
// Rows per statement: each batch is its own short write transaction, so sign-ins on other
// connections (and processes) wait at most one batch for the lock.
constexpr int kBatch = 500;

namespace sql {
constexpr const char* kSessions =
    "DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions WHERE created_at < ?1 OR last_seen_at < ?2 LIMIT ?3)";
constexpr const char* kRateHits = "DELETE FROM rate_hits WHERE rowid IN (SELECT rowid FROM rate_hits WHERE at < ?1 LIMIT ?2)";
constexpr const char* kCodes = "DELETE FROM codes WHERE id IN (SELECT id FROM codes WHERE expires_at < ?1 LIMIT ?2)";
constexpr const char* kAttempts =
    "DELETE FROM login_attempts WHERE id IN (SELECT id FROM login_attempts WHERE at < ?1 LIMIT ?2)";
// Never a pending item; a given-up one counts from its creation (it has no done_at).
constexpr const char* kMails =
    "DELETE FROM mail_outbox WHERE id IN (SELECT id FROM mail_outbox WHERE (status = 'sent' AND done_at < ?1)"
    " OR (status = 'failed' AND created_at < ?1) LIMIT ?2)";
constexpr const char* kLetters =
    "DELETE FROM letter_outbox WHERE id IN (SELECT id FROM letter_outbox WHERE (status = 'sent' AND done_at < ?1)"
    " OR (status = 'failed' AND created_at < ?1) LIMIT ?2)";
constexpr const char* kSignIns =
    "DELETE FROM sign_in_history WHERE id IN (SELECT id FROM sign_in_history WHERE at < ?1 LIMIT ?2)";
}  // namespace sql
}  // namespace

ports::Purged SqliteStore::purge(const ports::RetentionCutoffs& c) {
  auto db = lease();
  auto drain = [&](const char* statement, std::initializer_list<std::int64_t> cutoffs) {
    std::int64_t total = 0;
    for (;;) {
      auto st = db->prepare(statement);
      int i = 1;
      for (auto cutoff : cutoffs) st.bind(i++, cutoff);
      st.bind(i, kBatch);
      st.run();
      const int n = sqlite3_changes(db->raw());
      total += n;
      if (n < kBatch) return total;
    }
  };
  ports::Purged p;
  p.sessions = drain(sql::kSessions, {to_millis(c.sessions_created_before), to_millis(c.sessions_seen_before)});
  p.rate_hits = drain(sql::kRateHits, {to_millis(c.rate_hits_before)});
  p.codes = drain(sql::kCodes, {to_millis(c.codes_expired_before)});
  p.attempts = drain(sql::kAttempts, {to_millis(c.attempts_before)});
  p.mails = drain(sql::kMails, {to_millis(c.outbox_done_before)});
  p.letters = drain(sql::kLetters, {to_millis(c.outbox_done_before)});
  p.sources = drain(shared_sql::kPurgeBudgets.lite, {to_millis(c.budgets_full_before)}) +
              drain(shared_sql::kPurgeRefusals.lite, {to_millis(c.refusals_before)});
  p.counters = drain(shared_sql::kPurgeCounters.lite,
                     {to_millis(c.counters_idle_before), to_millis(c.counters_unlocked_before)});
  p.scam_reports = drain(scam_reports_sql::kPurgeUnlabelled.lite, {to_millis(c.scam_reports_unlabelled_before)});
  p.sign_ins = drain(sql::kSignIns, {to_millis(c.sign_ins_before)});
  return p;
}

}  // namespace mc::storage
