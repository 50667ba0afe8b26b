#pragma once
// Thin RAII over the SQLite C API: connections, prepared statements, transactions.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/storage_wait.hpp"

namespace mc::storage::sqlite {

// What a failure code means for the caller: a StorageError (503, the request may be retried
// later) for the causes outside the request, nothing for a bug or bad SQL (500).
inline std::optional<StorageError::Cause> cause_of(int code) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return StorageError::Cause::locked;
    case SQLITE_FULL: return StorageError::Cause::full;
    case SQLITE_READONLY: return StorageError::Cause::read_only;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN: return StorageError::Cause::io;
    default: return std::nullopt;
  }
}

[[noreturn]] inline void fail(sqlite3* db, std::string_view what, int code) {
  std::string msg = db ? sqlite3_errmsg(db) : "no database";
  if (auto cause = cause_of(code)) throw StorageError(*cause, "sqlite", std::string(what), msg);
  throw std::runtime_error(std::string(what) + ": " + msg);
}
[[noreturn]] inline void fail(sqlite3* db, std::string_view what) {
  fail(db, what, db ? sqlite3_extended_errcode(db) : SQLITE_ERROR);
}

class Stmt {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }

  Stmt& bind(int i, std::string_view v) {
    check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, std::int64_t v) {
    check(sqlite3_bind_int64(s_, i, v));
    return *this;
  }
  Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, bool v) { return bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
  Stmt& bind(int i, std::optional<std::int64_t> v) {
    check(v ? sqlite3_bind_int64(s_, i, *v) : sqlite3_bind_null(s_, i));
    return *this;
  }
  Stmt& bind_null(int i) {
    check(sqlite3_bind_null(s_, i));
    return *this;
  }

  // true while a row is available
  bool step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, "step", rc);
  }
  void run() {
    while (step()) {
    }
  }

  std::string text(int col) const {
    auto p = sqlite3_column_text(s_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
             : std::string();
  }
  std::int64_t i64(int col) const { return sqlite3_column_int64(s_, col); }
  bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::optional<std::int64_t> opt_i64(int col) const {
    if (is_null(col)) return std::nullopt;
    return i64(col);
  }
  bool boolean(int col) const { return i64(col) != 0; }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail(db_, "bind", rc);
  }
  sqlite3* db_;
  sqlite3_stmt* s_;
};

// Once per process, before SQLite's first use: no allocation statistics. Debian builds SQLite with
// them on, which takes one process-wide mutex around every malloc and free of every connection
// (8 % of the CPU of a register import in `perf`); nothing here reads them (no soft heap limit).
// After SQLite has been initialised (by another library) the call is refused and changes nothing.
inline void configure_library() {
  static const bool once = [] {
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)once;
}

class Db {
 public:
  // `wait`: how long one statement may wait for a lock another connection or program holds,
  // shortened by the calling request's deadline (core/storage_wait.hpp).
  explicit Db(const std::string& path, std::chrono::milliseconds wait = std::chrono::milliseconds(3000)) : wait_(wait) {
    configure_library();
    int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      // A file that exists but cannot be opened now (locked, no space for the journal) is a
      // StorageError the caller may retry; a wrong path is a start-up error.
      if (auto cause = cause_of(rc); cause && *cause != StorageError::Cause::io)
        throw StorageError(*cause, "sqlite", "open", msg);
      throw std::runtime_error("cannot open SQLite database '" + path + "': " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_handler(db_, &Db::on_busy, this);
    try {
      exec("PRAGMA journal_mode=WAL");
      // A failed attempt must survive a crash before its answer leaves: FULL syncs the WAL on commit.
      exec("PRAGMA synchronous=FULL");
      exec("PRAGMA foreign_keys=ON");
    } catch (...) {
      sqlite3_close(db_);
      throw;
    }
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db() {
    for (auto& [_, s] : cache_) sqlite3_finalize(s);
    sqlite3_close(db_);
  }

  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      int code = sqlite3_extended_errcode(db_);
      if (auto cause = cause_of(code)) throw StorageError(*cause, "sqlite", "exec", msg);
      throw std::runtime_error("SQL error: " + msg);
    }
  }

  // Statements are prepared once per connection and reused.
  Stmt prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      sqlite3_stmt* s = nullptr;
      if (int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr); rc != SQLITE_OK) fail(db_, "prepare", rc);
      it = cache_.emplace(sql, s).first;
    }
    return Stmt(db_, it->second);
  }

  // Runs `sql` to completion with `binds` bound to ?1, ?2, … (sqlite3_changes tells what it did).
  template <class... Args>
  void run(const char* sql, const Args&... binds) {
    auto st = prepare(sql);
    bind_all(st, binds...);
    st.run();
  }

  // Every row `sql` returns, with `binds` bound to ?1, ?2, …: each read by `map`, which is given
  // the statement on that row (the row reader of adapters/storage/rows.hpp).
  template <class Map, class... Args>
  auto rows(const char* sql, Map map, const Args&... binds) {
    auto st = prepare(sql);
    bind_all(st, binds...);
    std::vector<std::invoke_result_t<Map&, const Stmt&>> out;
    while (st.step()) out.push_back(map(std::as_const(st)));
    return out;
  }

  // The first row `sql` returns, read by `map`, or nothing; any further rows are stepped over.
  template <class Map, class... Args>
  auto first(const char* sql, Map map, const Args&... binds) {
    auto st = prepare(sql);
    bind_all(st, binds...);
    std::optional<std::invoke_result_t<Map&, const Stmt&>> out;
    if (st.step()) {
      out = map(std::as_const(st));
      st.run();
    }
    return out;
  }

  sqlite3* raw() { return db_; }

  // Inside a transaction (one that a failure could not roll back): not to be reused.
  [[nodiscard]] bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

 private:
  template <class... Args>
  static void bind_all(Stmt& st, const Args&... binds) {
    int i = 0;
    (st.bind(++i, binds), ...);
  }

  // SQLite's busy handler: wait with short naps until the lock is free, this statement has
  // waited `wait_`, or the calling request's deadline has passed; then SQLITE_BUSY.
  static int on_busy(void* self, int count) {
    auto* db = static_cast<Db*>(self);
    const auto now = std::chrono::steady_clock::now();
    if (count == 0) db->busy_since_ = now;
    auto until = db->busy_since_ + db->wait_;
    if (auto d = storage_wait::deadline(); d && *d < until) until = *d;
    if (now >= until) return 0;
    const auto nap = std::min<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(std::min(count + 1, 25) * 2), until - now);
    std::this_thread::sleep_for(nap);
    return 1;
  }

  sqlite3* db_ = nullptr;
  std::chrono::milliseconds wait_;
  std::chrono::steady_clock::time_point busy_since_{};
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

// BEGIN IMMEDIATE takes the write lock up front: two processes doing read-modify-write on the
// same row are serialised instead of one failing with SQLITE_BUSY at commit.
class Transaction {
 public:
  explicit Transaction(Db& db, bool immediate = true) : db_(db) { db_.exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN"); }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_) {
      try {
        db_.exec("ROLLBACK");
      } catch (...) {
      }
    }
  }
  void commit() {
    db_.exec("COMMIT");
    done_ = true;
  }

 private:
  Db& db_;
  bool done_ = false;
};

}  // namespace mc::storage::sqlite
