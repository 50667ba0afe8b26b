#pragma once
// Ports: what the use cases need from the outside world. Adapters implement them; the wiring in
// src/main/ picks the implementations. Every storage method is atomic on its own (one transaction).
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "core/account/account.hpp"
#include "core/attestation/attestation.hpp"
#include "core/identity/pivot.hpp"
#include "core/lockout/lockout.hpp"
#include "core/outbox.hpp"
#include "core/ports/devices.hpp"
#include "core/ports/sign_in_history.hpp"
#include "core/staff/audit.hpp"
#include "core/staff/help_queue.hpp"
#include "core/report/scam_report.hpp"
#include "core/staff/roles.hpp"
#include "core/token/token.hpp"
#include "core/time.hpp"

namespace mc::ports {

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Instant now() const = 0;
  // Waiting goes through the clock, so that use cases never sleep themselves: the system clock
  // sleeps, a test clock may simply return (or advance).
  virtual void pause(Duration d) const { (void)d; }
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
    explicit Ticket(std::function<void()> release, std::string source = {})
        : release_(std::move(release)), source_(std::move(source)) {}
    Ticket(Ticket&& o) noexcept : release_(std::exchange(o.release_, nullptr)), source_(std::move(o.source_)) {}
    Ticket& operator=(Ticket&& o) noexcept {
      if (this != &o) {
        reset();
        release_ = std::exchange(o.release_, nullptr);
        source_ = std::move(o.source_);
      }
      return *this;
    }
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket() { reset(); }
    void reset() {
      if (release_) std::exchange(release_, nullptr)();
    }
    // The source (throttle::source_key) the ticket was admitted for: hashing slots are shared
    // fairly between sources.
    [[nodiscard]] const std::string& source() const { return source_; }

   private:
    std::function<void()> release_;
    std::string source_;
  };

  virtual ~PasswordHasher() = default;
  // nullopt when the pool is saturated and `source` already holds tickets: answer 503 busy at
  // once. A source holding none is admitted beyond the limit (up to twice it), so that one busy
  // source never pushes out the others (SPEC §3 Sources).
  [[nodiscard]] virtual std::optional<Ticket> admit(std::string_view source = {}) = 0;
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

// A register too big to hold in memory (issue 15): rows are staged as the file is read, the
// database finds the duplicates, then one set-based merge applies the extract. Rows already in the
// register are updated only where a field differs; rows absent from the extract are kept.
struct DuplicateNir {
  std::string nir13;
  std::int64_t first_line = 0, line = 0;  // first and last line it appears on
  std::int64_t times = 0;
};
struct SyncCounts {
  std::int64_t added = 0;           // NIRs new to the register
  std::int64_t changed = 0;         // existing rows with at least one field that differs
  std::int64_t unchanged = 0;       // existing rows left untouched
  std::int64_t emails_changed = 0;  // of the changed rows, those whose e-mail address differs
  std::int64_t links_voided = 0;    // open codes sent by e-mail to an address that changed
  std::int64_t batches = 0;         // write transactions used to apply the register
};
class RegisterLoad {
 public:
  virtual ~RegisterLoad() = default;
  // Staged only: nothing is visible to the service before apply().
  virtual void stage(const account::RegisterEntry& entry, std::int64_t line) = 0;
  // Once every row is staged: NIRs present more than once, by first line, at most `limit`.
  [[nodiscard]] virtual std::vector<DuplicateNir> duplicates(std::size_t limit) = 0;
  // Organismes, then the register, then the accounts. Into an empty register: one transaction.
  // A sync into a live register: write transactions of at most `batch_rows` rows each (SQLite),
  // so that sign-ins never wait longer than one batch; PostgreSQL readers never wait on it.
  virtual SyncCounts apply(const std::vector<account::Organisme>& organismes,
                           const std::vector<ImportedAccount>& accounts, Instant now) = 0;
};
class RegisterLoader {
 public:
  virtual ~RegisterLoader() = default;
  [[nodiscard]] virtual std::unique_ptr<RegisterLoad> begin_register_load(std::size_t batch_rows) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  [[nodiscard]] virtual bool ping() = 0;

  // All or nothing.
  virtual void import_batch(const ImportBatch& batch, Instant now) = 0;

  [[nodiscard]] virtual std::optional<account::Member> find_member(std::string_view nir13) = 0;
  // Every organisme, by name (the help centre lists the other regimes' online spaces). Both
  // backends override it (storage contract); the empty default only spares test fakes.
  [[nodiscard]] virtual std::vector<account::Organisme> list_organismes() { return {}; }

