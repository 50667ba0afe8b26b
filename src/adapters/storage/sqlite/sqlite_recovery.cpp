// SQLite: codes, outboxes, rate limits and account changes (see core/ports/ for the contract).
#include <memory>

#include "adapters/storage/letter_json.hpp"
#include "adapters/storage/rows.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"
#include "adapters/storage/sqlite/sqlite_sql.hpp"
#include "core/ports/account_store.hpp"
#include "core/ports/code_store.hpp"
#include "core/ports/outbox_store.hpp"
#include "core/ports/rate_limiter.hpp"

namespace mc::storage {

namespace {
namespace sql = sqlite_sql::recovery;

ports::OutboxStore::Counts counts(Db& db, const char* query) {
  ports::OutboxStore::Counts c;
  auto st = db.prepare(query);
  while (st.step()) {
    auto status = st.text(0);
    if (status == "pending") c.pending = st.i64(1);
    if (status == "sent") c.sent = st.i64(1);
    if (status == "failed") c.failed = st.i64(1);
  }
  return c;
}

}  // namespace

namespace sqlite_detail {
void insert_mail(Db& db, const outbox::Mail& m, Instant now) {
  db.run(shared_sql::kInsertMail.lite, to_millis(now), m.to, m.subject, seal_body(m.text), seal_body(m.html), m.kind,
         m.member);
}
void write_contact(Db& db, std::string_view nir13, const account::ContactChange& c) {
  db.run(shared_sql::kUpdateContact.lite, nir13, c.email.value_or(""), c.phone.value_or(""), c.address.value_or(""),
         c.postal_code.value_or(""), c.city.value_or(""));
  if (c.email) {
    auto u = db.prepare(shared_sql::kEmailUnverified.lite);
    u.bind(1, nir13);
    u.run();
  }
}
void insert_letter(Db& db, const outbox::Letter& l, Instant now) {
  db.run(shared_sql::kInsertLetter.lite, to_millis(now), l.kind, letter_to_json(l));
}
}  // namespace sqlite_detail

namespace {

class SqliteCodeStore final : public ports::CodeStore, SqlitePort {
 public:
  explicit SqliteCodeStore(SqlitePool& pool) : SqlitePort(pool) {}

  std::int64_t issue_code(const token::CodeRecord& c, bool create_pending_account,
                          const std::optional<outbox::Mail>& mail,
                          const std::optional<outbox::Letter>& letter) override {
    auto db = lease();
    Transaction tx(*db);
    if (create_pending_account) {
      db->run(sql::kCreatePending, c.nir13, to_millis(c.created_at));
    }
    db->run(shared_sql::kVoidOpenCodes.lite, c.nir13, token::to_string(c.purpose), to_millis(c.created_at));
    db->run(shared_sql::kInsertCode.lite, c.nir13, token::to_string(c.purpose), token::to_string(c.channel),
            c.secret_hash, to_millis(c.created_at), to_millis(c.expires_at), c.detail);
    std::int64_t id = sqlite3_last_insert_rowid(db->raw());
    if (mail) insert_mail(*db, *mail, c.created_at);
    if (letter) insert_letter(*db, *letter, c.created_at);
    tx.commit();
    return id;
  }

  std::optional<token::CodeRecord> find_code_by_hash(std::string_view secret_hash) override {
    return select_first(shared_sql::kFindCodeByHash.lite, rows::code<Stmt>, secret_hash);
  }

  std::optional<token::CodeRecord> find_open_code(std::string_view nir13, token::Purpose purpose) override {
    return select_first(shared_sql::kFindOpenCode.lite, rows::code<Stmt>, nir13, token::to_string(purpose));
  }

  int record_code_failure(std::int64_t id) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kCodeFailure.lite);
    st.bind(1, id);
    int n = st.step() ? static_cast<int>(st.i64(0)) : token::kMaxCodeTries;
    while (st.step()) {
    }
    return n;
  }

  ports::RedeemResult redeem(std::int64_t code_id, Instant now, const ports::CredentialChange& ch) override {
    auto db = lease();
    Transaction tx(*db);
    lockout::Record lock = read_lockout_row(*db, ch.nir13);
    if (ch.lift_temporary_lock && lock.permanently_locked) return ports::RedeemResult::permanently_locked;
    {
      db->run(shared_sql::kConsume.lite, code_id, to_millis(now), token::kMaxCodeTries);
      if (sqlite3_changes(db->raw()) != 1) return ports::RedeemResult::unusable;
    }
    if (ch.new_password_hash) {
      db->run(shared_sql::kSetPassword.lite, ch.nir13, *ch.new_password_hash);
    }
    if (ch.activate) {
      db->run(shared_sql::kActivate.lite, ch.nir13);
    }
    if (ch.mark_email_verified) {
      db->run(sql::kEmailVerified, ch.nir13);
    }
    if (ch.new_email) {
      db->run(shared_sql::kSetEmail.lite, ch.nir13, *ch.new_email);
    }
    if (ch.lift_temporary_lock) {
      write_lockout_row(*db, ch.nir13, lockout::cleared(lock, false));
      clear_device_counters(*db, ch.nir13, /*keep_permanent=*/true);
    }
    if (ch.revoke_devices_except) revoke_devices_except(*db, ch.nir13, *ch.revoke_devices_except);
    if (ch.end_sessions) {
      db->run(shared_sql::kEndSessions.lite, ch.nir13, "");
    }
    if (ch.notice) insert_mail(*db, *ch.notice, now);
    tx.commit();
    return ports::RedeemResult::ok;
  }
};

