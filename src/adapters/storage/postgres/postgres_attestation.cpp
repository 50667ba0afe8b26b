// PostgreSQL: attestations issued (short code → signed payload); the SQLite twin is
// sqlite/sqlite_attestation.cpp.
#include "adapters/storage/postgres/postgres_internal.hpp"

namespace mc::storage {

using pg::Conn;
using pg::params;
using namespace pg_detail;

namespace {
namespace sql {
constexpr const char* kRecord =
    "INSERT INTO attestations (short_code, payload, nir13, issued_at) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (short_code) DO NOTHING";
constexpr const char* kFind = "SELECT payload FROM attestations WHERE short_code = $1";
}  // namespace sql
}  // namespace

void PostgresStore::record_attestation(std::string_view short_code, std::string_view payload, std::string_view nir13,
                                       Instant at) {
  run([&](Conn& c) { (void)c.exec(sql::kRecord, params(short_code, payload, nir13, to_millis(at))); });
}

std::optional<std::string> PostgresStore::find_attestation_payload(std::string_view short_code) {
  return run([&](Conn& c) -> std::optional<std::string> {
    auto st = c.exec(sql::kFind, params(short_code));
    if (st.empty()) return std::nullopt;
    return st.text(0, 0);
  });
}

}  // namespace mc::storage
