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
    db->run(shared_sql::kRecord.lite, short_code, payload, nir13, to_millis(at));
  }

  std::optional<std::string> find_attestation_payload(std::string_view short_code) override {
    return select_first(
        shared_sql::kFind.lite, [](const Stmt& r) { return r.text(0); }, short_code);
  }
};

}  // namespace

std::unique_ptr<ports::AttestationStore> sqlite_detail::make_attestation_store(SqlitePool& pool) {
  return std::make_unique<SqliteAttestationStore>(pool);
}

}  // namespace mc::storage
