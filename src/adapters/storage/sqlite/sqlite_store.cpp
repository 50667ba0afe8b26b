#include <algorithm>
#include <memory>

#include "adapters/storage/rows.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"
#include "core/ports/store.hpp"
#include "core/storage_wait.hpp"

namespace mc::storage {

using sqlite::Db;
using sqlite::Stmt;
using sqlite::Transaction;

namespace {

namespace sql {
constexpr const char* kListOrganismes =
    "SELECT code, regime, name, online_space, phone, address FROM organismes ORDER BY name, code";
constexpr const char* kWriteLockout =
    "INSERT INTO lockouts (nir13, failures, locked_until, permanently_locked, last_failure_at, lock_pending)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(nir13) DO UPDATE SET failures = excluded.failures,"
    " locked_until = excluded.locked_until, permanently_locked = excluded.permanently_locked,"
    " last_failure_at = excluded.last_failure_at, lock_pending = excluded.lock_pending";
constexpr const char* kInsertAttempt =
    "INSERT INTO login_attempts (nir13, at, outcome, client_ip) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kUpsertOrganisme =
    "INSERT INTO organismes (code, regime, name, online_space, phone, address) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    " ON CONFLICT(code) DO UPDATE SET regime = excluded.regime, name = excluded.name,"
    " online_space = excluded.online_space, phone = excluded.phone, address = excluded.address";
constexpr const char* kUpsertAccount =
    "INSERT INTO accounts (nir13, state, password_hash, email_verified, created_at, last_login_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(nir13) DO UPDATE SET state = excluded.state,"
    " password_hash = excluded.password_hash, email_verified = excluded.email_verified,"
    " last_login_at = excluded.last_login_at";
}  // namespace sql

}  // namespace

namespace sqlite_detail {

lockout::Record read_lockout_row(Db& db, std::string_view nir13) {
  auto st = db.prepare(shared_sql::kReadLockout.lite);
  st.bind(1, nir13);
  if (!st.step()) return {};
  return rows::lockout(st);
}

void write_lockout_row(Db& db, std::string_view nir13, const lockout::Record& r) {
  auto st = db.prepare(sql::kWriteLockout);
  st.bind(1, nir13).bind(2, r.failures).bind(3, opt_ms(r.locked_until)).bind(4, r.permanently_locked).bind(5, opt_ms(r.last_failure_at));
  st.bind(6, r.lock_pending);
  st.run();
}

}  // namespace sqlite_detail

namespace {

using namespace sqlite_detail;

}  // namespace

namespace {

class SqliteSignInStore final : public ports::Store, SqlitePort {
 public:
  explicit SqliteSignInStore(SqlitePool& pool) : SqlitePort(pool) {}

  bool ping() override {
    // Readers are never blocked in WAL mode, so a plain SELECT would say "ok" while another
    // program holds the write lock: take the write lock for a moment, within a short budget.
    storage_wait::Scope budget(std::chrono::milliseconds(std::min<long long>(pool_.wait().count(), 500)));
    try {
      auto db = lease();
      Transaction tx(*db);
      auto st = db->prepare("SELECT count(*) FROM schema_migrations");
      return st.step();
    } catch (const StorageError&) {
      throw;  // the edge says why (/healthz)
    } catch (...) {
      return false;
    }
  }

