#pragma once
// A bounded pool of libpq connections. Connections are opened lazily, checked before each use
// (an idle connection with anything to read was closed by the server) and replaced when broken,
// so the service heals by itself once PostgreSQL is back. When every connection is busy a caller
// waits, then gets StorageError: a 503 is better than an unbounded queue. After a failed connect
// the pool backs off (100 ms doubling to 2 s): meanwhile callers get StorageError at once instead
// of each waiting connect_timeout against a server that is down, and the first caller after the
// pause tries again, so the service heals without a restart.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "adapters/storage/postgres/pg_db.hpp"

namespace mc::storage::pg {

struct PoolOptions {
  std::size_t max_connections = 16;
  std::chrono::milliseconds acquire_timeout{3000};  // storage.wait_ms
  std::chrono::milliseconds backoff_min{100};
  std::chrono::milliseconds backoff_max{2000};
};

class Pool {
 public:
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Conn> c) : pool_(&pool), c_(std::move(c)) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), c_(std::move(o.c_)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (c_) pool_->give_back(std::move(c_));
    }
    Conn& operator*() { return *c_; }
    Conn* operator->() { return c_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Conn> c_;
  };

  Pool(ConnParams params, PoolOptions options);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // A healthy connection, or StorageError (server unreachable or backing off after it was, or
  // the pool stayed full for acquire_timeout).
  Lease acquire();

  struct Stats {
    std::size_t open = 0;   // connections that exist (idle + leased)
    std::size_t idle = 0;
    std::size_t replaced = 0;  // found dead and thrown away since start
    std::size_t connect_failures = 0;
  };
  [[nodiscard]] Stats stats();

 private:
  void give_back(std::unique_ptr<Conn> c);

  const ConnParams params_;
  const PoolOptions options_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Conn>> idle_;
  std::size_t open_ = 0;
  std::size_t replaced_ = 0;
  std::size_t connect_failures_ = 0;
  std::chrono::milliseconds backoff_{0};
  std::chrono::steady_clock::time_point retry_at_{};
  std::string last_failure_;
};

}  // namespace mc::storage::pg
