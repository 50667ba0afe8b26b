#pragma once
// Thin RAII over libpq: connections, results, parameters, transactions, and what a failure
// means. Connection-level failures become mc::StorageError (answered 503 at the edge);
// serialization failures and deadlocks become pg::Retryable so the store can run the
// transaction again; anything else (a constraint violation, a bug in a statement) is a
// std::runtime_error.
#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace mc::storage::pg {

// What a failed call means for the caller.
enum class Failure { unavailable, retry, other };

// `sqlstate` is the five-character SQLSTATE ("" when libpq gave none); `connection_ok` is
// PQstatus(conn) == CONNECTION_OK after the failure.
[[nodiscard]] Failure classify(std::string_view sqlstate, bool connection_ok);
// For Failure::unavailable: which StorageError cause it is (disk full, read-only, lock or
// statement timeout, connection gone).
[[nodiscard]] StorageError::Cause cause_of(std::string_view sqlstate, bool connection_ok);

// 40001 serialization_failure / 40P01 deadlock_detected: the transaction may simply be rerun.
struct Retryable {
  std::string what;
};

// Keyword/value pairs for PQconnectdbParams: our session defaults first, then everything the
// URL says (the URL wins, except that `options` are appended to ours rather than replacing them).
// Throws std::runtime_error when the URL cannot be parsed (a configuration error, not an outage).
using ConnParams = std::vector<std::pair<std::string, std::string>>;
// `wait` (storage.wait_ms) bounds connecting, statements and lock waits.
[[nodiscard]] ConnParams connection_params(const std::string& url,
                                           std::chrono::milliseconds wait = std::chrono::milliseconds(3000));

// A URL with any password replaced by "***", for logs and error messages.
[[nodiscard]] std::string redact(const std::string& url);

class Result {
 public:
  explicit Result(PGresult* r) : r_(r) {}
  Result(Result&& o) noexcept : r_(std::exchange(o.r_, nullptr)) {}
  Result& operator=(Result&& o) noexcept {
    if (this != &o) {
      if (r_) PQclear(r_);
      r_ = std::exchange(o.r_, nullptr);
    }
    return *this;
  }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result() {
    if (r_) PQclear(r_);
  }

  [[nodiscard]] int rows() const { return PQntuples(r_); }
  [[nodiscard]] bool empty() const { return rows() == 0; }
  // Rows affected by an INSERT/UPDATE/DELETE.
  [[nodiscard]] long affected() const;
  [[nodiscard]] bool is_null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  [[nodiscard]] std::string text(int row, int col) const {
    return std::string(PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col)));
  }
  [[nodiscard]] std::int64_t i64(int row, int col) const;
  [[nodiscard]] std::optional<std::int64_t> opt_i64(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return i64(row, col);
  }
  [[nodiscard]] bool boolean(int row, int col) const { return PQgetvalue(r_, row, col)[0] == 't'; }

  // One row, read by column (the row reader of adapters/storage/rows.hpp).
  class Row {
   public:
    Row(const Result& r, int row) : r_(r), row_(row) {}
    [[nodiscard]] std::string text(int col) const { return r_.text(row_, col); }
    [[nodiscard]] std::int64_t i64(int col) const { return r_.i64(row_, col); }
    [[nodiscard]] std::optional<std::int64_t> opt_i64(int col) const { return r_.opt_i64(row_, col); }
    [[nodiscard]] bool boolean(int col) const { return r_.boolean(row_, col); }
    [[nodiscard]] bool is_null(int col) const { return r_.is_null(row_, col); }

   private:
    const Result& r_;
    int row_;
  };
  [[nodiscard]] Row row(int i) const { return {*this, i}; }

  // Every row, each read by `map` (given a Row).
  template <class Map>
  [[nodiscard]] auto all(Map map) const {
    std::vector<std::invoke_result_t<Map&, const Row&>> out;
    out.reserve(static_cast<std::size_t>(rows()));
    for (int i = 0; i < rows(); ++i) out.push_back(map(row(i)));
    return out;
  }
  // The first row read by `map`, or nothing.
  template <class Map>
  [[nodiscard]] auto first(Map map) const {
    std::optional<std::invoke_result_t<Map&, const Row&>> out;
    if (!empty()) out = map(row(0));
    return out;
  }

 private:
  PGresult* r_;
};

using Row = Result::Row;

// Parameters in text format; the server infers their types from the statement.
class Params {
 public:
  Params& add(std::string_view v) {
    values_.emplace_back(std::string(v));
    return *this;
  }
  Params& add(const char* v) { return add(std::string_view(v)); }
  Params& add(const std::string& v) { return add(std::string_view(v)); }
  Params& add(std::int64_t v) {
    values_.emplace_back(std::to_string(v));
    return *this;
  }
  Params& add(int v) { return add(static_cast<std::int64_t>(v)); }
  Params& add(bool v) {
    values_.emplace_back(v ? "t" : "f");
    return *this;
  }
  Params& add(std::optional<std::int64_t> v) {
    if (v) return add(*v);
    values_.emplace_back(std::nullopt);
    return *this;
  }

  [[nodiscard]] int size() const { return static_cast<int>(values_.size()); }
  [[nodiscard]] std::vector<const char*> pointers() const {
    std::vector<const char*> p;
    p.reserve(values_.size());
    for (const auto& v : values_) p.push_back(v ? v->c_str() : nullptr);
    return p;
  }

 private:
  std::vector<std::optional<std::string>> values_;
};

template <class... Args>
Params params(const Args&... args) {
  Params p;
  (p.add(args), ...);
  return p;
}

class Conn {
 public:
  // Connects; a server that cannot be reached is StorageError{connection_lost}.
  explicit Conn(const ConnParams& params);
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn() { PQfinish(c_); }

  // Runs `sql` as a prepared statement (prepared once per connection, keyed by the pointer:
  // statements are named constants).
  Result exec(const char* sql, const Params& p = {});
  // Simple-query protocol: no parameters, several statements allowed (BEGIN, migrations).
  void exec_script(const std::string& sql);
  // COPY … FROM STDIN: begin, send data (buffered by libpq), end (the server's verdict).
  void copy_begin(const std::string& sql);
  void copy_put(std::string_view data);
  void copy_end();

  // False once libpq has seen the connection break.
  [[nodiscard]] bool ok() const { return PQstatus(c_) == CONNECTION_OK; }
  // Outside a transaction and nothing pending: safe to hand to the next caller.
  [[nodiscard]] bool idle() const { return ok() && PQtransactionStatus(c_) == PQTRANS_IDLE; }
  // An idle connection must have nothing to read: data or EOF on the socket means the server
  // has closed it (restart, admin shutdown, failover), so it is replaced before use.
  [[nodiscard]] bool still_alive();

 private:
  [[noreturn]] void fail(const PGresult* r, std::string_view what);
  Result check(PGresult* r, std::string_view what);

  PGconn* c_ = nullptr;
  std::unordered_map<const char*, std::string> prepared_;
};

// BEGIN … COMMIT; rolled back on scope exit unless committed (and skipped on a dead connection:
// the server has already rolled back).
class Transaction {
 public:
  explicit Transaction(Conn& c) : c_(c) { c_.exec_script("BEGIN"); }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (done_ || !c_.ok()) return;
    try {
      c_.exec_script("ROLLBACK");
    } catch (...) {
    }
  }
  void commit() {
    done_ = true;
    c_.exec_script("COMMIT");
  }

 private:
  Conn& c_;
  bool done_ = false;
};

}  // namespace mc::storage::pg