  void import_batch(const ports::ImportBatch& b, Instant now) override {
    auto db = lease();
    Transaction tx(*db);
    for (const auto& o : b.organismes) {
      auto st = db->prepare(sql::kUpsertOrganisme);
      st.bind(1, o.code).bind(2, o.regime).bind(3, o.name).bind(4, o.online_space).bind(5, o.phone).bind(6, o.address);
      st.run();
    }
    for (const auto& r : b.register_entries) {
      auto st = db->prepare(shared_sql::kUpsertRegister.lite);
      st.bind(1, r.nir13).bind(2, r.sex).bind(3, r.family_name).bind(4, r.given_names).bind(5, r.birth_date);
      st.bind(6, r.birth_place_insee).bind(7, r.birth_place_label).bind(8, r.birth_country).bind(9, r.address);
      st.bind(10, r.postal_code).bind(11, r.city).bind(12, r.email).bind(13, r.phone).bind(14, r.organisme);
      st.bind(15, r.vitale_serial).bind(16, r.iban_last7).bind(17, r.rights_from).bind(18, r.rights_to);
      st.bind(19, r.css).bind(20, r.ald);
      st.run();
    }
    for (const auto& a : b.accounts) {
      auto st = db->prepare(sql::kUpsertAccount);
      st.bind(1, a.nir13).bind(2, account::to_string(a.state)).bind(3, a.password_hash).bind(4, a.email_verified);
      st.bind(5, to_millis(now)).bind(6, opt_ms(a.last_login_at));
      st.run();
      write_lockout_row(*db, a.nir13, a.lock);
    }
    tx.commit();
  }

  std::optional<account::Member> find_member(std::string_view nir13) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kFindMember.lite);
    st.bind(1, nir13);
    if (!st.step()) return std::nullopt;
    return rows::member(st);
  }

