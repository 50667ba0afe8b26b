// PostgreSQL: what is held about one member, for "Mes données" (ports::MemberRecords). The SQL
// is shared with SQLite (shared_sql.hpp).

#include <memory>

#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/postgres/postgres_ports.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "core/ports/member_records.hpp"

namespace mc::storage {

using pg::Conn;
using pg::params;
using namespace pg_detail;
namespace q = shared_sql;

namespace {

class PostgresMemberRecords final : public ports::MemberRecords, PgPort {
 public:
  explicit PostgresMemberRecords(pg::Pool& pool) : PgPort(pool) {}

  [[nodiscard]] std::vector<ports::MessageSent> mails_of(std::string_view nir13) override {
    if (nir13.empty()) return {};
    return run([&](Conn& c) {
      auto r = c.exec(q::kMailsOf.pg, params(nir13));
      std::vector<ports::MessageSent> out;
      out.reserve(static_cast<std::size_t>(r.rows()));
      for (int i = 0; i < r.rows(); ++i)
        out.push_back(
            {from_millis(r.i64(i, 0)), r.text(i, 1), r.text(i, 2), r.text(i, 3), opt_instant(r.opt_i64(i, 4))});
      return out;
    });
  }

  [[nodiscard]] std::vector<ports::CodeIssued> codes_of(std::string_view nir13) override {
    return run([&](Conn& c) {
      auto r = c.exec(q::kCodesOf.pg, params(nir13));
      std::vector<ports::CodeIssued> out;
      out.reserve(static_cast<std::size_t>(r.rows()));
      for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), r.text(i, 1), from_millis(r.i64(i, 2)), from_millis(r.i64(i, 3)),
                       opt_instant(r.opt_i64(i, 4)), opt_instant(r.opt_i64(i, 5)), static_cast<int>(r.i64(i, 6)),
                       r.text(i, 7)});
      return out;
    });
  }

  [[nodiscard]] std::vector<ports::AttestationIssued> attestations_of(std::string_view nir13) override {
    return run([&](Conn& c) {
      auto r = c.exec(q::kAttestationsOf.pg, params(nir13));
      std::vector<ports::AttestationIssued> out;
      out.reserve(static_cast<std::size_t>(r.rows()));
      for (int i = 0; i < r.rows(); ++i) out.push_back({from_millis(r.i64(i, 0)), r.text(i, 1)});
      return out;
    });
  }

  [[nodiscard]] std::vector<ports::OpenSession> sessions_of(std::string_view nir13) override {
    return run([&](Conn& c) {
      auto r = c.exec(q::kSessionsOf.pg, params(nir13));
      std::vector<ports::OpenSession> out;
      out.reserve(static_cast<std::size_t>(r.rows()));
      for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), r.text(i, 1), from_millis(r.i64(i, 2)), from_millis(r.i64(i, 3))});
      return out;
    });
  }
};

}  // namespace

namespace pg_detail {

std::unique_ptr<ports::MemberRecords> make_member_records(pg::Pool& pool) {
  return std::make_unique<PostgresMemberRecords>(pool);
}

}  // namespace pg_detail

}  // namespace mc::storage
