#include <memory>

#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/postgres/postgres_ports.hpp"
#include "adapters/storage/postgres/postgres_sql.hpp"
#include "adapters/storage/rows.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "core/ports/store.hpp"

namespace mc::storage {

namespace {

namespace sql = pg_sql::store;

lockout::Record lockout_of(const Result& r) {
  if (r.empty()) return {};
  return rows::lockout(r.row(0));
}

}  // namespace

namespace pg_detail {

lockout::Record read_lockout_row(Conn& c, std::string_view nir13) {
  return lockout_of(c.exec(shared_sql::kReadLockout.pg, params(nir13)));
}

lockout::Record lock_lockout_row(Conn& c, std::string_view nir13) {
  auto locked = c.exec(sql::kLockLockout, params(nir13));
  if (locked.empty()) {
    (void)c.exec(sql::kCreateLockout, params(nir13));
    locked = c.exec(sql::kLockLockout, params(nir13));
  }
  return lockout_of(locked);
}

void write_locked_lockout_row(Conn& c, std::string_view nir13, const lockout::Record& r) {
  (void)c.exec(sql::kUpdateLockout, params(nir13, r.failures, opt_ms(r.locked_until), r.permanently_locked,
                                           opt_ms(r.last_failure_at), r.lock_pending));
}

}  // namespace pg_detail

namespace {

class PostgresSignInStore final : public ports::Store, PgPort {
 public:
  explicit PostgresSignInStore(pg::Pool& pool) : PgPort(pool) {}

  bool ping() override {
    // A StorageError says why (/healthz); the pool's backoff answers at once while the server is
    // known to be down, and connect_timeout bounds the first try.
    try {
      return run([](Conn& c) { return !c.exec(sql::kPing).boolean(0, 0); });
    } catch (const StorageError&) {
      throw;
    } catch (...) {
      return false;
    }
  }

  void import_batch(const ports::ImportBatch& b, Instant now) override {
    run([&](Conn& c) {
      Transaction tx(c);
      for (const auto& o : b.organismes)
        (void)c.exec(sql::kUpsertOrganisme, params(o.code, o.regime, o.name, o.online_space, o.phone, o.address));
      for (const auto& r : b.register_entries)
        (void)c.exec(shared_sql::kUpsertRegister.pg,
                     params(r.nir13, r.sex, r.family_name, r.given_names, r.birth_date, r.birth_place_insee,
                            r.birth_place_label, r.birth_country, r.address, r.postal_code, r.city, r.email, r.phone,
                            r.organisme, r.vitale_serial, r.iban_last7, r.rights_from, r.rights_to, r.css, r.ald));
      for (const auto& a : b.accounts) {
        (void)c.exec(sql::kUpsertAccount, params(a.nir13, account::to_string(a.state), a.password_hash,
                                                 a.email_verified, to_millis(now), opt_ms(a.last_login_at)));
        (void)c.exec(sql::kWriteLockout, params(a.nir13, a.lock.failures, opt_ms(a.lock.locked_until),
                                                a.lock.permanently_locked, opt_ms(a.lock.last_failure_at)));
      }
      tx.commit();
    });
  }

  std::optional<account::Member> find_member(std::string_view nir13) override {
    return select_first(shared_sql::kFindMember.pg, rows::member<pg::Row>, nir13);
  }

  lockout::Record read_lockout(std::string_view nir13) override {
    return run([&](Conn& c) { return lockout_of(c.exec(shared_sql::kReadLockout.pg, params(nir13))); });
  }

  lockout::Record update_lockout(std::string_view nir13,
                                 const std::function<lockout::Record(const lockout::Record&)>& change) override {
    // `change` may run more than once if the transaction is retried; it is a pure function of the
    // record it is given, and only the committed run's result is returned.
    return run([&](Conn& c) {
      Transaction tx(c);
      lockout::Record current = lock_lockout_row(c, nir13);
      lockout::Record next = change(current);
      if (!(next == current)) write_locked_lockout_row(c, nir13, next);
      tx.commit();
      return next;
    });
  }

  std::vector<account::Organisme> list_organismes() override {
    return select_all(sql::kListOrganismes, [](const pg::Row& r) { return rows::organisme(r); });
  }

