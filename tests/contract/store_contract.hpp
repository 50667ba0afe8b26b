#pragma once
// The contract every storage backend must pass. A backend registers a factory that returns a
// fresh, empty, migrated store (or nullptr to skip, e.g. no PostgreSQL server configured).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/ports/store.hpp"

namespace mc::contract {

struct Backend {
  std::string name;
  std::function<std::unique_ptr<ports::Store>()> make_fresh;
  // A second, independent connection to the same database (another "process").
  std::function<std::unique_ptr<ports::Store>()> open_same;
};

std::vector<Backend>& backends();

struct Register {
  explicit Register(Backend b) { backends().push_back(std::move(b)); }
};

}  // namespace mc::contract
