// SQLite: what is held about one member, for "Mes données" (ports::MemberRecords). The
// implementation, SQL and row mappers are shared with PostgreSQL (member_records.hpp).
#include <memory>

#include "adapters/storage/member_records.hpp"
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"

namespace mc::storage {

std::unique_ptr<ports::MemberRecords> sqlite_detail::make_member_records(SqlitePool& pool) {
  return std::make_unique<MemberRecordsOver<SqlitePort>>(pool);
}

}  // namespace mc::storage