  std::int64_t reserve_attempt(std::string_view nir13, std::string_view counter, Instant at, std::string_view client_ip,
                               const std::function<Decision(const lockout::Record&)>& decide) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      lockout::Record current = lock_lockout_row(c, counter);
      Decision d = decide(current);
      if (!(d.record == current)) write_locked_lockout_row(c, counter, d.record);
      std::int64_t id = 0;
      if (!d.outcome.empty()) {  // nothing to log when the attempt is only waiting
        auto st = c.exec(sql::kInsertAttemptReturning, params(nir13, to_millis(at), d.outcome, client_ip));
        id = st.i64(0, 0);
        if (d.history)  // same transaction: the member's history costs no extra commit
          (void)c.exec(shared_sql::kInsertSignIn.pg, params(id, nir13, to_millis(at), d.outcome, d.history->channel,
                                                            d.history->device_id, d.history->source));
      }
      tx.commit();
      return id;
    });
  }

  void settle_attempt(std::int64_t attempt_id, std::string_view nir13, std::string_view counter,
                      const std::function<lockout::Record(const lockout::Record&)>& after, std::string_view outcome,
                      const std::optional<SignIn>& sign_in) override {
    run([&](Conn& c) {
      Transaction tx(c);
      lockout::Record current = lock_lockout_row(c, counter);
      lockout::Record next = after(current);
      if (!(next == current)) write_locked_lockout_row(c, counter, next);
      (void)c.exec(shared_sql::kSetAttemptOutcome.pg, params(attempt_id, outcome));
      (void)c.exec(shared_sql::kSettleSignIn.pg, params(attempt_id, outcome));
      if (sign_in) {
        if (sign_in->new_hash)
          (void)c.exec(shared_sql::kMarkSignedInRehash.pg, params(nir13, to_millis(sign_in->at), *sign_in->new_hash));
        else
          (void)c.exec(shared_sql::kMarkSignedIn.pg, params(nir13, to_millis(sign_in->at)));
        const auto& s = sign_in->session;
        (void)c.exec(shared_sql::kCreateSession.pg,
                     params(s.id_hash, s.subject, s.kind, to_millis(s.created_at), to_millis(s.last_seen_at),
                            s.csrf_token, s.auth_method, s.franceconnect_id_token));
        if (sign_in->device) upsert_device(c, *sign_in->device);
      }
      tx.commit();
    });
  }

  void confirm_lock(std::string_view counter, Instant now, const std::optional<outbox::Mail>& notice) override {
    run([&](Conn& c) {
      Transaction tx(c);
      lockout::Record current = lock_lockout_row(c, counter);
      lockout::Record next = lockout::confirmed(current);
      if (!(next == current)) write_locked_lockout_row(c, counter, next);
      if (notice) insert_mail(c, *notice, now);
      tx.commit();
    });
  }

  void record_attempt(std::string_view nir13, Instant at, std::string_view outcome, std::string_view ip) override {
    run([&](Conn& c) { (void)c.exec(shared_sql::kInsertAttempt.pg, params(nir13, to_millis(at), outcome, ip)); });
  }

  std::vector<ports::AttemptLogEntry> recent_attempts(std::string_view nir13, int limit) override {
    return select_all(
        shared_sql::kRecentAttempts.pg,
        [](const pg::Row& r) {
          return ports::AttemptLogEntry{from_millis(r.i64(0)), r.text(1), r.text(2)};
        },
        nir13, limit);
  }

  void mark_signed_in(std::string_view nir13, Instant at, const std::optional<std::string>& new_hash) override {
    run([&](Conn& c) {
      if (new_hash)
        (void)c.exec(shared_sql::kMarkSignedInRehash.pg, params(nir13, to_millis(at), *new_hash));
      else
        (void)c.exec(shared_sql::kMarkSignedIn.pg, params(nir13, to_millis(at)));
    });
  }

  void set_account_state(std::string_view nir13, account::State state) override {
    run([&](Conn& c) { (void)c.exec(shared_sql::kSetState.pg, params(nir13, account::to_string(state))); });
  }

  void create_session(const ports::Session& s) override {
    run([&](Conn& c) {
      (void)c.exec(shared_sql::kCreateSession.pg,
                   params(s.id_hash, s.subject, s.kind, to_millis(s.created_at), to_millis(s.last_seen_at),
                          s.csrf_token, s.auth_method, s.franceconnect_id_token));
    });
  }

  std::optional<ports::Session> find_session(std::string_view id_hash) override {
    return select_first(shared_sql::kFindSession.pg, rows::session<pg::Row>, id_hash);
  }

  void touch_session(std::string_view id_hash, Instant at) override {
    run([&](Conn& c) { (void)c.exec(shared_sql::kTouchSession.pg, params(id_hash, to_millis(at))); });
  }

  void delete_session(std::string_view id_hash) override {
    run([&](Conn& c) { (void)c.exec(shared_sql::kDeleteSession.pg, params(id_hash)); });
  }

  void delete_sessions_of(std::string_view subject, std::string_view kind, std::string_view except) override {
    run([&](Conn& c) { (void)c.exec(shared_sql::kDeleteSessionsOf.pg, params(subject, kind, except)); });
  }
};

}  // namespace

std::unique_ptr<ports::Store> pg_detail::make_sign_in_store(pg::Pool& pool) {
  return std::make_unique<PostgresSignInStore>(pool);
}

}  // namespace mc::storage
