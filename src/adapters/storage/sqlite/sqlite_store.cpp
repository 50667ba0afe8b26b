#include <algorithm>
#include <memory>

#include "adapters/storage/rows.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"
#include "adapters/storage/sqlite/sqlite_sql.hpp"
#include "core/ports/store.hpp"
#include "core/storage_wait.hpp"

namespace mc::storage {

namespace {

namespace sql = sqlite_sql::store;

}  // namespace

namespace sqlite_detail {

lockout::Record read_lockout_row(Db& db, std::string_view nir13) {
  auto st = db.prepare(shared_sql::kReadLockout.lite);
  st.bind(1, nir13);
  if (!st.step()) return {};
  return rows::lockout(st);
}

void write_lockout_row(Db& db, std::string_view nir13, const lockout::Record& r) {
  db.run(sql::kWriteLockout, nir13, r.failures, opt_ms(r.locked_until), r.permanently_locked, opt_ms(r.last_failure_at),
         r.lock_pending);
}

}  // namespace sqlite_detail

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
      db->run(sql::kUpsertOrganisme, o.code, o.regime, o.name, o.online_space, o.phone, o.address);
    }
    for (const auto& r : b.register_entries) {
      db->run(shared_sql::kUpsertRegister.lite, r.nir13, r.sex, r.family_name, r.given_names, r.birth_date,
              r.birth_place_insee, r.birth_place_label, r.birth_country, r.address, r.postal_code, r.city, r.email,
              r.phone, r.organisme, r.vitale_serial, r.iban_last7, r.rights_from, r.rights_to, r.css, r.ald);
    }
    for (const auto& a : b.accounts) {
      db->run(sql::kUpsertAccount, a.nir13, account::to_string(a.state), a.password_hash, a.email_verified,
              to_millis(now), opt_ms(a.last_login_at));
      write_lockout_row(*db, a.nir13, a.lock);
    }
    tx.commit();
  }

  std::optional<account::Member> find_member(std::string_view nir13) override {
    return select_first(shared_sql::kFindMember.lite, rows::member<Stmt>, nir13);
  }

  std::vector<account::Organisme> list_organismes() override {
    return select_all(sql::kListOrganismes, [](const Stmt& r) { return rows::organisme(r); });
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
      db->run(shared_sql::kInsertAttempt.lite, nir13, to_millis(at), d.outcome, client_ip);
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
      db->run(shared_sql::kSetAttemptOutcome.lite, attempt_id, outcome);
      auto h = db->prepare(shared_sql::kSettleSignIn.lite);
      h.bind(1, attempt_id).bind(2, outcome);
      h.run();
    }
    if (sign_in) {
      if (sign_in->new_hash) {
        db->run(shared_sql::kMarkSignedInRehash.lite, nir13, to_millis(sign_in->at), *sign_in->new_hash);
      } else {
        db->run(shared_sql::kMarkSignedIn.lite, nir13, to_millis(sign_in->at));
      }
      const auto& ss = sign_in->session;
      db->run(shared_sql::kCreateSession.lite, ss.id_hash, ss.subject, ss.kind, to_millis(ss.created_at),
              to_millis(ss.last_seen_at), ss.csrf_token, ss.auth_method, ss.franceconnect_id_token);
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
    db->run(shared_sql::kInsertAttempt.lite, nir13, to_millis(at), outcome, ip);
  }

  std::vector<ports::AttemptLogEntry> recent_attempts(std::string_view nir13, int limit) override {
    return select_all(
        shared_sql::kRecentAttempts.lite,
        [](const Stmt& r) {
          return ports::AttemptLogEntry{from_millis(r.i64(0)), r.text(1), r.text(2)};
        },
        nir13, limit);
  }

  void mark_signed_in(std::string_view nir13, Instant at, const std::optional<std::string>& new_hash) override {
    auto db = lease();
    if (new_hash) {
      db->run(shared_sql::kMarkSignedInRehash.lite, nir13, to_millis(at), *new_hash);
    } else {
      db->run(shared_sql::kMarkSignedIn.lite, nir13, to_millis(at));
    }
  }

  void set_account_state(std::string_view nir13, account::State state) override {
    auto db = lease();
    db->run(shared_sql::kSetState.lite, nir13, account::to_string(state));
  }

  void create_session(const ports::Session& s) override {
    auto db = lease();
    db->run(shared_sql::kCreateSession.lite, s.id_hash, s.subject, s.kind, to_millis(s.created_at),
            to_millis(s.last_seen_at), s.csrf_token, s.auth_method, s.franceconnect_id_token);
  }

  std::optional<ports::Session> find_session(std::string_view id_hash) override {
    return select_first(shared_sql::kFindSession.lite, rows::session<Stmt>, id_hash);
  }

  void touch_session(std::string_view id_hash, Instant at) override {
    auto db = lease();
    db->run(shared_sql::kTouchSession.lite, id_hash, to_millis(at));
  }

  void delete_session(std::string_view id_hash) override {
    auto db = lease();
    db->run(shared_sql::kDeleteSession.lite, id_hash);
  }

  void delete_sessions_of(std::string_view subject, std::string_view kind, std::string_view except) override {
    auto db = lease();
    db->run(shared_sql::kDeleteSessionsOf.lite, subject, kind, except);
  }
};

}  // namespace

std::unique_ptr<ports::Store> sqlite_detail::make_sign_in_store(SqlitePool& pool) {
  return std::make_unique<SqliteSignInStore>(pool);
}

}  // namespace mc::storage
