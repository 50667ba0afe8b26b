#pragma once
// Ports: what the use cases need from the outside world. Adapters implement them; the wiring in
// src/main/ picks the implementations. Every storage method is atomic on its own (one transaction).
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "core/account/account.hpp"
#include "core/lockout/lockout.hpp"
#include "core/outbox.hpp"
#include "core/token/token.hpp"
#include "core/time.hpp"

namespace mc::ports {

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Instant now() const = 0;
};

class Crypto {
 public:
  virtual ~Crypto() = default;
  virtual void random_bytes(std::span<std::uint8_t> out) = 0;
  [[nodiscard]] virtual std::string sha256_hex(std::string_view data) const = 0;
  // Constant-time equality for secrets of equal length.
  [[nodiscard]] virtual bool equal(std::string_view a, std::string_view b) const = 0;
};

// Argon2id behind admission control: a ticket is taken before an attempt is counted, so a
// saturated pool answers "busy" without consuming one of the member's tries.
class PasswordHasher {
 public:
  class Ticket {
   public:
    Ticket() = default;
    explicit Ticket(std::function<void()> release) : release_(std::move(release)) {}
    Ticket(Ticket&& o) noexcept : release_(std::exchange(o.release_, nullptr)) {}
    Ticket& operator=(Ticket&& o) noexcept {
      if (this != &o) {
        reset();
        release_ = std::exchange(o.release_, nullptr);
      }
      return *this;
    }
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket() { reset(); }
    void reset() {
      if (release_) std::exchange(release_, nullptr)();
    }

   private:
    std::function<void()> release_;
  };

  virtual ~PasswordHasher() = default;
  // nullopt when the queue is full: answer 503 busy at once.
  [[nodiscard]] virtual std::optional<Ticket> admit() = 0;
  // Waits for a hashing slot, then verifies. Never throws on a malformed hash (returns false).
  [[nodiscard]] virtual bool verify(const Ticket& ticket, std::string_view phc, std::string_view password) = 0;
  [[nodiscard]] virtual std::string hash(std::string_view password) = 0;
  [[nodiscard]] virtual bool needs_rehash(std::string_view phc) const = 0;
  // A hash of a random secret with the current parameters, verified for unknown accounts so that
  // they cost exactly what a real account costs.
  [[nodiscard]] virtual const std::string& dummy_hash() const = 0;
  [[nodiscard]] virtual std::size_t queue_depth() const = 0;
};

struct Session {
  std::string id_hash;   // SHA-256 of the cookie value; the value itself is never stored
  std::string subject;   // nir13 for members, login for staff
  std::string kind;      // "member" or "staff"
  Instant created_at{};
  Instant last_seen_at{};
  std::string csrf_token;
  std::string auth_method;  // "password", "franceconnect", "password+totp"
  std::string franceconnect_id_token;  // kept for the FranceConnect logout (id_token_hint)
};

struct AttemptLogEntry {
  Instant at{};
  std::string outcome;
  std::string client_ip;
};

struct ImportedAccount {
  std::string nir13;
  account::State state = account::State::active;
  std::string password_hash;
  std::optional<Instant> last_login_at;
  bool email_verified = true;
  lockout::Record lock;  // "permanently_locked" / "temporarily_locked" in the import file
};

struct ImportBatch {
  std::vector<account::Organisme> organismes;
  std::vector<account::RegisterEntry> register_entries;
  std::vector<ImportedAccount> accounts;
};

class Store {
 public:
  virtual ~Store() = default;

  [[nodiscard]] virtual bool ping() = 0;

  // All or nothing.
  virtual void import_batch(const ImportBatch& batch, Instant now) = 0;

  [[nodiscard]] virtual std::optional<account::Member> find_member(std::string_view nir13) = 0;

  // Lockout counters exist for every well-formed NIR, account or not (shadow counters).
  [[nodiscard]] virtual lockout::Record read_lockout(std::string_view nir13) = 0;
  // Read-modify-write in one serialised transaction (SQLite BEGIN IMMEDIATE, PostgreSQL
  // SELECT … FOR UPDATE): no lost update across threads or processes. Returns what was stored.
  virtual lockout::Record update_lockout(std::string_view nir13,
                                         const std::function<lockout::Record(const lockout::Record&)>& change) = 0;

  virtual void record_attempt(std::string_view nir13, Instant at, std::string_view outcome,
                              std::string_view client_ip) = 0;
  [[nodiscard]] virtual std::vector<AttemptLogEntry> recent_attempts(std::string_view nir13, int limit) = 0;

  // After a correct password on an active account; `new_hash` when parameters changed.
  virtual void mark_signed_in(std::string_view nir13, Instant at, const std::optional<std::string>& new_hash) = 0;
  virtual void set_account_state(std::string_view nir13, account::State state) = 0;

