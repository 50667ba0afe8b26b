// SQLite: members' scam reports (ports::ScamReportStore); the PostgreSQL twin is
// postgres/postgres_scam_reports.cpp, the SQL is shared (scam_reports_sql.hpp).
#include <memory>

#include "adapters/storage/rows.hpp"
#include "adapters/storage/scam_reports_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"
#include "core/ports/scam_report_store.hpp"

namespace mc::storage {

using sqlite::Stmt;
using sqlite::Transaction;
using namespace sqlite_detail;
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
    auto db = lease();
    auto st = db->prepare(q::kList.lite);
    st.bind(1, labelled).bind(2, after_id).bind(3, limit);
    std::vector<ports::ScamReport> out;
    while (st.step()) out.push_back(rows::scam_report(st));
    return out;
  }

  std::optional<ports::ScamReport> find_scam_report(std::int64_t id) override {
    auto db = lease();
    auto st = db->prepare(q::kFind.lite);
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    auto r = rows::scam_report(st);
    st.run();
    return r;
  }

  bool label_scam_report(std::int64_t id, report::Label label, std::string_view login, Instant now,
                         const ports::AuditSealer& audit) override {
    auto db = lease();
    Transaction tx(*db);
    {
      auto st = db->prepare(q::kLabel.lite);
      st.bind(1, id).bind(2, report::to_string(label)).bind(3, login).bind(4, to_millis(now));
      st.run();
    }
    if (sqlite3_changes(db->raw()) == 0) return false;
    (void)append_audit_entry(*db, audit);
    tx.commit();
    return true;
  }

  bool discard_scam_report(std::int64_t id, const ports::AuditSealer& audit) override {
    auto db = lease();
    Transaction tx(*db);
    {
      auto st = db->prepare(q::kDiscard.lite);
      st.bind(1, id);
      st.run();
    }
    if (sqlite3_changes(db->raw()) == 0) return false;
    (void)append_audit_entry(*db, audit);
    tx.commit();
    return true;
  }
};

}  // namespace

namespace sqlite_detail {

std::unique_ptr<ports::ScamReportStore> make_scam_report_store(SqlitePool& pool) {
  return std::make_unique<SqliteScamReportStore>(pool);
}

}  // namespace sqlite_detail

}  // namespace mc::storage
