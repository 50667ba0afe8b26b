#include "adapters/storage/sqlite/sqlite_pool.hpp"

namespace mc::storage {

SqlitePool::Lease SqlitePool::lease() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(c));
    }
  }
  return Lease(*this, std::make_unique<sqlite::Db>(path_, wait_));
}

void SqlitePool::release(std::unique_ptr<sqlite::Db> c) {
  // A connection a failure left inside a transaction (a ROLLBACK that could not run) is closed,
  // which rolls it back, rather than handed to the next request.
  if (c->in_transaction()) return;
  std::lock_guard lock(mutex_);
  if (idle_.size() < 32) idle_.push_back(std::move(c));
}

}  // namespace mc::storage
