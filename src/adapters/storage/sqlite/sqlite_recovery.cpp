// SQLite: codes, outboxes, rate limits and account changes (see core/ports/ for the contract).
#include <memory>

#include "adapters/storage/letter_json.hpp"
#include "adapters/storage/rows.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"
#include "core/ports/account_store.hpp"
#include "core/ports/code_store.hpp"
#include "core/ports/outbox_store.hpp"
#include "core/ports/rate_limiter.hpp"

namespace mc::storage {

using sqlite::Db;
using sqlite::Stmt;
using sqlite::Transaction;
using namespace sqlite_detail;

namespace {
namespace sql {
constexpr const char* kVoidOpen =
    "UPDATE codes SET voided_at = ?3 WHERE nir13 = ?1 AND purpose = ?2 AND used_at IS NULL AND voided_at IS NULL";
constexpr const char* kInsertCode =
    "INSERT INTO codes (nir13, purpose, channel, secret_hash, created_at, expires_at, detail)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kCreatePending =
    "INSERT INTO accounts (nir13, state, password_hash, email_verified, created_at) VALUES (?1, 'pending', '', 0, ?2)"
    " ON CONFLICT(nir13) DO NOTHING";
constexpr const char* kEmailVerified = "UPDATE accounts SET email_verified = 1 WHERE nir13 = ?1";
constexpr const char* kClaimMail =
    "UPDATE mail_outbox SET next_attempt_at = ?2 WHERE id = (SELECT id FROM mail_outbox WHERE status = 'pending'"
    " AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT 1)"
    " RETURNING id, recipient, subject, text_body, html_body, kind, attempts";
constexpr const char* kClaimLetter =
    "UPDATE letter_outbox SET next_attempt_at = ?2 WHERE id = (SELECT id FROM letter_outbox WHERE status = 'pending'"
    " AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT 1) RETURNING id, content, attempts";
constexpr const char* kMailFailed =
    "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3,"
    " status = CASE WHEN ?4 THEN 'failed' ELSE status END,"
    " text_body = CASE WHEN ?4 THEN '' ELSE text_body END, html_body = CASE WHEN ?4 THEN '' ELSE html_body END WHERE id = ?1";
constexpr const char* kLetterFailed =
    "UPDATE letter_outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3,"
    " status = CASE WHEN ?4 THEN 'failed' ELSE status END,"
    " content = CASE WHEN ?4 THEN '{\"wiped\":true}' ELSE content END WHERE id = ?1";
}  // namespace sql

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
  auto st = db.prepare(shared_sql::kInsertMail.lite);
  st.bind(1, to_millis(now)).bind(2, m.to).bind(3, m.subject).bind(4, seal_body(m.text)).bind(5, seal_body(m.html)).bind(6, m.kind);
  st.bind(7, m.member);
  st.run();
}
void write_contact(Db& db, std::string_view nir13, const account::ContactChange& c) {
  auto st = db.prepare(shared_sql::kUpdateContact.lite);
  st.bind(1, nir13).bind(2, c.email.value_or("")).bind(3, c.phone.value_or("")).bind(4, c.address.value_or(""));
  st.bind(5, c.postal_code.value_or("")).bind(6, c.city.value_or(""));
  st.run();
  if (c.email) {
    auto u = db.prepare(shared_sql::kEmailUnverified.lite);
    u.bind(1, nir13);
    u.run();
  }
}
void insert_letter(Db& db, const outbox::Letter& l, Instant now) {
  auto st = db.prepare(shared_sql::kInsertLetter.lite);
  st.bind(1, to_millis(now)).bind(2, l.kind).bind(3, letter_to_json(l));
  st.run();
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
      auto st = db->prepare(sql::kCreatePending);
      st.bind(1, c.nir13).bind(2, to_millis(c.created_at));
      st.run();
    }
    {
      auto st = db->prepare(sql::kVoidOpen);
      st.bind(1, c.nir13).bind(2, token::to_string(c.purpose)).bind(3, to_millis(c.created_at));
      st.run();
    }
    {
      auto st = db->prepare(sql::kInsertCode);
      st.bind(1, c.nir13)
          .bind(2, token::to_string(c.purpose))
          .bind(3, token::to_string(c.channel))
          .bind(4, c.secret_hash);
      st.bind(5, to_millis(c.created_at)).bind(6, to_millis(c.expires_at)).bind(7, c.detail);
      st.run();
    }
    std::int64_t id = sqlite3_last_insert_rowid(db->raw());
    if (mail) insert_mail(*db, *mail, c.created_at);
    if (letter) insert_letter(*db, *letter, c.created_at);
    tx.commit();
    return id;
  }

  std::optional<token::CodeRecord> find_code_by_hash(std::string_view secret_hash) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kFindCodeByHash.lite);
    st.bind(1, secret_hash);
    if (!st.step()) return std::nullopt;
    return rows::code(st);
  }

  std::optional<token::CodeRecord> find_open_code(std::string_view nir13, token::Purpose purpose) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kFindOpenCode.lite);
    st.bind(1, nir13).bind(2, token::to_string(purpose));
    if (!st.step()) return std::nullopt;
    return rows::code(st);
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
      auto st = db->prepare(shared_sql::kConsume.lite);
      st.bind(1, code_id).bind(2, to_millis(now)).bind(3, token::kMaxCodeTries);
      st.run();
      if (sqlite3_changes(db->raw()) != 1) return ports::RedeemResult::unusable;
    }
    if (ch.new_password_hash) {
      auto st = db->prepare(shared_sql::kSetPassword.lite);
      st.bind(1, ch.nir13).bind(2, *ch.new_password_hash);
      st.run();
    }
    if (ch.activate) {
      auto st = db->prepare(shared_sql::kActivate.lite);
      st.bind(1, ch.nir13);
      st.run();
    }
    if (ch.mark_email_verified) {
      auto st = db->prepare(sql::kEmailVerified);
      st.bind(1, ch.nir13);
      st.run();
    }
    if (ch.new_email) {
      auto st = db->prepare(shared_sql::kSetEmail.lite);
      st.bind(1, ch.nir13).bind(2, *ch.new_email);
      st.run();
    }
    if (ch.lift_temporary_lock) {
      write_lockout_row(*db, ch.nir13, lockout::cleared(lock, false));
      clear_device_counters(*db, ch.nir13, /*keep_permanent=*/true);
    }
    if (ch.revoke_devices_except) revoke_devices_except(*db, ch.nir13, *ch.revoke_devices_except);
    if (ch.end_sessions) {
      auto st = db->prepare(shared_sql::kEndSessions.lite);
      st.bind(1, ch.nir13).bind(2, "");
      st.run();
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
    auto st = db->prepare(sql::kClaimMail);
    st.bind(1, to_millis(now)).bind(2, to_millis(now + lease_for));
    std::optional<outbox::PendingMail> out;
    if (st.step()) {
      out = outbox::PendingMail{st.i64(0),
                                {st.text(1), st.text(2), open_body(st.text(3)), open_body(st.text(4)), st.text(5)},
                                static_cast<int>(st.i64(6))};
      while (st.step()) {
      }
    }
    tx.commit();
    return out;
  }

  std::optional<outbox::PendingLetter> claim_letter(Instant now, Duration lease_for) override {
    auto db = lease();
    Transaction tx(*db);
    auto st = db->prepare(sql::kClaimLetter);
    st.bind(1, to_millis(now)).bind(2, to_millis(now + lease_for));
    std::optional<outbox::PendingLetter> out;
    if (st.step()) {
      out = outbox::PendingLetter{st.i64(0), letter_from_json(st.text(1)), static_cast<int>(st.i64(2))};
      while (st.step()) {
      }
    }
    tx.commit();
    return out;
  }

  void mail_done(std::int64_t id, Instant now) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kMailDone.lite);
    st.bind(1, id).bind(2, to_millis(now));
    st.run();
  }

  void letter_done(std::int64_t id, Instant now, const std::string& file_name) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kLetterDone.lite);
    st.bind(1, id).bind(2, to_millis(now)).bind(3, file_name);
    st.run();
  }

  void mail_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) override {
    auto db = lease();
    auto st = db->prepare(sql::kMailFailed);
    st.bind(1, id).bind(2, error).bind(3, to_millis(retry_at)).bind(4, give_up);
    st.run();
  }

  void letter_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) override {
    auto db = lease();
    auto st = db->prepare(sql::kLetterFailed);
    st.bind(1, id).bind(2, error).bind(3, to_millis(retry_at)).bind(4, give_up);
    st.run();
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
    {
      auto st = db->prepare(shared_sql::kHitPrune.lite);
      st.bind(1, key).bind(2, to_millis(now - window));
      st.run();
    }
    {
      auto st = db->prepare(shared_sql::kHit.lite);
      st.bind(1, key).bind(2, to_millis(now));
      st.run();
    }
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
      auto st = db->prepare(shared_sql::kSetPassword.lite);
      st.bind(1, ch.nir13).bind(2, *ch.password_hash);
      st.run();
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
    auto st = db->prepare(shared_sql::kDeactivate.lite);
    st.bind(1, to_millis(cutoff));
    st.run();
    return sqlite3_changes(db->raw());
  }

  std::vector<std::string> take_inactivity_warnings(Instant warn_cutoff, Instant now) override {
    auto db = lease();
    Transaction tx(*db);
    auto st = db->prepare(shared_sql::kWarn.lite);
    st.bind(1, to_millis(warn_cutoff)).bind(2, to_millis(now));
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    tx.commit();
    return out;
  }
};

}  // namespace

namespace sqlite_detail {

std::unique_ptr<ports::CodeStore> make_code_store(SqlitePool& pool) { return std::make_unique<SqliteCodeStore>(pool); }

std::unique_ptr<ports::OutboxStore> make_outbox_store(SqlitePool& pool) {
  return std::make_unique<SqliteOutboxStore>(pool);
}

std::unique_ptr<ports::RateLimiter> make_rate_limiter(SqlitePool& pool) {
  return std::make_unique<SqliteRateLimiter>(pool);
}

std::unique_ptr<ports::AccountStore> make_account_store(SqlitePool& pool) {
  return std::make_unique<SqliteAccountStore>(pool);
}

}  // namespace sqlite_detail

}  // namespace mc::storage
