// PostgreSQL: members' scam reports (ports::ScamReportStore); the SQLite twin is
// sqlite/sqlite_scam_reports.cpp, the SQL is shared (scam_reports_sql.hpp).
#include <memory>

#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/postgres/postgres_ports.hpp"
#include "adapters/storage/rows.hpp"
#include "adapters/storage/scam_reports_sql.hpp"
#include "core/ports/scam_report_store.hpp"

namespace mc::storage {

namespace q = scam_reports_sql;

namespace {

class PostgresScamReportStore final : public ports::ScamReportStore, PgPort {
 public:
  explicit PostgresScamReportStore(pg::Pool& pool) : PgPort(pool) {}

  std::int64_t add_scam_report(const ports::ScamReport& r) override {
    return run([&](Conn& c) {
      auto st =
          c.exec(q::kInsert.pg, params(r.channel, r.sender, r.subject, r.text, r.verdict, to_millis(r.created_at)));
      return st.i64(0, 0);
    });
  }

  std::vector<ports::ScamReport> scam_reports(bool labelled, std::int64_t after_id, int limit) override {
    return select_all(q::kList.pg, rows::scam_report<pg::Row>, labelled, after_id, limit);
  }

  std::optional<ports::ScamReport> find_scam_report(std::int64_t id) override {
    return select_first(q::kFind.pg, rows::scam_report<pg::Row>, id);
  }

  bool label_scam_report(std::int64_t id, report::Label label, std::string_view login, Instant now,
                         const ports::AuditSealer& audit) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      if (c.exec(q::kLabel.pg, params(id, report::to_string(label), login, to_millis(now))).affected() == 0)
        return false;
      (void)append_audit_entry(c, audit);
      tx.commit();
      return true;
    });
  }

  bool discard_scam_report(std::int64_t id, const ports::AuditSealer& audit) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      if (c.exec(q::kDiscard.pg, params(id)).affected() == 0) return false;
      (void)append_audit_entry(c, audit);
      tx.commit();
      return true;
    });
  }
};

}  // namespace

std::unique_ptr<ports::ScamReportStore> pg_detail::make_scam_report_store(pg::Pool& pool) {
  return std::make_unique<PostgresScamReportStore>(pool);
}

}  // namespace mc::storage
