// SQLite: attestations issued (short code → signed payload).
#include <memory>

#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"
#include "core/ports/attestation_store.hpp"

namespace mc::storage {

namespace {

class SqliteAttestationStore final : public ports::AttestationStore, SqlitePort {
 public:
  explicit SqliteAttestationStore(SqlitePool& pool) : SqlitePort(pool) {}

  void record_attestation(std::string_view short_code, std::string_view payload, std::string_view nir13,
                          Instant at) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kRecord.lite);
    st.bind(1, short_code).bind(2, payload).bind(3, nir13).bind(4, to_millis(at));
    st.run();
  }

  std::optional<std::string> find_attestation_payload(std::string_view short_code) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kFind.lite);
    st.bind(1, short_code);
    if (!st.step()) return std::nullopt;
    return st.text(0);
  }
};

}  // namespace

namespace sqlite_detail {

std::unique_ptr<ports::AttestationStore> make_attestation_store(SqlitePool& pool) {
  return std::make_unique<SqliteAttestationStore>(pool);
}

}  // namespace sqlite_detail

}  // namespace mc::storage
