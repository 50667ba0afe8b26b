// SQLite: attestations issued (short code → signed payload).
#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_attestation_store.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"

namespace mc::storage {

void SqliteAttestationStore::record_attestation(std::string_view short_code, std::string_view payload,
                                                std::string_view nir13, Instant at) {
  auto db = lease();
  auto st = db->prepare(shared_sql::kRecord.lite);
  st.bind(1, short_code).bind(2, payload).bind(3, nir13).bind(4, to_millis(at));
  st.run();
}

std::optional<std::string> SqliteAttestationStore::find_attestation_payload(std::string_view short_code) {
  auto db = lease();
  auto st = db->prepare(shared_sql::kFind.lite);
  st.bind(1, short_code);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

}  // namespace mc::storage
