// PostgreSQL: codes, outboxes, rate limits and account changes (see core/ports/ for the contract;
// the SQLite twin is sqlite/sqlite_recovery.cpp). Where SQLite relies on BEGIN IMMEDIATE taking
// the database's one write lock, PostgreSQL needs an explicit row or advisory lock; each is named
// where it is taken.
#include <memory>

#include "adapters/storage/letter_json.hpp"
#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/postgres/postgres_ports.hpp"
#include "adapters/storage/postgres/postgres_sql.hpp"
#include "adapters/storage/rows.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "core/ports/account_store.hpp"
#include "core/ports/code_store.hpp"
#include "core/ports/outbox_store.hpp"
#include "core/ports/rate_limiter.hpp"

namespace mc::storage {

namespace {
namespace sql = pg_sql::recovery;

// The same JSON document as the SQLite store writes, so an export from one loads in the other.
ports::OutboxStore::Counts counts(Conn& c, const char* query) {
  ports::OutboxStore::Counts out;
  auto st = c.exec(query);
  for (int i = 0; i < st.rows(); ++i) {
    auto status = st.text(i, 0);
    if (status == "pending") out.pending = st.i64(i, 1);
    if (status == "sent") out.sent = st.i64(i, 1);
    if (status == "failed") out.failed = st.i64(i, 1);
  }
  return out;
}

}  // namespace

namespace pg_detail {
void insert_mail(Conn& c, const outbox::Mail& m, Instant now) {
  (void)c.exec(shared_sql::kInsertMail.pg,
               params(to_millis(now), m.to, m.subject, seal_body(m.text), seal_body(m.html), m.kind, m.member));
}
void write_contact(Conn& c, std::string_view nir13, const account::ContactChange& k) {
  (void)c.exec(shared_sql::kUpdateContact.pg,
               params(nir13, k.email.value_or(""), k.phone.value_or(""), k.address.value_or(""),
                      k.postal_code.value_or(""), k.city.value_or("")));
  if (k.email) (void)c.exec(shared_sql::kEmailUnverified.pg, params(nir13));
}
void insert_letter(Conn& c, const outbox::Letter& l, Instant now) {
  (void)c.exec(shared_sql::kInsertLetter.pg, params(to_millis(now), l.kind, letter_to_json(l)));
}
}  // namespace pg_detail

namespace {

class PostgresCodeStore final : public ports::CodeStore, PgPort {
 public:
  explicit PostgresCodeStore(pg::Pool& pool) : PgPort(pool) {}

  std::int64_t issue_code(const token::CodeRecord& code, bool create_pending_account,
                          const std::optional<outbox::Mail>& mail,
                          const std::optional<outbox::Letter>& letter) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      (void)c.exec(sql::kLockIssuer, params(code.nir13));
      if (create_pending_account) (void)c.exec(sql::kCreatePending, params(code.nir13, to_millis(code.created_at)));
      (void)c.exec(shared_sql::kVoidOpenCodes.pg,
                   params(code.nir13, token::to_string(code.purpose), to_millis(code.created_at)));
      auto inserted =
          c.exec(sql::kInsertCodeReturningId,
                 params(code.nir13, token::to_string(code.purpose), token::to_string(code.channel), code.secret_hash,
                        to_millis(code.created_at), to_millis(code.expires_at), code.detail));
      std::int64_t id = inserted.i64(0, 0);
      if (mail) insert_mail(c, *mail, code.created_at);
      if (letter) insert_letter(c, *letter, code.created_at);
      tx.commit();
      return id;
    });
  }

  std::optional<token::CodeRecord> find_code_by_hash(std::string_view secret_hash) override {
    return select_first(shared_sql::kFindCodeByHash.pg, rows::code<pg::Row>, secret_hash);
  }

  std::optional<token::CodeRecord> find_open_code(std::string_view nir13, token::Purpose purpose) override {
    return select_first(shared_sql::kFindOpenCode.pg, rows::code<pg::Row>, nir13, token::to_string(purpose));
  }

  int record_code_failure(std::int64_t id) override {
    return run([&](Conn& c) {
      auto st = c.exec(shared_sql::kCodeFailure.pg, params(id));
      return st.empty() ? token::kMaxCodeTries : static_cast<int>(st.i64(0, 0));
    });
  }

  ports::RedeemResult redeem(std::int64_t code_id, Instant now, const ports::CredentialChange& ch) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      // Lock the counter before reading it: a sign-in failing at the same moment must not have
      // its count overwritten by the reset's "cleared" record.
      lockout::Record lock;
      if (ch.lift_temporary_lock) {
        lock = lock_lockout_row(c, ch.nir13);
        if (lock.permanently_locked) return ports::RedeemResult::permanently_locked;
      }
      if (c.exec(shared_sql::kConsume.pg, params(code_id, to_millis(now), token::kMaxCodeTries)).affected() != 1)
        return ports::RedeemResult::unusable;
      if (ch.new_password_hash) (void)c.exec(shared_sql::kSetPassword.pg, params(ch.nir13, *ch.new_password_hash));
      if (ch.activate) (void)c.exec(shared_sql::kActivate.pg, params(ch.nir13));
      if (ch.mark_email_verified) (void)c.exec(sql::kEmailVerified, params(ch.nir13));
      if (ch.new_email) (void)c.exec(shared_sql::kSetEmail.pg, params(ch.nir13, *ch.new_email));
      if (ch.lift_temporary_lock) {
        write_locked_lockout_row(c, ch.nir13, lockout::cleared(lock, false));
        clear_device_counters(c, ch.nir13, /*keep_permanent=*/true);
      }
      if (ch.revoke_devices_except) revoke_devices_except(c, ch.nir13, *ch.revoke_devices_except);
      if (ch.end_sessions) (void)c.exec(shared_sql::kEndSessions.pg, params(ch.nir13, ""));
      if (ch.notice) insert_mail(c, *ch.notice, now);
      tx.commit();
      return ports::RedeemResult::ok;
    });
  }
};