  // Lockout counters exist for every well-formed NIR, account or not (shadow counters).
  [[nodiscard]] virtual lockout::Record read_lockout(std::string_view nir13) = 0;
  // Read-modify-write in one serialised transaction (SQLite BEGIN IMMEDIATE, PostgreSQL
  // SELECT … FOR UPDATE): no lost update across threads or processes. Returns what was stored.
  virtual lockout::Record update_lockout(std::string_view nir13,
                                         const std::function<lockout::Record(const lockout::Record&)>& change) = 0;

  // The sign-in hot path in two transactions (each one synchronous commit). `counter` names the
  // lockouts row the attempt is counted on (device::counter_key: the account's own row, or a
  // recognised device's); the attempt log is kept under `nir13`.
  // 1. reserve_attempt: read the counter, let `decide` return the record to store and the
  //    attempt's outcome as far as known ("wrong_password" until proven otherwise, or a refusal;
  //    empty: nothing to log), store both; returns the attempt log row's id (0 when not logged).
  struct Decision {
    lockout::Record record;
    std::string outcome;
    // Set by the member sign-in: a sign_in_history row (ports/sign_in_history.hpp) is written
    // with the attempt log row, in the same transaction, when `nir13` has an account.
    std::optional<SignInNote> history;
  };
  // The default bodies compose the finer methods in several transactions, so they are NOT
  // atomic: both backends override them with one transaction each (the storage contract tests
  // the overrides), and the only test double deriving from Store (franceconnect_login_test's
  // FakeStore) never calls them. They exist so that a Store can be written without them.
  virtual std::int64_t reserve_attempt(std::string_view nir13, std::string_view counter, Instant at,
                                       std::string_view client_ip,
                                       const std::function<Decision(const lockout::Record&)>& decide) {
    std::string outcome;
    (void)update_lockout(counter, [&](const lockout::Record& r) {
      auto d = decide(r);
      outcome = d.outcome;
      return d.record;
    });
    if (!outcome.empty()) record_attempt(nir13, at, outcome, client_ip);
    return 0;
  }
  // 2. settle_attempt, after a correct password: the counter after success, the attempt's real
  //    outcome, and for a successful sign-in the last sign-in time, the rehashed password if any,
  //    the new session and the device it came from (registered when new, seen otherwise).
  struct SignIn {
    Instant at{};
    std::optional<std::string> new_hash;
    Session session;
    std::optional<Device> device;
  };
  virtual void settle_attempt(std::int64_t /*attempt_id*/, std::string_view nir13, std::string_view counter,
                              const std::function<lockout::Record(const lockout::Record&)>& after,
                              std::string_view outcome, const std::optional<SignIn>& sign_in) {
    (void)update_lockout(counter, after);
    if (sign_in) {
      mark_signed_in(nir13, sign_in->at, sign_in->new_hash);
      create_session(sign_in->session);
      record_attempt(nir13, sign_in->at, outcome, "");
    }
  }
  // A wrong password on the attempt that placed a lock: the lock is certain now
  // (lockout::confirmed), and the member's security e-mail is queued in the same transaction.
  virtual void confirm_lock(std::string_view counter, Instant now, const std::optional<outbox::Mail>& notice) {
    (void)now;
    (void)notice;
    (void)update_lockout(counter, [](const lockout::Record& r) { return lockout::confirmed(r); });
  }

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
  bool lift_temporary_lock = false;      // a completed reset lifts temporary locks (every counter), never a permanent one
  // A password chosen through "forgot password" revokes every recognised device but the one
  // that completed it (its id, or empty when that device was not recognised).
  std::optional<std::string> revoke_devices_except;
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

// The words of every e-mail and letter (French), kept out of the use cases.
class Messages {
 public:
  enum class Notice {
    temporarily_locked,
    permanently_locked,
    // Device trust: a stranger's guesses locked the account for devices the member never used;
    // their recognised devices still sign in.
    unknown_devices_temporarily_locked,
    unknown_devices_permanently_locked,
    password_changed,
    contact_changed,
    new_code_issued,
    inactivity_warning,
  };
  virtual ~Messages() = default;
  [[nodiscard]] virtual outbox::Mail reset_link(const account::RegisterEntry& to, const std::string& link,
                                                Duration valid) const = 0;
  [[nodiscard]] virtual outbox::Letter reset_code_letter(const account::Member& to, const std::string& code,
                                                         Duration valid) const = 0;
  [[nodiscard]] virtual outbox::Mail activation_code_mail(const account::RegisterEntry& to, const std::string& code,
                                                          Duration valid) const = 0;
  [[nodiscard]] virtual outbox::Letter activation_code_letter(const account::Member& to, const std::string& code,
                                                              Duration valid) const = 0;
  [[nodiscard]] virtual outbox::Mail email_verification(const account::RegisterEntry& to, const std::string& new_address,
                                                        const std::string& link, Duration valid) const = 0;
  [[nodiscard]] virtual outbox::Mail notice(Notice kind, const account::RegisterEntry& to,
                                            const std::string& address) const = 0;
};

// Issued attestations: the short verification code points to the signed payload.
class AttestationStore {
 public:
  virtual ~AttestationStore() = default;
  virtual void record_attestation(std::string_view short_code, std::string_view payload, std::string_view nir13,
                                  Instant at) = 0;
  [[nodiscard]] virtual std::optional<std::string> find_attestation_payload(std::string_view short_code) = 0;
};

// PDF rendering of the attestation (libharu adapter).
class AttestationRenderer {
 public:
  virtual ~AttestationRenderer() = default;
  [[nodiscard]] virtual std::expected<std::vector<std::uint8_t>, std::string> render(const attestation::Rights& rights,
                                                                                     std::string_view payload,
                                                                                     std::string_view short_code) const = 0;
};

// FranceConnect sign-in (SPEC §5): the short-lived flows that bind state and nonce to one
// browser, the register rows a pivot identity is matched against, and the `sub` links.
struct FranceConnectFlow {
  std::string id_hash;  // SHA-256 of the flow cookie's value; the value itself is never stored
  std::string purpose;  // "login" or "logout"
  std::string state;
  std::string nonce;    // empty for logout
  Instant created_at{};
  Instant expires_at{};
};

class FranceConnectStore {
 public:
  virtual ~FranceConnectStore() = default;
  // Stores a new flow (and forgets expired ones).
  virtual void create_fc_flow(const FranceConnectFlow& flow) = 0;
  // Removes the flow and returns it if it had not expired at `now`: of two concurrent calls,
  // at most one gets it (this is what makes the state and the nonce single-use).
  [[nodiscard]] virtual std::optional<FranceConnectFlow> consume_fc_flow(std::string_view id_hash, Instant now) = 0;
  // Every register entry born on that day (YYYY-MM-DD): the candidates of a pivot identity.
  [[nodiscard]] virtual std::vector<account::RegisterEntry> register_entries_born_on(std::string_view birth_date) = 0;
  // The NIR of the account linked to that FranceConnect `sub`, if any.
  [[nodiscard]] virtual std::optional<std::string> find_nir_by_franceconnect_sub(std::string_view sub) = 0;
  // Links `sub` to the account (replacing an older sub of the same account). False, and nothing
  // changed, when the account does not exist or another account holds that sub.
  virtual bool link_franceconnect_sub(std::string_view nir13, std::string_view sub, Instant at) = 0;
};

// The OpenID Connect relying party as the FranceConnect use case sees it (the adapter wraps
// mc::oidc::FranceConnectClient, which does every protocol check).
class FranceConnectProvider {
 public:
  struct Failure {
    std::string code;    // e.g. "token_error", "bad_signature" (for the log)
    std::string detail;  // for the log only, never shown
    bool transient = false;  // network trouble or a 5xx: trying again later may work
  };
  struct Login {
    identity::PivotIdentity person;  // from the verified userinfo; person.sub is the ID token's sub
    std::string acr;
    std::string id_token;  // raw, kept for the logout (id_token_hint)
  };
  virtual ~FranceConnectProvider() = default;
  [[nodiscard]] virtual std::expected<std::string, Failure> authorization_url(std::string_view state,
                                                                              std::string_view nonce) = 0;
  // RFC 9207: the callback's `iss`, when present, must be the provider's issuer.
  [[nodiscard]] virtual bool callback_issuer_ok(std::string_view iss) const = 0;
  // Code exchange, ID token (signature, iss, aud, exp, nonce, acr) and userinfo, at once.
  [[nodiscard]] virtual std::expected<Login, Failure> complete_login(std::string_view code, std::string_view nonce,
                                                                     Instant now) = 0;
  [[nodiscard]] virtual std::expected<std::string, Failure> end_session_url(std::string_view id_token_hint,
                                                                            std::string_view state) = 0;
};

// ---- Back office (docs/backoffice.md) ----

// TOTP codes (RFC 6238 = HOTP of the time step), computed by the liboath adapter.
class Totp {
 public:
  virtual ~Totp() = default;
  // The `digits`-digit HOTP value at counter `step` of a secret in its stored form ("" for an
  // unusable secret).
  [[nodiscard]] virtual std::string code_at(std::string_view stored_secret, std::int64_t step, int digits) const = 0;
  // A new random secret of 160 bits (RFC 4226): base32 (RFC 4648, no padding) for the
  // authenticator app, shown once, and the form to store, sealed with a key kept outside the
  // database so that a copy of the database alone does not give anyone's codes.
  struct NewSecret {
    std::string base32;
    std::string stored;
  };
  [[nodiscard]] virtual NewSecret new_secret() = 0;
};

// Seals one audit entry inside the store's transaction, given the chain head read there; the
// store then writes the entry and the new head. Appends are serialised (one chain, no fork).
using AuditSealer = std::function<staff::AuditEntry(const staff::ChainHead&)>;

struct ContactChange {
  std::optional<std::string> email, phone, address, postal_code, city;
};

struct CivilStatusChange {
  std::optional<std::string> sex, family_name, given_names, birth_date, birth_place_insee, birth_place_label,
      birth_country;
};

// What one advisor action changes on one member, applied in one transaction with its audit entry.
struct MemberChange {
  std::string nir13;
  Instant at{};
  // Checked inside the transaction; a mismatch changes nothing and answers `conflict`.
  enum class Expect { any, account, no_open_account, inactive } expect = Expect::any;
  bool unlock = false;      // every counter of the account cleared (lift_permanent = true), and an "advisor_unlock" attempt line
  bool reactivate = false;  // inactive → active, idle clock restarted
  std::optional<ContactChange> contact;
  std::optional<CivilStatusChange> civil_status;
  std::optional<token::CodeRecord> code;  // voids older open codes of its purpose
  bool create_pending_account = false;
  std::vector<outbox::Mail> mails;
  std::vector<outbox::Letter> letters;
  std::string attempt_note;  // written to login_attempts when non-empty (e.g. "advisor_unlock")
};

enum class ApplyResult { ok, not_found, conflict };

struct MemberSummary {
  std::string nir13, family_name, given_names, birth_date, postal_code, city;
  bool has_account = false;
};

class BackOfficeStore {
 public:
  virtual ~BackOfficeStore() = default;

