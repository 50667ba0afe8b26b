#include <filesystem>
#include <random>

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "store_contract.hpp"

namespace {

std::string& current_path() {
  static std::string p;
  return p;
}

mc::contract::Register sqlite_backend{{
    "sqlite",
    [] {
      auto dir = std::filesystem::temp_directory_path() / "mc-contract";
      std::filesystem::create_directories(dir);
      std::random_device rd;
      current_path() = (dir / ("store-" + std::to_string(rd()) + ".sqlite")).string();
      return std::unique_ptr<mc::ports::Storage>(std::make_unique<mc::storage::SqliteStore>(current_path()));
    },
    [] { return std::make_unique<mc::storage::SqliteStore>(current_path()); },
}};

}  // namespace
