#pragma once
// The PostgreSQL AttestationStore port (postgres_attestation.cpp), over the connection pool its PostgresStore facade
// owns. Only its implementation and the facade include this header.
#include "adapters/storage/postgres/postgres_port.hpp"
#include "core/ports/attestation_store.hpp"

namespace mc::storage {

class PostgresAttestationStore final : public ports::AttestationStore, PgPort {
 public:
  explicit PostgresAttestationStore(pg::Pool& pool) : PgPort(pool) {}

  void record_attestation(std::string_view short_code, std::string_view payload, std::string_view nir13,
                          Instant at) override;
  std::optional<std::string> find_attestation_payload(std::string_view short_code) override;
};

}  // namespace mc::storage
