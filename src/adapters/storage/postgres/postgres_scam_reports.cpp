// PostgreSQL: members' scam reports (ports::ScamReportStore); the SQLite twin is
// sqlite/sqlite_scam_reports.cpp, the SQL is shared (scam_reports_sql.hpp).
#include <memory>

#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/postgres/postgres_ports.hpp"
#include "adapters/storage/rows.hpp"
#include "adapters/storage/scam_reports_sql.hpp"
#include "core/ports/scam_report_store.hpp"

namespace mc::storage {

using pg::Conn;
using pg::params;
using pg::Transaction;
using namespace pg_detail;
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
    return run([&](Conn& c) {
      auto st = c.exec(q::kList.pg, params(labelled, after_id, limit));
      std::vector<ports::ScamReport> out;
      out.reserve(static_cast<std::size_t>(st.rows()));
      for (int i = 0; i < st.rows(); ++i) out.push_back(rows::scam_report(st.row(i)));
      return out;
    });
  }

  std::optional<ports::ScamReport> find_scam_report(std::int64_t id) override {
    return run([&](Conn& c) -> std::optional<ports::ScamReport> {
      auto st = c.exec(q::kFind.pg, params(id));
      if (st.empty()) return std::nullopt;
      return rows::scam_report(st.row(0));
    });
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

namespace pg_detail {

std::unique_ptr<ports::ScamReportStore> make_scam_report_store(pg::Pool& pool) {
  return std::make_unique<PostgresScamReportStore>(pool);
}

}  // namespace pg_detail

}  // namespace mc::storage