  virtual void create_session(const Session& s) = 0;
  [[nodiscard]] virtual std::optional<Session> find_session(std::string_view id_hash) = 0;
  virtual void touch_session(std::string_view id_hash, Instant at) = 0;
  virtual void delete_session(std::string_view id_hash) = 0;
  // Ends every session of a subject but one (a password change keeps the current one).
  virtual void delete_sessions_of(std::string_view subject, std::string_view kind, std::string_view except_id_hash) = 0;
};

// Durable e-mail and letter outboxes, drained by delivery workers (several processes may run
// one each: a row is claimed with a lease, so it is sent by one worker at a time).
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  virtual void enqueue_mail(const outbox::Mail& mail, Instant now) = 0;
  virtual void enqueue_letter(const outbox::Letter& letter, Instant now) = 0;
  // The oldest due item, leased until now + lease (its next_attempt_at moves forward).
  [[nodiscard]] virtual std::optional<outbox::PendingMail> claim_mail(Instant now, Duration lease) = 0;
  [[nodiscard]] virtual std::optional<outbox::PendingLetter> claim_letter(Instant now, Duration lease) = 0;
  virtual void mail_done(std::int64_t id, Instant now) = 0;
  virtual void letter_done(std::int64_t id, Instant now, const std::string& file_name) = 0;
  // Another try at `retry_at`, or given up ("failed") when `give_up`.
  virtual void mail_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) = 0;
  virtual void letter_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) = 0;
  struct Counts {
    std::int64_t pending = 0, failed = 0, sent = 0;
  };
  [[nodiscard]] virtual Counts mail_counts() = 0;
  [[nodiscard]] virtual Counts letter_counts() = 0;
};

// What a redeemed code changes, in the same transaction as its consumption.
struct CredentialChange {
  std::string nir13;
  std::optional<std::string> new_password_hash;
  bool activate = false;                 // pending → active (activation)
  bool mark_email_verified = false;
  std::optional<std::string> new_email;  // written to the register's contact details
  bool lift_temporary_lock = false;      // a completed reset lifts a temporary lock, never a permanent one
  bool end_sessions = false;
  std::optional<outbox::Mail> notice;    // e.g. "password changed", queued atomically
};

enum class RedeemResult { ok, unusable, permanently_locked };

class CodeStore {
 public:
  virtual ~CodeStore() = default;
  // One transaction: void the subject's unused codes of the same purpose, store the new one
  // (creating a pending account first when `create_pending_account`), queue the mail/letter.
  virtual std::int64_t issue_code(const token::CodeRecord& code, bool create_pending_account,
                                  const std::optional<outbox::Mail>& mail,
                                  const std::optional<outbox::Letter>& letter) = 0;
  [[nodiscard]] virtual std::optional<token::CodeRecord> find_code_by_hash(std::string_view secret_hash) = 0;
  // The newest code of that purpose that was neither used nor voided (maybe expired).
  [[nodiscard]] virtual std::optional<token::CodeRecord> find_open_code(std::string_view nir13, token::Purpose purpose) = 0;
  // Counts a wrong code; returns the new count (the code is dead at token::kMaxCodeTries).
  virtual int record_code_failure(std::int64_t id) = 0;
  // Consumes the code if it is still usable at `now` (conditional update: of two concurrent
  // calls, one succeeds) and applies `change`; nothing happens unless both can.
  virtual RedeemResult redeem(std::int64_t code_id, Instant now, const CredentialChange& change) = 0;
};

// Sliding-window counters for abuse limits (per NIR, per client address).
class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Records one hit for `key` and returns how many hits it has had within `window` (this one
  // included). Always writes, whatever the result, so that callers cost the same either way.
  virtual int hit(std::string_view key, Instant now, Duration window) = 0;
};

// Signed-in changes and the advisors' corrections of contact details.
class AccountStore {
 public:
  virtual ~AccountStore() = default;
  // Password change by the member: new hash, other sessions ended, notice queued (one transaction).
  virtual void change_password(std::string_view nir13, const std::string& new_hash, std::string_view keep_session_hash,
                               const std::optional<outbox::Mail>& notice, Instant now) = 0;
  // Accounts active with no sign-in since `cutoff` become inactive; returns how many.
  virtual int deactivate_idle(Instant cutoff) = 0;
  // Active accounts idle since before `warn_cutoff` and not yet warned: marks them warned at
  // `now` and returns their NIRs (the caller queues the notice).
  virtual std::vector<std::string> take_inactivity_warnings(Instant warn_cutoff, Instant now) = 0;
};

}  // namespace mc::ports
