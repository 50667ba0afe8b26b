#pragma once
// The PostgreSQL MemberRecords port (postgres_member_records.cpp), over the connection pool its PostgresStore facade
// owns. Only its implementation and the facade include this header.
#include "adapters/storage/postgres/postgres_port.hpp"
#include "core/ports/member_records.hpp"

namespace mc::storage {

class PostgresMemberRecords final : public ports::MemberRecords, PgPort {
 public:
  explicit PostgresMemberRecords(pg::Pool& pool) : PgPort(pool) {}

  [[nodiscard]] std::vector<ports::MessageSent> mails_of(std::string_view nir13) override;
  [[nodiscard]] std::vector<ports::CodeIssued> codes_of(std::string_view nir13) override;
  [[nodiscard]] std::vector<ports::AttestationIssued> attestations_of(std::string_view nir13) override;
  [[nodiscard]] std::vector<ports::OpenSession> sessions_of(std::string_view nir13) override;
};

}  // namespace mc::storage
