// SQLite: removal of rows whose purpose is over (ports::RetentionStore).
#include <memory>

#include "adapters/storage/scam_reports_sql.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"
#include "adapters/storage/sqlite/sqlite_sql.hpp"
#include "core/ports/retention_store.hpp"

namespace mc::storage {

namespace {
// Rows per statement: each batch is its own short write transaction, so sign-ins on other
// connections (and processes) wait at most one batch for the lock.
constexpr int kBatch = 500;

namespace sql = sqlite_sql::retention;

class SqliteRetentionStore final : public ports::RetentionStore, SqlitePort {
 public:
  explicit SqliteRetentionStore(SqlitePool& pool) : SqlitePort(pool) {}

  ports::Purged purge(const ports::RetentionCutoffs& c) override {
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
    p.codes = drain(shared_sql::kCodes.lite, {to_millis(c.codes_expired_before)});
    p.attempts = drain(shared_sql::kAttempts.lite, {to_millis(c.attempts_before)});
    for (std::int64_t lo = 0;;) {
      std::int64_t hi = 0;
      {
        auto end = db->prepare(sql::kUnknownAttemptsEnd);
        end.bind(1, lo).bind(2, to_millis(c.counters_idle_before)).bind(3, kBatch);
        if (!end.step() || end.is_null(0)) break;
        hi = end.i64(0);
      }
      auto del = db->prepare(sql::kUnknownAttempts);
      del.bind(1, lo).bind(2, hi).bind(3, to_millis(c.counters_idle_before));
      del.run();
      p.attempts += sqlite3_changes(db->raw());
      lo = hi;
    }
    p.mails = drain(shared_sql::kMails.lite, {to_millis(c.outbox_done_before)});
    p.letters = drain(shared_sql::kLetters.lite, {to_millis(c.outbox_done_before)});
    p.sources = drain(shared_sql::kPurgeBudgets.lite, {to_millis(c.budgets_full_before)}) +
                drain(shared_sql::kPurgeRefusals.lite, {to_millis(c.refusals_before)});
    p.counters = drain(shared_sql::kPurgeCounters.lite,
                       {to_millis(c.counters_idle_before), to_millis(c.counters_unlocked_before)});
    p.scam_reports = drain(scam_reports_sql::kPurgeUnlabelled.lite, {to_millis(c.scam_reports_unlabelled_before)});
    p.sign_ins = drain(shared_sql::kSignIns.lite, {to_millis(c.sign_ins_before)});
    return p;
  }
};

}  // namespace

std::unique_ptr<ports::RetentionStore> sqlite_detail::make_retention_store(SqlitePool& pool) {
  return std::make_unique<SqliteRetentionStore>(pool);
}

}  // namespace mc::storage