class PostgresOutboxStore final : public ports::OutboxStore, PgPort {
 public:
  explicit PostgresOutboxStore(pg::Pool& pool) : PgPort(pool) {}

  void enqueue_mail(const outbox::Mail& mail, Instant now) override {
    run([&](Conn& c) { insert_mail(c, mail, now); });
  }

  void enqueue_letter(const outbox::Letter& letter, Instant now) override {
    run([&](Conn& c) { insert_letter(c, letter, now); });
  }

  std::optional<outbox::PendingMail> claim_mail(Instant now, Duration lease) override {
    auto mail = [](const pg::Row& r) {
      return outbox::PendingMail{r.i64(0),
                                 {r.text(1), r.text(2), open_body(r.text(3)), open_body(r.text(4)), r.text(5)},
                                 static_cast<int>(r.i64(6))};
    };
    return select_first(sql::kClaimMail, mail, to_millis(now), to_millis(now + lease));
  }

  std::optional<outbox::PendingLetter> claim_letter(Instant now, Duration lease) override {
    auto letter = [](const pg::Row& r) {
      return outbox::PendingLetter{r.i64(0), letter_from_json(r.text(1)), static_cast<int>(r.i64(2))};
    };
    return select_first(sql::kClaimLetter, letter, to_millis(now), to_millis(now + lease));
  }

  void mail_done(std::int64_t id, Instant now) override {
    run([&](Conn& c) { (void)c.exec(shared_sql::kMailDone.pg, params(id, to_millis(now))); });
  }

  void letter_done(std::int64_t id, Instant now, const std::string& file_name) override {
    run([&](Conn& c) { (void)c.exec(shared_sql::kLetterDone.pg, params(id, to_millis(now), file_name)); });
  }

  void mail_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) override {
    run([&](Conn& c) { (void)c.exec(sql::kMailFailed, params(id, error, to_millis(retry_at), give_up)); });
  }

  void letter_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) override {
    run([&](Conn& c) { (void)c.exec(sql::kLetterFailed, params(id, error, to_millis(retry_at), give_up)); });
  }

  ports::OutboxStore::Counts mail_counts() override {
    return run([&](Conn& c) { return counts(c, shared_sql::kMailCounts.pg); });
  }

  ports::OutboxStore::Counts letter_counts() override {
    return run([&](Conn& c) { return counts(c, shared_sql::kLetterCounts.pg); });
  }
};

class PostgresRateLimiter final : public ports::RateLimiter, PgPort {
 public:
  explicit PostgresRateLimiter(pg::Pool& pool) : PgPort(pool) {}

  int hit(std::string_view key, Instant now, Duration window) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      (void)c.exec(sql::kLockKey, params(key));
      (void)c.exec(shared_sql::kHitPrune.pg, params(key, to_millis(now - window)));
      (void)c.exec(shared_sql::kHit.pg, params(key, to_millis(now)));
      int n = static_cast<int>(c.exec(shared_sql::kHitCount.pg, params(key, to_millis(now - window))).i64(0, 0));
      tx.commit();
      return n;
    });
  }
};

class PostgresAccountStore final : public ports::AccountStore, PgPort {
 public:
  explicit PostgresAccountStore(pg::Pool& pool) : PgPort(pool) {}

  bool update(const ports::AccountChange& ch) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      if (c.exec(shared_sql::kAccountExists.pg, params(ch.nir13)).rows() == 0) return false;
      if (ch.password_hash) {
        (void)c.exec(shared_sql::kSetPassword.pg, params(ch.nir13, *ch.password_hash));
        (void)c.exec(shared_sql::kEndSessions.pg, params(ch.nir13, ch.keep_session_hash));
      }
      if (ch.contact) write_contact(c, ch.nir13, *ch.contact);
      if (ch.notice) insert_mail(c, *ch.notice, ch.at);
      tx.commit();
      return true;
    });
  }

  int deactivate_idle(Instant cutoff) override {
    return run([&](Conn& c) {
      return static_cast<int>(c.exec(shared_sql::kDeactivate.pg, params(to_millis(cutoff))).affected());
    });
  }

  std::vector<std::string> take_inactivity_warnings(Instant warn_cutoff, Instant now) override {
    return select_all(
        shared_sql::kWarn.pg, [](const pg::Row& r) { return r.text(0); }, to_millis(warn_cutoff), to_millis(now));
  }
};

}  // namespace

std::unique_ptr<ports::CodeStore> pg_detail::make_code_store(pg::Pool& pool) {
  return std::make_unique<PostgresCodeStore>(pool);
}

std::unique_ptr<ports::OutboxStore> pg_detail::make_outbox_store(pg::Pool& pool) {
  return std::make_unique<PostgresOutboxStore>(pool);
}

std::unique_ptr<ports::RateLimiter> pg_detail::make_rate_limiter(pg::Pool& pool) {
  return std::make_unique<PostgresRateLimiter>(pool);
}

std::unique_ptr<ports::AccountStore> pg_detail::make_account_store(pg::Pool& pool) {
  return std::make_unique<PostgresAccountStore>(pool);
}

}  // namespace mc::storage
