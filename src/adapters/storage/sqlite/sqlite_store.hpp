#pragma once
// SQLite storage (the embedded default): WAL mode, one connection per thread from a pool,
// numbered migrations, BEGIN IMMEDIATE for read-modify-write so several processes sharing one
// file never lose an update. One class per port, private to the sqlite_<area>.cpp that implements
// it (sqlite_ports.hpp names the file of each port's factory), all over this facade's pool.
#include <chrono>
#include <memory>
#include <string>

#include "adapters/storage/port_set.hpp"

namespace mc::storage {

class SqlitePool;

class SqliteStore final : public PortSet {
 public:
  // Opens (creating if needed) and migrates. Throws std::runtime_error with a clear message.
  // `wait`: how long a statement may wait for a lock held elsewhere (storage.wait_ms).
  explicit SqliteStore(std::string path, std::chrono::milliseconds wait = std::chrono::milliseconds(3000));
  ~SqliteStore() override;

 private:
  std::unique_ptr<SqlitePool> pool_;
};

}  // namespace mc::storage
