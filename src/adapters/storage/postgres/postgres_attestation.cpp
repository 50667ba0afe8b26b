// PostgreSQL: attestations issued (short code → signed payload); the SQLite twin is
// sqlite/sqlite_attestation.cpp.
#include <memory>

#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/postgres/postgres_ports.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "core/ports/attestation_store.hpp"

namespace mc::storage {

using pg::Conn;
using pg::params;
using namespace pg_detail;

namespace {

class PostgresAttestationStore final : public ports::AttestationStore, PgPort {
 public:
  explicit PostgresAttestationStore(pg::Pool& pool) : PgPort(pool) {}

  void record_attestation(std::string_view short_code, std::string_view payload, std::string_view nir13,
                          Instant at) override {
    run([&](Conn& c) { (void)c.exec(shared_sql::kRecord.pg, params(short_code, payload, nir13, to_millis(at))); });
  }

  std::optional<std::string> find_attestation_payload(std::string_view short_code) override {
    return run([&](Conn& c) -> std::optional<std::string> {
      auto st = c.exec(shared_sql::kFind.pg, params(short_code));
      if (st.empty()) return std::nullopt;
      return st.text(0, 0);
    });
  }
};

}  // namespace

namespace pg_detail {

std::unique_ptr<ports::AttestationStore> make_attestation_store(pg::Pool& pool) {
  return std::make_unique<PostgresAttestationStore>(pool);
}

}  // namespace pg_detail

}  // namespace mc::storage
