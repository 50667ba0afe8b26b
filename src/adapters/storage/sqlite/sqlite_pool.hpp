#pragma once
// The SQLite connections one SqliteStore shares among its ports (not part of the adapter's
// interface): one connection per thread at a time, idle ones kept for the next request.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_db.hpp"

namespace mc::storage {

class SqlitePool {
 public:
  // `wait`: how long a statement may wait for a lock held elsewhere (storage.wait_ms).
  SqlitePool(std::string path, std::chrono::milliseconds wait) : path_(std::move(path)), wait_(wait) {}

  // A connection for the caller alone, handed back to the pool when the lease ends.
  class Lease {
   public:
    Lease(SqlitePool& owner, std::unique_ptr<sqlite::Db> c) : owner_(owner), c_(std::move(c)) {}
    Lease(Lease&&) = default;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (c_) owner_.release(std::move(c_));
    }
    sqlite::Db& operator*() { return *c_; }
    sqlite::Db* operator->() { return c_.get(); }

   private:
    SqlitePool& owner_;
    std::unique_ptr<sqlite::Db> c_;
  };

  Lease lease();
  [[nodiscard]] std::chrono::milliseconds wait() const { return wait_; }

 private:
  void release(std::unique_ptr<sqlite::Db> c);

  std::string path_;
  std::chrono::milliseconds wait_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<sqlite::Db>> idle_;
};

// The base of every SQLite port class: the pool it leases its connections from.
class SqlitePort {
 public:
  explicit SqlitePort(SqlitePool& pool) : pool_(pool) {}

  // What an implementation shared by both backends needs (member_records.hpp): the row reader,
  // and the dialect of a shared statement.
  using Row = sqlite::Stmt;
  template <std::size_t N>
  static const char* dialect(const shared_sql::Sql<N>& sql) {
    return sql.lite;
  }

 protected:
  SqlitePool::Lease lease() { return pool_.lease(); }
  // One statement on a connection of its own: every row, or the first (sqlite::Db::rows, first).
  template <class Map, class... Args>
  auto select_all(const char* sql, Map map, const Args&... binds) {
    return lease()->rows(sql, map, binds...);
  }
  template <class Map, class... Args>
  auto select_first(const char* sql, Map map, const Args&... binds) {
    return lease()->first(sql, map, binds...);
  }

  SqlitePool& pool_;
};

}  // namespace mc::storage
