#include "adapters/storage/postgres/pg_db.hpp"

#include <poll.h>

#include <algorithm>
#include <charconv>
#include <memory>

namespace mc::storage::pg {

Failure classify(std::string_view sqlstate, bool connection_ok) {
  if (!connection_ok) return Failure::unavailable;
  if (sqlstate.size() != 5) return Failure::other;
  if (sqlstate == "40001" || sqlstate == "40P01") return Failure::retry;
  std::string_view cls = sqlstate.substr(0, 2);
  // 08 connection exception, 53 insufficient resources (disk full, too many connections),
  // 58 system error (I/O).
  if (cls == "08" || cls == "53" || cls == "58") return Failure::unavailable;
  // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up or in
  // recovery), 57014 statement_timeout reached.
  if (sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03" || sqlstate == "57014") return Failure::unavailable;
  // 25006: a write reached a read-only server (a former primary after a failover).
  // 55P03: lock_timeout reached; the row is held elsewhere for too long.
  if (sqlstate == "25006" || sqlstate == "55P03") return Failure::unavailable;
  return Failure::other;
}

StorageError::Cause cause_of(std::string_view sqlstate, bool connection_ok) {
  using C = StorageError::Cause;
  if (!connection_ok) return C::connection_lost;
  if (sqlstate == "53100") return C::full;       // disk_full
  if (sqlstate == "25006") return C::read_only;  // read_only_sql_transaction (a former primary)
  if (sqlstate == "57014" || sqlstate == "55P03") return C::locked;  // statement / lock timeout
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P")) return C::connection_lost;
  return C::io;
}

namespace {

// Applied to every session unless the URL says otherwise: a stuck statement or an abandoned
// transaction must end in a 503 within storage.wait_ms, never hold a member's lockout row for
// ever; NOTICEs (such as "already exists, skipping") are not worth a line on stderr.
std::string session_defaults(std::chrono::milliseconds wait) {
  const auto ms = std::to_string(std::max<long long>(wait.count(), 1));
  return "-c statement_timeout=" + ms + " -c lock_timeout=" + ms +
         " -c idle_in_transaction_session_timeout=60000 -c client_min_messages=warning";
}

}  // namespace

ConnParams connection_params(const std::string& url, std::chrono::milliseconds wait) {
  char* err = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> parsed(PQconninfoParse(url.c_str(), &err),
                                                                       &PQconninfoFree);
  if (!parsed) {
    std::string msg = err ? err : "out of memory";
    PQfreemem(err);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    throw std::runtime_error("invalid PostgreSQL URL '" + redact(url) + "': " + msg);
  }
  ConnParams out = {
      // libpq counts whole seconds, at least 2, per host of a multi-host URL.
      {"connect_timeout", std::to_string(std::max<long long>(2, (wait.count() + 999) / 1000))},
      {"application_name", "moncompte"},
      {"keepalives", "1"},
      {"keepalives_idle", "30"},
      {"keepalives_interval", "10"},
      {"keepalives_count", "3"},
      // Unacknowledged data for 15 s (a primary that vanished from the network): give up.
      {"tcp_user_timeout", "15000"},
  };
  std::string options = session_defaults(wait);
  for (auto* o = parsed.get(); o->keyword; ++o) {
    if (!o->val || !*o->val) continue;
    std::string key = o->keyword;
    if (key == "options") {
      options += ' ';
      options += o->val;  // later -c settings win in the server
      continue;
    }
    std::erase_if(out, [&](const auto& kv) { return kv.first == key; });
    out.emplace_back(key, o->val);
  }
  out.emplace_back("options", options);
  return out;
}

std::string redact(const std::string& url) {
  // postgresql://user:secret@host/… → postgresql://user:***@host/…
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  auto at = url.find('@', scheme + 3);
  auto slash = url.find('/', scheme + 3);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

long Result::affected() const {
  const char* n = PQcmdTuples(r_);
  long v = 0;
  std::from_chars(n, n + std::char_traits<char>::length(n), v);
  return v;
}

std::int64_t Result::i64(int row, int col) const {
  const char* p = PQgetvalue(r_, row, col);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(p, p + PQgetlength(r_, row, col), v);
  if (ec != std::errc()) throw std::runtime_error("PostgreSQL: expected an integer, got '" + std::string(p) + "'");
  return v;
}

Conn::Conn(const ConnParams& params) {
  std::vector<const char*> keys, vals;
  for (const auto& [k, v] : params) {
    keys.push_back(k.c_str());
    vals.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  vals.push_back(nullptr);
  c_ = PQconnectdbParams(keys.data(), vals.data(), 0);
  if (!c_) throw StorageError(StorageError::Cause::connection_lost, "postgresql", "connect", "out of memory");
  if (PQstatus(c_) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(c_);
    c_ = nullptr;
    // Authentication and "database does not exist" failures also land here; they are reported
    // as unavailable too, and the message says which it is.
    throw StorageError(StorageError::Cause::connection_lost, "postgresql", "connect", msg);
  }
}

void Conn::fail(const PGresult* r, std::string_view what) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  // The primary message only: DETAIL lines may quote row values (personal data) and must not
  // reach the logs.
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string detail;
  if (state) detail += std::string("[") + state + "] ";
  detail += primary ? primary : PQerrorMessage(c_);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  std::string msg = "PostgreSQL " + std::string(what) + ": " + detail;
  switch (classify(state ? state : "", ok())) {
    case Failure::unavailable: throw StorageError(cause_of(state ? state : "", ok()), "postgresql", std::string(what), detail);
    case Failure::retry: throw Retryable{msg};
    case Failure::other: break;
  }
  throw std::runtime_error(msg);
}

Result Conn::check(PGresult* r, std::string_view what) {
  Result owned(r);
  auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return owned;
  fail(r, what);
}

Result Conn::exec(const char* sql, const Params& p) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "mc" + std::to_string(prepared_.size());
    check(PQprepare(c_, name.c_str(), sql, 0, nullptr), "prepare");
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  auto values = p.pointers();
  return check(PQexecPrepared(c_, it->second.c_str(), p.size(), values.data(), nullptr, nullptr, 0), "statement");
}

void Conn::exec_script(const std::string& sql) { (void)check(PQexec(c_, sql.c_str()), "script"); }

void Conn::copy_begin(const std::string& sql) {
  PGresult* r = PQexec(c_, sql.c_str());
  if (r && PQresultStatus(r) == PGRES_COPY_IN) {
    PQclear(r);
    return;
  }
  Result owned(r);
  fail(r, "copy");
}

void Conn::copy_put(std::string_view data) {
  if (PQputCopyData(c_, data.data(), static_cast<int>(data.size())) != 1) fail(nullptr, "copy");
}

void Conn::copy_end() {
  if (PQputCopyEnd(c_, nullptr) != 1) fail(nullptr, "copy");
  // The COPY's own result, then nothing (the connection is idle again).
  PGresult* verdict = nullptr;
  while (PGresult* r = PQgetResult(c_)) {
    if (!verdict) verdict = r;
    else PQclear(r);
  }
  (void)check(verdict, "copy");
}

bool Conn::still_alive() {
  if (!ok()) return false;
  pollfd fd{PQsocket(c_), POLLIN, 0};
  if (fd.fd < 0) return false;
  int n = ::poll(&fd, 1, 0);
  return n == 0;  // readable, hung up or in error: the server has spoken or gone
}

}  // namespace mc::storage::pg
