#pragma once
// Accounts, lockout counters, the sign-in attempt log and sessions: the sign-in hot path.
// Every storage method is atomic on its own (one transaction).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/account/account.hpp"
#include "core/lockout/lockout.hpp"
#include "core/outbox.hpp"
#include "core/ports/attempt_log.hpp"
#include "core/ports/device.hpp"
#include "core/ports/import_batch.hpp"
#include "core/ports/session.hpp"
#include "core/ports/sign_in_event.hpp"
#include "core/time.hpp"

namespace mc::ports {

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

}  // namespace mc::ports
