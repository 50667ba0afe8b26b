#pragma once
// The SQLite AttestationStore port (sqlite_attestation.cpp), over the connection pool its SqliteStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "core/ports/attestation_store.hpp"

namespace mc::storage {

class SqliteAttestationStore final : public ports::AttestationStore, SqlitePort {
 public:
  explicit SqliteAttestationStore(SqlitePool& pool) : SqlitePort(pool) {}

  void record_attestation(std::string_view short_code, std::string_view payload, std::string_view nir13,
                          Instant at) override;
  std::optional<std::string> find_attestation_payload(std::string_view short_code) override;
};

}  // namespace mc::storage
