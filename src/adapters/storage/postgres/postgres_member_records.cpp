// PostgreSQL: what is held about one member, for "Mes données" (ports::MemberRecords). The SQL
// is shared with SQLite (shared_sql.hpp).
#include "adapters/storage/postgres/postgres_member_records.hpp"

#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/shared_sql.hpp"

namespace mc::storage {

using pg::Conn;
using pg::params;
using namespace pg_detail;
namespace q = shared_sql;

std::vector<ports::MessageSent> PostgresMemberRecords::mails_of(std::string_view nir13) {
  if (nir13.empty()) return {};
  return run([&](Conn& c) {
    auto r = c.exec(q::kMailsOf.pg, params(nir13));
    std::vector<ports::MessageSent> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i)
      out.push_back({from_millis(r.i64(i, 0)), r.text(i, 1), r.text(i, 2), r.text(i, 3), opt_instant(r.opt_i64(i, 4))});
    return out;
  });
}

std::vector<ports::CodeIssued> PostgresMemberRecords::codes_of(std::string_view nir13) {
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

std::vector<ports::AttestationIssued> PostgresMemberRecords::attestations_of(std::string_view nir13) {
  return run([&](Conn& c) {
    auto r = c.exec(q::kAttestationsOf.pg, params(nir13));
    std::vector<ports::AttestationIssued> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back({from_millis(r.i64(i, 0)), r.text(i, 1)});
    return out;
  });
}

std::vector<ports::OpenSession> PostgresMemberRecords::sessions_of(std::string_view nir13) {
  return run([&](Conn& c) {
    auto r = c.exec(q::kSessionsOf.pg, params(nir13));
    std::vector<ports::OpenSession> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i)
      out.push_back({r.text(i, 0), r.text(i, 1), from_millis(r.i64(i, 2)), from_millis(r.i64(i, 3))});
    return out;
  });
}

}  // namespace mc::storage
