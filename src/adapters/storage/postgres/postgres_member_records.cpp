// PostgreSQL: what is held about one member, for "Mes données" (ports::MemberRecords). The
// implementation, SQL and row mappers are shared with SQLite (member_records.hpp).
#include <memory>

#include "adapters/storage/member_records.hpp"
#include "adapters/storage/postgres/postgres_port.hpp"
#include "adapters/storage/postgres/postgres_ports.hpp"

namespace mc::storage {

std::unique_ptr<ports::MemberRecords> pg_detail::make_member_records(pg::Pool& pool) {
  return std::make_unique<MemberRecordsOver<PgPort>>(pool);
}

}  // namespace mc::storage