class SqliteOutboxStore final : public ports::OutboxStore, SqlitePort {
 public:
  explicit SqliteOutboxStore(SqlitePool& pool) : SqlitePort(pool) {}

  void enqueue_mail(const outbox::Mail& mail, Instant now) override {
    auto db = lease();
    insert_mail(*db, mail, now);
  }

  void enqueue_letter(const outbox::Letter& letter, Instant now) override {
    auto db = lease();
    insert_letter(*db, letter, now);
  }

  std::optional<outbox::PendingMail> claim_mail(Instant now, Duration lease_for) override {
    auto db = lease();
    Transaction tx(*db);
    auto mail = [](const Stmt& r) {
      return outbox::PendingMail{r.i64(0),
                                 {r.text(1), r.text(2), open_body(r.text(3)), open_body(r.text(4)), r.text(5)},
                                 static_cast<int>(r.i64(6))};
    };
    auto out = db->first(sql::kClaimMail, mail, to_millis(now), to_millis(now + lease_for));
    tx.commit();
    return out;
  }

  std::optional<outbox::PendingLetter> claim_letter(Instant now, Duration lease_for) override {
    auto db = lease();
    Transaction tx(*db);
    auto letter = [](const Stmt& r) {
      return outbox::PendingLetter{r.i64(0), letter_from_json(r.text(1)), static_cast<int>(r.i64(2))};
    };
    auto out = db->first(sql::kClaimLetter, letter, to_millis(now), to_millis(now + lease_for));
    tx.commit();
    return out;
  }

  void mail_done(std::int64_t id, Instant now) override {
    auto db = lease();
    db->run(shared_sql::kMailDone.lite, id, to_millis(now));
  }

  void letter_done(std::int64_t id, Instant now, const std::string& file_name) override {
    auto db = lease();
    db->run(shared_sql::kLetterDone.lite, id, to_millis(now), file_name);
  }

  void mail_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) override {
    auto db = lease();
    db->run(sql::kMailFailed, id, error, to_millis(retry_at), give_up);
  }

  void letter_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) override {
    auto db = lease();
    db->run(sql::kLetterFailed, id, error, to_millis(retry_at), give_up);
  }

  ports::OutboxStore::Counts mail_counts() override {
    auto db = lease();
    return counts(*db, shared_sql::kMailCounts.lite);
  }

  ports::OutboxStore::Counts letter_counts() override {
    auto db = lease();
    return counts(*db, shared_sql::kLetterCounts.lite);
  }
};

class SqliteRateLimiter final : public ports::RateLimiter, SqlitePort {
 public:
  explicit SqliteRateLimiter(SqlitePool& pool) : SqlitePort(pool) {}

  int hit(std::string_view key, Instant now, Duration window) override {
    auto db = lease();
    Transaction tx(*db);
    db->run(shared_sql::kHitPrune.lite, key, to_millis(now - window));
    db->run(shared_sql::kHit.lite, key, to_millis(now));
    auto st = db->prepare(shared_sql::kHitCount.lite);
    st.bind(1, key).bind(2, to_millis(now - window));
    int n = st.step() ? static_cast<int>(st.i64(0)) : 0;
    while (st.step()) {
    }
    tx.commit();
    return n;
  }
};

class SqliteAccountStore final : public ports::AccountStore, SqlitePort {
 public:
  explicit SqliteAccountStore(SqlitePool& pool) : SqlitePort(pool) {}

  bool update(const ports::AccountChange& ch) override {
    auto db = lease();
    Transaction tx(*db);
    {
      auto st = db->prepare(shared_sql::kAccountExists.lite);
      st.bind(1, ch.nir13);
      if (!st.step()) return false;
    }
    if (ch.password_hash) {
      db->run(shared_sql::kSetPassword.lite, ch.nir13, *ch.password_hash);
      auto end = db->prepare(shared_sql::kEndSessions.lite);
      end.bind(1, ch.nir13).bind(2, ch.keep_session_hash);
      end.run();
    }
    if (ch.contact) write_contact(*db, ch.nir13, *ch.contact);
    if (ch.notice) insert_mail(*db, *ch.notice, ch.at);
    tx.commit();
    return true;
  }

  int deactivate_idle(Instant cutoff) override {
    auto db = lease();
    db->run(shared_sql::kDeactivate.lite, to_millis(cutoff));
    return sqlite3_changes(db->raw());
  }

  std::vector<std::string> take_inactivity_warnings(Instant warn_cutoff, Instant now) override {
    auto db = lease();
    Transaction tx(*db);
    auto out = db->rows(
        shared_sql::kWarn.lite, [](const Stmt& r) { return r.text(0); }, to_millis(warn_cutoff), to_millis(now));
    tx.commit();
    return out;
  }
};

}  // namespace

std::unique_ptr<ports::CodeStore> sqlite_detail::make_code_store(SqlitePool& pool) {
  return std::make_unique<SqliteCodeStore>(pool);
}

std::unique_ptr<ports::OutboxStore> sqlite_detail::make_outbox_store(SqlitePool& pool) {
  return std::make_unique<SqliteOutboxStore>(pool);
}

std::unique_ptr<ports::RateLimiter> sqlite_detail::make_rate_limiter(SqlitePool& pool) {
  return std::make_unique<SqliteRateLimiter>(pool);
}

std::unique_ptr<ports::AccountStore> sqlite_detail::make_account_store(SqlitePool& pool) {
  return std::make_unique<SqliteAccountStore>(pool);
}

}  // namespace mc::storage
