#include "core/lockout/lockout.hpp"

namespace mc::lockout {

const char* attempt_outcome(Gate gate) {
  switch (gate) {
    case Gate::evaluate: return "wrong_password";
    case Gate::refuse_permanent: return "refused_permanent_lock";
    case Gate::refuse_temporary: return "refused_temporary_lock";
    case Gate::retry_shortly: return "";
  }
  return "";
}

Reservation reserve(const Record& current, Instant now, const Policy& policy) {
  Reservation r{Gate::evaluate, current, 0, 0};
  bool locked = current.permanently_locked || (current.locked_until && now < *current.locked_until);
  if (locked && current.lock_pending && current.last_failure_at && now - *current.last_failure_at < kPendingWindow) {
    r.gate = Gate::retry_shortly;
    return r;
  }
  if (current.permanently_locked) {
    r.gate = Gate::refuse_permanent;
    return r;
  }
  if (current.locked_until && now < *current.locked_until) {
    r.gate = Gate::refuse_temporary;
    r.retry_after_s = seconds_until(now, *current.locked_until);
    return r;
  }
  Record next = current;
  if (policy.failure_reset > Duration::zero() && next.last_failure_at &&
      now - *next.last_failure_at >= policy.failure_reset) {
    next.failures = 0;
    next.locked_until.reset();
  }
  next.failures += 1;
  next.last_failure_at = now;
  next.lock_pending = false;
  if (next.failures == policy.temporary_after) {
    next.locked_until = now + policy.temporary_lock;
    next.lock_pending = true;
  }
  if (next.failures >= policy.permanent_after) {
    next.permanently_locked = true;
    next.lock_pending = true;
  }
  r.record = next;
  r.attempt = next.failures;
  return r;
}

Record cleared(const Record& current, bool lift_permanent) {
  Record r;
  if (!lift_permanent && current.permanently_locked) return current;
  return r;
}

Record confirmed(const Record& current) {
  Record r = current;
  r.lock_pending = false;
  return r;
}

Record after_success(const Record& current, const Reservation& ours) {
  return cleared(current, /*lift_permanent=*/current.failures <= ours.attempt);
}

FailureAnswer answer_failure(const Reservation& res, Instant now, const Policy& policy) {
  const Record& rec = res.record;
  // The failure that triggers a lock is already answered with the lock.
  if (rec.permanently_locked) return {FailureKind::permanently_locked};
  if (res.attempt == policy.temporary_after && rec.locked_until && now < *rec.locked_until)
    return {FailureKind::temporarily_locked, 0, false, seconds_until(now, *rec.locked_until)};
  FailureAnswer a{FailureKind::invalid_credentials};
  if (res.attempt < policy.temporary_after) {
    a.attempts_before_lock = policy.temporary_after - res.attempt;
  } else {
    a.attempts_before_lock = policy.permanent_after - res.attempt;
    a.next_lock_is_permanent = true;
  }
  return a;
}

Status status(const Record& record, Instant now) {
  Status s;
  s.failures = record.failures;
  if (record.permanently_locked) {
    s.standing = Standing::permanently_locked;
  } else if (record.locked_until && now < *record.locked_until) {
    s.standing = Standing::temporarily_locked;
    s.retry_after_s = seconds_until(now, *record.locked_until);
  }
  return s;
}

}  // namespace mc::lockout
