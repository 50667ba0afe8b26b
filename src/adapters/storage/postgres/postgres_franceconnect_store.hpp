#pragma once
// The PostgreSQL FranceConnectStore port (postgres_franceconnect.cpp), over the connection pool its PostgresStore
// facade owns. Only its implementation and the facade include this header.
#include "adapters/storage/postgres/postgres_port.hpp"
#include "core/ports/franceconnect_store.hpp"

namespace mc::storage {

class PostgresFranceConnectStore final : public ports::FranceConnectStore, PgPort {
 public:
  explicit PostgresFranceConnectStore(pg::Pool& pool) : PgPort(pool) {}

  void create_fc_flow(const ports::FranceConnectFlow& flow) override;
  std::optional<ports::FranceConnectFlow> consume_fc_flow(std::string_view id_hash, Instant now) override;
  std::vector<account::RegisterEntry> register_entries_born_on(std::string_view birth_date) override;
  std::optional<std::string> find_nir_by_franceconnect_sub(std::string_view sub) override;
  bool link_franceconnect_sub(std::string_view nir13, std::string_view sub, Instant at) override;
};

}  // namespace mc::storage
