#pragma once
// PostgreSQL storage for several stateless `moncompte serve` processes sharing one database.
// Same ports, same numbered migrations as SQLite (migrations/postgres/). Every method is one
// transaction at READ COMMITTED; read-modify-write takes the row lock (SELECT … FOR UPDATE), so
// no update is lost across processes. Serialization failures and deadlocks are retried a few
// times (postgres_port.hpp); an unreachable server is StorageError (503), and the pool
// reconnects by itself. One class per port, private to the postgres_<area>.cpp that implements it
// (postgres_ports.hpp names the file of each port's factory), all over this facade's pool.
#include <memory>
#include <string>

#include "adapters/storage/port_set.hpp"
#include "adapters/storage/postgres/pg_pool.hpp"

namespace mc::storage {

class PostgresStore final : public PortSet {
 public:
  // `url` is a libpq URL (postgresql://user:pass@host:port/db?…). Connects and migrates; throws
  // StorageError when the server cannot be reached, std::runtime_error on a bad URL.
  // options.acquire_timeout (storage.wait_ms) also bounds connect, statement and lock waits.
  explicit PostgresStore(const std::string& url, pg::PoolOptions options = {});
  ~PostgresStore() override;

 private:
  std::unique_ptr<pg::Pool> pool_;
};

}  // namespace mc::storage
