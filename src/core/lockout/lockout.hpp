#pragma once
// The seed's lockout rule as a pure state machine fed `now` (SPEC §3).
//
// An attempt is *reserved* (counted) before the password is evaluated, inside one storage
// transaction; that is what keeps the rule race-free across threads and processes: the 3rd
// reservation already carries the temporary lock, the 6th the permanent one, so no further
// reservation can pass until then. A success then clears the record.
// The same record exists for NIRs with no account ("shadow counters"), so unknown numbers are
// answered exactly like accounts with a wrong password.
#include <cstdint>
#include <optional>

#include "core/time.hpp"

namespace mc::lockout {

struct Policy {
  int temporary_after = 3;   // the 3rd consecutive failure locks temporarily
  int permanent_after = 6;   // the 6th locks for good
  Duration temporary_lock = minutes(20);
  Duration failure_reset = Duration::zero();  // 0: failures never decay
};

struct Record {
  int failures = 0;  // consecutive failures, including attempts reserved and still being evaluated
  std::optional<Instant> locked_until;
  bool permanently_locked = false;
  std::optional<Instant> last_failure_at;
  // The lock was placed by an attempt whose password is still being evaluated: it may be lifted
  // in a moment by a correct password. Attempts meanwhile are asked to retry (503) rather than told
  // "locked". Confirmed when that attempt turns out wrong; ignored after kPendingWindow (a crash).
  bool lock_pending = false;

  friend bool operator==(const Record&, const Record&) = default;
};

enum class Gate { evaluate, refuse_temporary, refuse_permanent, retry_shortly };

// Longest an unresolved lock makes others wait (an Argon2id verification takes ~40 ms).
inline constexpr Duration kPendingWindow{10'000};

struct Reservation {
  Gate gate = Gate::evaluate;
  Record record;         // what to store
  int attempt = 0;       // the failure number this attempt becomes if the password is wrong
  std::int64_t retry_after_s = 0;  // for refuse_temporary
};

// The attempt log's outcome for a reservation, as far as it is known before evaluation ("" for
// an attempt that only waits and is not logged).
[[nodiscard]] const char* attempt_outcome(Gate gate);

// Decides whether an attempt may be evaluated and counts it if so.
[[nodiscard]] Reservation reserve(const Record& current, Instant now, const Policy& policy);

// A correct password, a completed reset or an advisor unlock: the count goes back to 0.
// A reset never lifts a permanent lock, hence the flag.
[[nodiscard]] Record cleared(const Record& current, bool lift_permanent);

// A correct password on the attempt `ours`: the count goes back to 0. A permanent lock stays
// only if another attempt, reserved after ours, placed it (ours would have been refused had it
// come later); a lock placed by our own reservation is lifted, since the 6th attempt succeeded.
[[nodiscard]] Record after_success(const Record& current, const Reservation& ours);

// A wrong password on an attempt that placed a lock: the lock is now certain.
[[nodiscard]] Record confirmed(const Record& current);

// How a wrong password is answered, given the failure number it became.
enum class FailureKind { invalid_credentials, temporarily_locked, permanently_locked };
struct FailureAnswer {
  FailureKind kind = FailureKind::invalid_credentials;
  int attempts_before_lock = 0;     // invalid_credentials: tries left before the next lock
  bool next_lock_is_permanent = false;
  std::int64_t retry_after_s = 0;   // temporarily_locked
};
[[nodiscard]] FailureAnswer answer_failure(const Reservation& reservation, Instant now, const Policy& policy);

// What the member is told (SPEC §3 wording).
enum class Standing { open, temporarily_locked, permanently_locked };
struct Status {
  Standing standing = Standing::open;
  std::int64_t retry_after_s = 0;
  int failures = 0;
};
[[nodiscard]] Status status(const Record& record, Instant now);

}  // namespace mc::lockout