  // Staff. add_staff returns false when the login is taken (nothing written).
  virtual bool add_staff(const staff::StaffMember& member, const AuditSealer& audit) = 0;
  [[nodiscard]] virtual std::optional<staff::StaffMember> find_staff(std::string_view login) = 0;
  [[nodiscard]] virtual std::vector<staff::StaffMember> list_staff() = 0;
  // Stores `step` as the newest accepted TOTP step if it is newer than the stored one
  // (conditional update): of two sign-ins with the same code, one gets true.
  virtual bool accept_totp_step(std::string_view login, std::int64_t step) = 0;
  // Deactivation also ends the member of staff's sessions. False when the login is unknown.
  virtual bool set_staff_active(std::string_view login, bool active, const AuditSealer& audit) = 0;
  // Clears the staff sign-in counters ("staff:" + login in the lockouts table).
  virtual bool unlock_staff(std::string_view login, const AuditSealer& audit) = 0;

  // Members.
  virtual ApplyResult apply(const MemberChange& change, const AuditSealer& audit) = 0;
  // By family name (case-insensitive) and birth date (YYYY-MM-DD).
  [[nodiscard]] virtual std::vector<MemberSummary> search_members(std::string_view family_name,
                                                                  std::string_view birth_date, int limit) = 0;

  // An audit entry on its own (look-ups, sign-ins, exports): written before the data is shown.
  virtual staff::AuditEntry append_audit(const AuditSealer& audit) = 0;
  [[nodiscard]] virtual staff::ChainHead audit_head() = 0;
  // Entries with seq > after_seq, in order, at most `limit`.
  [[nodiscard]] virtual std::vector<staff::AuditEntry> audit_entries(std::int64_t after_seq, int limit) = 0;