  std::vector<account::Organisme> list_organismes() override {
    auto db = lease();
    auto st = db->prepare(sql::kListOrganismes);
    std::vector<account::Organisme> out;
    while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5)});
    return out;
  }

  lockout::Record read_lockout(std::string_view nir13) override {
    auto db = lease();
    return read_lockout_row(*db, nir13);
  }

  lockout::Record update_lockout(std::string_view nir13,
                                 const std::function<lockout::Record(const lockout::Record&)>& change) override {
    auto db = lease();
    Transaction tx(*db);
    lockout::Record current = read_lockout_row(*db, nir13);
    lockout::Record next = change(current);
    if (!(next == current)) write_lockout_row(*db, nir13, next);
    tx.commit();
    return next;
  }

  std::int64_t reserve_attempt(std::string_view nir13, std::string_view counter, Instant at, std::string_view client_ip,
                               const std::function<Decision(const lockout::Record&)>& decide) override {
    auto db = lease();
    Transaction tx(*db);
    lockout::Record current = read_lockout_row(*db, counter);
    Decision d = decide(current);
    if (!(d.record == current)) write_lockout_row(*db, counter, d.record);
    std::int64_t id = 0;
    if (!d.outcome.empty()) {  // nothing to log when the attempt is only waiting
      auto st = db->prepare(sql::kInsertAttempt);
      st.bind(1, nir13).bind(2, to_millis(at)).bind(3, d.outcome).bind(4, client_ip);
      st.run();
      id = sqlite3_last_insert_rowid(db->raw());
      if (d.history) {  // same transaction: the member's history costs no extra commit
        auto h = db->prepare(shared_sql::kInsertSignIn.lite);
        h.bind(1, id).bind(2, nir13).bind(3, to_millis(at)).bind(4, d.outcome).bind(5, d.history->channel);
        h.bind(6, d.history->device_id).bind(7, d.history->source);
        h.run();
      }
    }
    tx.commit();
    return id;
  }

  void settle_attempt(std::int64_t attempt_id, std::string_view nir13, std::string_view counter,
                      const std::function<lockout::Record(const lockout::Record&)>& after, std::string_view outcome,
                      const std::optional<SignIn>& sign_in) override {
    auto db = lease();
    Transaction tx(*db);
    lockout::Record current = read_lockout_row(*db, counter);
    lockout::Record next = after(current);
    if (!(next == current)) write_lockout_row(*db, counter, next);
    {
      auto st = db->prepare(shared_sql::kSetAttemptOutcome.lite);
      st.bind(1, attempt_id).bind(2, outcome);
      st.run();
      auto h = db->prepare(shared_sql::kSettleSignIn.lite);
      h.bind(1, attempt_id).bind(2, outcome);
      h.run();
    }
    if (sign_in) {
      if (sign_in->new_hash) {
        auto st = db->prepare(shared_sql::kMarkSignedInRehash.lite);
        st.bind(1, nir13).bind(2, to_millis(sign_in->at)).bind(3, *sign_in->new_hash);
        st.run();
      } else {
        auto st = db->prepare(shared_sql::kMarkSignedIn.lite);
        st.bind(1, nir13).bind(2, to_millis(sign_in->at));
        st.run();
      }
      const auto& ss = sign_in->session;
      auto st = db->prepare(shared_sql::kCreateSession.lite);
      st.bind(1, ss.id_hash).bind(2, ss.subject).bind(3, ss.kind).bind(4, to_millis(ss.created_at));
      st.bind(5, to_millis(ss.last_seen_at))
          .bind(6, ss.csrf_token)
          .bind(7, ss.auth_method)
          .bind(8, ss.franceconnect_id_token);
      st.run();
      if (sign_in->device) upsert_device(*db, *sign_in->device);
    }
    tx.commit();
  }

  void confirm_lock(std::string_view counter, Instant now, const std::optional<outbox::Mail>& notice) override {
    auto db = lease();
    Transaction tx(*db);
    lockout::Record current = read_lockout_row(*db, counter);
    lockout::Record next = lockout::confirmed(current);
    if (!(next == current)) write_lockout_row(*db, counter, next);
    if (notice) insert_mail(*db, *notice, now);
    tx.commit();
  }

  void record_attempt(std::string_view nir13, Instant at, std::string_view outcome, std::string_view ip) override {
    auto db = lease();
    auto st = db->prepare(sql::kInsertAttempt);
    st.bind(1, nir13).bind(2, to_millis(at)).bind(3, outcome).bind(4, ip);
    st.run();
  }

  std::vector<ports::AttemptLogEntry> recent_attempts(std::string_view nir13, int limit) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kRecentAttempts.lite);
    st.bind(1, nir13).bind(2, limit);
    std::vector<ports::AttemptLogEntry> out;
    while (st.step()) out.push_back({from_millis(st.i64(0)), st.text(1), st.text(2)});
    return out;
  }

  void mark_signed_in(std::string_view nir13, Instant at, const std::optional<std::string>& new_hash) override {
    auto db = lease();
    if (new_hash) {
      auto st = db->prepare(shared_sql::kMarkSignedInRehash.lite);
      st.bind(1, nir13).bind(2, to_millis(at)).bind(3, *new_hash);
      st.run();
    } else {
      auto st = db->prepare(shared_sql::kMarkSignedIn.lite);
      st.bind(1, nir13).bind(2, to_millis(at));
      st.run();
    }
  }

  void set_account_state(std::string_view nir13, account::State state) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kSetState.lite);
    st.bind(1, nir13).bind(2, account::to_string(state));
    st.run();
  }

  void create_session(const ports::Session& s) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kCreateSession.lite);
    st.bind(1, s.id_hash).bind(2, s.subject).bind(3, s.kind).bind(4, to_millis(s.created_at));
    st.bind(5, to_millis(s.last_seen_at))
        .bind(6, s.csrf_token)
        .bind(7, s.auth_method)
        .bind(8, s.franceconnect_id_token);
    st.run();
  }

  std::optional<ports::Session> find_session(std::string_view id_hash) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kFindSession.lite);
    st.bind(1, id_hash);
    if (!st.step()) return std::nullopt;
    return rows::session(st);
  }

  void touch_session(std::string_view id_hash, Instant at) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kTouchSession.lite);
    st.bind(1, id_hash).bind(2, to_millis(at));
    st.run();
  }

  void delete_session(std::string_view id_hash) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kDeleteSession.lite);
    st.bind(1, id_hash);
    st.run();
  }

  void delete_sessions_of(std::string_view subject, std::string_view kind, std::string_view except) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kDeleteSessionsOf.lite);
    st.bind(1, subject).bind(2, kind).bind(3, except);
    st.run();
  }
};

}  // namespace

namespace sqlite_detail {

std::unique_ptr<ports::Store> make_sign_in_store(SqlitePool& pool) { return std::make_unique<SqliteSignInStore>(pool); }

}  // namespace sqlite_detail

}  // namespace mc::storage
