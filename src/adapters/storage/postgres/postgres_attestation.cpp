// PostgreSQL: attestations issued (short code → signed payload); the SQLite twin is
// sqlite/sqlite_attestation.cpp.
#include "adapters/storage/postgres/postgres_attestation_store.hpp"
#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/shared_sql.hpp"

namespace mc::storage {

using pg::Conn;
using pg::params;
using namespace pg_detail;

void PostgresAttestationStore::record_attestation(std::string_view short_code, std::string_view payload,
                                                  std::string_view nir13, Instant at) {
  run([&](Conn& c) { (void)c.exec(shared_sql::kRecord.pg, params(short_code, payload, nir13, to_millis(at))); });
}

std::optional<std::string> PostgresAttestationStore::find_attestation_payload(std::string_view short_code) {
  return run([&](Conn& c) -> std::optional<std::string> {
    auto st = c.exec(shared_sql::kFind.pg, params(short_code));
    if (st.empty()) return std::nullopt;
    return st.text(0, 0);
  });
}

}  // namespace mc::storage