  // Help queue. Filing by staff is audited; a member's own request is not (no actor).
  virtual void file_help_request(const staff::HelpRequest& request, const AuditSealer* audit) = 0;
  // Ordered by urgency, then age (staff::queue_before); all statuses when `status` is empty.
  [[nodiscard]] virtual std::vector<staff::HelpRequest> help_queue(std::optional<staff::HelpStatus> status,
                                                                   int limit) = 0;
  [[nodiscard]] virtual std::optional<staff::HelpRequest> find_help_request(std::string_view reference) = 0;
  // open → claimed by `login`. False when it is not open any more (someone else took it).
  virtual bool claim_help_request(std::string_view reference, std::string_view login, Instant now,
                                  const AuditSealer& audit) = 0;
  // claimed (by `login`, unless `any_claimer`) → resolved, the reply to the member queued.
  virtual bool resolve_help_request(std::string_view reference, std::string_view login, bool any_claimer,
                                    std::string_view outcome, staff::Reply reply, Instant now,
                                    const std::optional<outbox::Mail>& mail, const std::optional<outbox::Letter>& letter,
                                    const AuditSealer& audit) = 0;
};

// Storage hygiene: rows whose purpose is over, removed in small batches so that a first purge
// of a large table never holds the write lock for long. Every cutoff is exclusive ("before").
struct RetentionCutoffs {
  Instant sessions_created_before{};    // past their absolute life
  Instant sessions_seen_before{};       // past their idle life
  Instant rate_hits_before{};           // older than the longest rate window
  Instant codes_expired_before{};       // reset and activation codes, used or not
  Instant attempts_before{};            // the sign-in attempt log
  Instant outbox_done_before{};         // e-mails and letters sent or given up
  Instant budgets_full_before{};        // source budgets full again (tat before): nothing to remember
  Instant refusals_before{};            // throttled sources last refused before (the supervisors' page)
  // Lockout counters whose last failure is older and whose lock (if any) ended before
  // counters_unlocked_before; never a permanent lock.
  Instant counters_idle_before{};
  Instant counters_unlocked_before{};
  Instant scam_reports_unlabelled_before{};  // members' reports nobody labelled (report::kUnlabelledRetention)
  Instant sign_ins_before{};            // the member's own sign-in history (90 days)
};
struct Purged {
  std::int64_t sessions = 0, rate_hits = 0, codes = 0, attempts = 0, mails = 0, letters = 0, sources = 0, counters = 0;
  std::int64_t scam_reports = 0, sign_ins = 0;
  [[nodiscard]] std::int64_t total() const {
    return sessions + rate_hits + codes + attempts + mails + letters + sources + counters + scam_reports + sign_ins;
  }
};
class RetentionStore {
 public:
  virtual ~RetentionStore() = default;
  virtual Purged purge(const RetentionCutoffs& cutoffs) = 0;
};

// ---- Members' reports of messages, labelled by advisors (issue 16; core/report/scam_report.hpp) ----
struct ScamReport {
  std::int64_t id = 0;
  std::string channel;                // "sms" or "email"
  std::string sender, subject, text;  // already masked (report::mask_personal_data)
  std::string verdict;                // what the checker answered when the member reported it
  Instant created_at{};
  std::optional<report::Label> label;  // none until an advisor labels it
  std::string labelled_by;
  std::optional<Instant> labelled_at;
};

class ScamReportStore {
 public:
  virtual ~ScamReportStore() = default;
  // Returns the new report's id. A member's report is not audited (no actor).
  virtual std::int64_t add_scam_report(const ScamReport& report) = 0;
  // Unlabelled (oldest first) or labelled reports, id > after_id, at most `limit`.
  [[nodiscard]] virtual std::vector<ScamReport> scam_reports(bool labelled, std::int64_t after_id, int limit) = 0;
  [[nodiscard]] virtual std::optional<ScamReport> find_scam_report(std::int64_t id) = 0;
  // unlabelled → labelled, with its audit entry. False (nothing written) when the report is gone
  // or already labelled (another advisor was first).
  virtual bool label_scam_report(std::int64_t id, report::Label label, std::string_view login, Instant now,
                                 const AuditSealer& audit) = 0;
  // Removes the report, labelled or not, with its audit entry. False when it is gone.
  virtual bool discard_scam_report(std::int64_t id, const AuditSealer& audit) = 0;
};

}  // namespace mc::ports
