// SQLite: what is held about one member, for "Mes données" (ports::MemberRecords). The SQL is
// shared with PostgreSQL (shared_sql.hpp).

#include <memory>

#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"
#include "core/ports/member_records.hpp"

namespace mc::storage {

namespace q = shared_sql;

namespace {

class SqliteMemberRecords final : public ports::MemberRecords, SqlitePort {
 public:
  explicit SqliteMemberRecords(SqlitePool& pool) : SqlitePort(pool) {}

  [[nodiscard]] std::vector<ports::MessageSent> mails_of(std::string_view nir13) override {
    std::vector<ports::MessageSent> out;
    if (nir13.empty()) return out;
    auto db = lease();
    auto st = db->prepare(q::kMailsOf.lite);
    st.bind(1, nir13);
    while (st.step())
      out.push_back({from_millis(st.i64(0)), st.text(1), st.text(2), st.text(3), opt_instant(st.opt_i64(4))});
    return out;
  }

  [[nodiscard]] std::vector<ports::CodeIssued> codes_of(std::string_view nir13) override {
    auto db = lease();
    auto st = db->prepare(q::kCodesOf.lite);
    st.bind(1, nir13);
    std::vector<ports::CodeIssued> out;
    while (st.step())
      out.push_back({st.text(0), st.text(1), from_millis(st.i64(2)), from_millis(st.i64(3)), opt_instant(st.opt_i64(4)),
                     opt_instant(st.opt_i64(5)), static_cast<int>(st.i64(6)), st.text(7)});
    return out;
  }

  [[nodiscard]] std::vector<ports::AttestationIssued> attestations_of(std::string_view nir13) override {
    auto db = lease();
    auto st = db->prepare(q::kAttestationsOf.lite);
    st.bind(1, nir13);
    std::vector<ports::AttestationIssued> out;
    while (st.step()) out.push_back({from_millis(st.i64(0)), st.text(1)});
    return out;
  }

  [[nodiscard]] std::vector<ports::OpenSession> sessions_of(std::string_view nir13) override {
    auto db = lease();
    auto st = db->prepare(q::kSessionsOf.lite);
    st.bind(1, nir13);
    std::vector<ports::OpenSession> out;
    while (st.step()) out.push_back({st.text(0), st.text(1), from_millis(st.i64(2)), from_millis(st.i64(3))});
    return out;
  }
};

}  // namespace

namespace sqlite_detail {

std::unique_ptr<ports::MemberRecords> make_member_records(SqlitePool& pool) {
  return std::make_unique<SqliteMemberRecords>(pool);
}

}  // namespace sqlite_detail

}  // namespace mc::storage
