#pragma once
// The SQLite MemberRecords port (sqlite_member_records.cpp), over the connection pool its SqliteStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "core/ports/member_records.hpp"

namespace mc::storage {

class SqliteMemberRecords final : public ports::MemberRecords, SqlitePort {
 public:
  explicit SqliteMemberRecords(SqlitePool& pool) : SqlitePort(pool) {}

  [[nodiscard]] std::vector<ports::MessageSent> mails_of(std::string_view nir13) override;
  [[nodiscard]] std::vector<ports::CodeIssued> codes_of(std::string_view nir13) override;
  [[nodiscard]] std::vector<ports::AttestationIssued> attestations_of(std::string_view nir13) override;
  [[nodiscard]] std::vector<ports::OpenSession> sessions_of(std::string_view nir13) override;
};

}  // namespace mc::storage
