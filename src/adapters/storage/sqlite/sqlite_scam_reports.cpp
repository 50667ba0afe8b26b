// SQLite: members' scam reports (ports::ScamReportStore); the PostgreSQL twin is
// postgres/postgres_scam_reports.cpp, the SQL is shared (scam_reports_sql.hpp).
#include <memory>

#include "adapters/storage/rows.hpp"
#include "adapters/storage/scam_reports_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"
#include "core/ports/scam_report_store.hpp"

namespace mc::storage {

namespace q = scam_reports_sql;

namespace {

class SqliteScamReportStore final : public ports::ScamReportStore, SqlitePort {
 public:
  explicit SqliteScamReportStore(SqlitePool& pool) : SqlitePort(pool) {}

  std::int64_t add_scam_report(const ports::ScamReport& r) override {
    auto db = lease();
    auto st = db->prepare(q::kInsert.lite);
    st.bind(1, r.channel).bind(2, r.sender).bind(3, r.subject).bind(4, r.text).bind(5, r.verdict);
    st.bind(6, to_millis(r.created_at));
    if (!st.step()) throw std::runtime_error("scam_reports: INSERT returned no id");
    const std::int64_t id = st.i64(0);
    st.run();
    return id;
  }

  std::vector<ports::ScamReport> scam_reports(bool labelled, std::int64_t after_id, int limit) override {
    return select_all(q::kList.lite, rows::scam_report<Stmt>, labelled, after_id, limit);
  }

  std::optional<ports::ScamReport> find_scam_report(std::int64_t id) override {
    return select_first(q::kFind.lite, rows::scam_report<Stmt>, id);
  }

  bool label_scam_report(std::int64_t id, report::Label label, std::string_view login, Instant now,
                         const ports::AuditSealer& audit) override {
    auto db = lease();
    Transaction tx(*db);
    db->run(q::kLabel.lite, id, report::to_string(label), login, to_millis(now));
    if (sqlite3_changes(db->raw()) == 0) return false;
    (void)append_audit_entry(*db, audit);
    tx.commit();
    return true;
  }

  bool discard_scam_report(std::int64_t id, const ports::AuditSealer& audit) override {
    auto db = lease();
    Transaction tx(*db);
    db->run(q::kDiscard.lite, id);
    if (sqlite3_changes(db->raw()) == 0) return false;
    (void)append_audit_entry(*db, audit);
    tx.commit();
    return true;
  }
};

}  // namespace

std::unique_ptr<ports::ScamReportStore> sqlite_detail::make_scam_report_store(SqlitePool& pool) {
  return std::make_unique<SqliteScamReportStore>(pool);
}

}  // namespace mc::storage
