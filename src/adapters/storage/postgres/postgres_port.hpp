#pragma once
// The base of every PostgreSQL port class (not part of the adapter's interface): the pool its
// PostgresStore facade owns, and the retry loop every transaction runs in.
#include <utility>

#include "adapters/storage/postgres/pg_db.hpp"
#include "adapters/storage/postgres/pg_pool.hpp"
#include "adapters/storage/shared_sql.hpp"

namespace mc::storage {

namespace pg_detail {

inline constexpr int kAttempts = 4;

// Runs `work` on a pooled connection; reruns it (a fresh transaction) after a serialization
// failure or deadlock, at most kAttempts times in all.
template <class F>
auto run(pg::Pool& pool, F&& work) {
  for (int attempt = 1;; ++attempt) {
    auto c = pool.acquire();
    try {
      return work(*c);
    } catch (const pg::Retryable& e) {
      // The transaction was rolled back as the exception left it; run it again from the start.
      if (attempt >= kAttempts) throw StorageError(StorageError::Cause::locked, "postgresql", "transaction", e.what);
    }
  }
}

}  // namespace pg_detail

class PgPort {
 public:
  explicit PgPort(pg::Pool& pool) : pool_(pool) {}

  // What an implementation shared by both backends needs (member_records.hpp): the row reader,
  // and the dialect of a shared statement.
  using Row = pg::Row;
  template <std::size_t N>
  static const char* dialect(const shared_sql::Sql<N>& sql) {
    return sql.pg;
  }

 protected:
  template <class F>
  auto run(F&& work) {
    return pg_detail::run(pool_, std::forward<F>(work));
  }
  // One statement in a transaction of its own, with `binds` as $1, $2, …: every row, or the
  // first (pg::Result::all, first).
  template <class Map, class... Args>
  auto select_all(const char* sql, Map map, const Args&... binds) {
    const auto p = pg::params(binds...);
    return run([&](pg::Conn& c) { return c.exec(sql, p).all(map); });
  }
  template <class Map, class... Args>
  auto select_first(const char* sql, Map map, const Args&... binds) {
    const auto p = pg::params(binds...);
    return run([&](pg::Conn& c) { return c.exec(sql, p).first(map); });
  }

  pg::Pool& pool_;
};

}  // namespace mc::storage
