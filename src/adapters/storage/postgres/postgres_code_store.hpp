#pragma once
// The PostgreSQL CodeStore port (postgres_recovery.cpp), over the connection pool its PostgresStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/postgres/postgres_port.hpp"
#include "core/ports/code_store.hpp"

namespace mc::storage {

class PostgresCodeStore final : public ports::CodeStore, PgPort {
 public:
  explicit PostgresCodeStore(pg::Pool& pool) : PgPort(pool) {}

  std::int64_t issue_code(const token::CodeRecord& code, bool create_pending_account,
                          const std::optional<outbox::Mail>& mail,
                          const std::optional<outbox::Letter>& letter) override;
  std::optional<token::CodeRecord> find_code_by_hash(std::string_view secret_hash) override;
  std::optional<token::CodeRecord> find_open_code(std::string_view nir13, token::Purpose purpose) override;
  int record_code_failure(std::int64_t id) override;
  ports::RedeemResult redeem(std::int64_t code_id, Instant now, const ports::CredentialChange& change) override;
};

}  // namespace mc::storage
