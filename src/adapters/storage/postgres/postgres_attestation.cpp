// PostgreSQL: attestations issued (short code → signed payload); the SQLite twin is
// sqlite/sqlite_attestation.cpp.
#include <memory>

#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/postgres/postgres_ports.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "core/ports/attestation_store.hpp"

namespace mc::storage {

namespace {

class PostgresAttestationStore final : public ports::AttestationStore, PgPort {
 public:
  explicit PostgresAttestationStore(pg::Pool& pool) : PgPort(pool) {}

  void record_attestation(std::string_view short_code, std::string_view payload, std::string_view nir13,
                          Instant at) override {
    run([&](Conn& c) { (void)c.exec(shared_sql::kRecord.pg, params(short_code, payload, nir13, to_millis(at))); });
  }

  std::optional<std::string> find_attestation_payload(std::string_view short_code) override {
    return select_first(
        shared_sql::kFind.pg, [](const pg::Row& r) { return r.text(0); }, short_code);
  }
};

}  // namespace

std::unique_ptr<ports::AttestationStore> pg_detail::make_attestation_store(pg::Pool& pool) {
  return std::make_unique<PostgresAttestationStore>(pool);
}

}  // namespace mc::storage
