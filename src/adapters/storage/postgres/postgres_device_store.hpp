#pragma once
// The PostgreSQL DeviceStore port (postgres_devices.cpp), over the connection pool its PostgresStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/postgres/postgres_port.hpp"
#include "core/ports/devices.hpp"

namespace mc::storage {

class PostgresDeviceStore final : public ports::DeviceStore, PgPort {
 public:
  explicit PostgresDeviceStore(pg::Pool& pool) : PgPort(pool) {}

  std::optional<ports::Device> find_device(std::string_view nir13, std::string_view id) override;
  std::vector<ports::Device> list_devices(std::string_view nir13) override;
  void remember_device(const ports::Device& device) override;
  bool remove_device(std::string_view nir13, std::string_view id) override;
  std::vector<Counter> lockout_counters(std::string_view nir13) override;
};

}  // namespace mc::storage
