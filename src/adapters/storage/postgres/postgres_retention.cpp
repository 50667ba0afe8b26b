// PostgreSQL: removal of rows whose purpose is over (ports::RetentionStore). Several processes
// may purge at once: a row another one deleted first is simply not counted twice.
#include <memory>

#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/postgres/postgres_ports.hpp"
#include "adapters/storage/postgres/postgres_sql.hpp"
#include "adapters/storage/scam_reports_sql.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "core/ports/retention_store.hpp"

namespace mc::storage {

namespace {
// Rows per statement, each its own short transaction: sign-ins never wait behind a big purge.
constexpr int kBatch = 500;

namespace sql = pg_sql::retention;

class PostgresRetentionStore final : public ports::RetentionStore, PgPort {
 public:
  explicit PostgresRetentionStore(pg::Pool& pool) : PgPort(pool) {}

  ports::Purged purge(const ports::RetentionCutoffs& c) override {
    auto drain = [&](const char* statement, auto... cutoffs) {
      std::int64_t total = 0;
      for (;;) {
        const long n = run([&](Conn& conn) { return conn.exec(statement, params(cutoffs..., kBatch)).affected(); });
        total += n;
        if (n < kBatch) return total;
      }
    };
    ports::Purged p;
    p.sessions = drain(sql::kSessions, to_millis(c.sessions_created_before), to_millis(c.sessions_seen_before));
    p.rate_hits = drain(sql::kRateHits, to_millis(c.rate_hits_before));
    p.codes = drain(shared_sql::kCodes.pg, to_millis(c.codes_expired_before));
    p.attempts = drain(shared_sql::kAttempts.pg, to_millis(c.attempts_before));
    const std::int64_t idle = to_millis(c.counters_idle_before);
    for (std::int64_t lo = 0;;) {
      auto end = run([&](Conn& conn) { return conn.exec(sql::kUnknownAttemptsEnd, params(lo, idle, kBatch)); });
      if (end.is_null(0, 0)) break;
      const std::int64_t hi = end.i64(0, 0);
      p.attempts += run([&](Conn& conn) { return conn.exec(sql::kUnknownAttempts, params(lo, hi, idle)).affected(); });
      lo = hi;
    }
    p.mails = drain(shared_sql::kMails.pg, to_millis(c.outbox_done_before));
    p.letters = drain(shared_sql::kLetters.pg, to_millis(c.outbox_done_before));
    p.sources = drain(shared_sql::kPurgeBudgets.pg, to_millis(c.budgets_full_before)) +
                drain(shared_sql::kPurgeRefusals.pg, to_millis(c.refusals_before));
    p.counters =
        drain(shared_sql::kPurgeCounters.pg, to_millis(c.counters_idle_before), to_millis(c.counters_unlocked_before));
    p.scam_reports = drain(scam_reports_sql::kPurgeUnlabelled.pg, to_millis(c.scam_reports_unlabelled_before));
    p.sign_ins = drain(shared_sql::kSignIns.pg, to_millis(c.sign_ins_before));
    return p;
  }
};

}  // namespace

std::unique_ptr<ports::RetentionStore> pg_detail::make_retention_store(pg::Pool& pool) {
  return std::make_unique<PostgresRetentionStore>(pool);
}

}  // namespace mc::storage
