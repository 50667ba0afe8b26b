#include "core/lockout/lockout.hpp"

#include <gtest/gtest.h>

namespace mc::lockout {
namespace {

using namespace std::chrono_literals;

const Instant t0 = from_millis(1'800'000'000'000);
const Policy policy{};

struct Walk {
  Record rec;
  Reservation fail(Instant now) {
    auto r = reserve(rec, now, policy);
    rec = r.record;
    return r;
  }
};

// The first failure of a round at `at`: evaluated, answered "invalid credentials, 2 tries left",
// and whether the lock it leads to is the permanent one.
void expect_first_failure_of_round(Walk& w, Instant at, bool next_lock_is_permanent) {
  auto r = w.fail(at);
  ASSERT_EQ(r.gate, Gate::evaluate);
  auto a = answer_failure(r, at, policy);
  EXPECT_EQ(a.kind, FailureKind::invalid_credentials);
  EXPECT_EQ(a.attempts_before_lock, 2);
  EXPECT_EQ(a.next_lock_is_permanent, next_lock_is_permanent);
}

TEST(Lockout, FirstTwoFailuresSayHowManyTriesAreLeft) {
  Walk w;
  ASSERT_NO_FATAL_FAILURE(expect_first_failure_of_round(w, t0, false));
  auto a2 = answer_failure(w.fail(t0 + 1s), t0 + 1s, policy);
  EXPECT_EQ(a2.attempts_before_lock, 1);
}

TEST(Lockout, ThirdFailureIsAlreadyTheLockAnswer) {
  Walk w;
  (void)w.fail(t0);
  (void)w.fail(t0);
  auto r3 = w.fail(t0);
  EXPECT_EQ(r3.gate, Gate::evaluate);
  auto a3 = answer_failure(r3, t0, policy);
  EXPECT_EQ(a3.kind, FailureKind::temporarily_locked);
  EXPECT_EQ(a3.retry_after_s, 20 * 60);
}

TEST(Lockout, WhileLockedAttemptsAreRefusedAndNotCounted) {
  Walk w;
  for (int i = 0; i < 3; ++i) (void)w.fail(t0);
  auto before = w.rec;
  auto r = reserve(w.rec, t0 + 6min, policy);
  EXPECT_EQ(r.gate, Gate::refuse_temporary);
  EXPECT_EQ(r.retry_after_s, 14 * 60);
  EXPECT_EQ(r.record, before);
}

TEST(Lockout, SeedWalkToPermanentLock) {
  Walk w;
  for (int i = 0; i < 3; ++i) (void)w.fail(t0);
  Instant after = t0 + 20min;  // the temporary lock has just ended
  ASSERT_NO_FATAL_FAILURE(expect_first_failure_of_round(w, after, true));
  EXPECT_EQ(answer_failure(w.fail(after), after, policy).attempts_before_lock, 1);
  auto r6 = w.fail(after);
  EXPECT_EQ(answer_failure(r6, after, policy).kind, FailureKind::permanently_locked);
  // The 7th attempt and every later one is refused, however much later.
  EXPECT_EQ(reserve(w.rec, after + 24h * 365, policy).gate, Gate::refuse_permanent);
}

TEST(Lockout, SuccessClearsTheCount) {
  Walk w;
  (void)w.fail(t0);
  (void)w.fail(t0);
  w.rec = cleared(w.rec, false);
  EXPECT_EQ(w.rec, Record{});
  EXPECT_EQ(answer_failure(w.fail(t0), t0, policy).attempts_before_lock, 2);
}

TEST(Lockout, ASixthAttemptThatIsCorrectSucceeds) {
  Walk w;
  for (int i = 0; i < 3; ++i) (void)w.fail(t0);
  for (int i = 0; i < 2; ++i) (void)w.fail(t0 + 21min);
  auto sixth = w.fail(t0 + 21min);  // reserved: carries the permanent lock until evaluated
  ASSERT_TRUE(w.rec.permanently_locked);
  EXPECT_EQ(after_success(w.rec, sixth), Record{});
}

TEST(Lockout, APermanentLockPlacedByALaterConcurrentAttemptStays) {
  Walk w;
  for (int i = 0; i < 3; ++i) (void)w.fail(t0);
  (void)w.fail(t0 + 21min);
  auto fifth_correct = w.fail(t0 + 21min);  // attempt 5, being evaluated
  (void)w.fail(t0 + 21min);                 // attempt 6 from elsewhere: permanent lock
  auto after = after_success(w.rec, fifth_correct);
  EXPECT_TRUE(after.permanently_locked);
}

TEST(Lockout, AnUnresolvedLockAsksOthersToRetryThenHolds) {
  Walk w;
  (void)w.fail(t0);
  (void)w.fail(t0);
  auto third = w.fail(t0);  // places the lock, password still being evaluated
  ASSERT_TRUE(w.rec.lock_pending);
  EXPECT_EQ(reserve(w.rec, t0 + 100ms, policy).gate, Gate::retry_shortly);
  // Wrong after all: the lock is confirmed and answered as such.
  w.rec = confirmed(w.rec);
  EXPECT_EQ(reserve(w.rec, t0 + 200ms, policy).gate, Gate::refuse_temporary);
  // Correct after all: no lock at all.
  EXPECT_EQ(reserve(after_success(third.record, third), t0 + 200ms, policy).gate, Gate::evaluate);
}

TEST(Lockout, AnUnresolvedLockIsTrustedAfterTheWindow) {
  Walk w;
  for (int i = 0; i < 3; ++i) (void)w.fail(t0);
  EXPECT_EQ(reserve(w.rec, t0 + kPendingWindow, policy).gate, Gate::refuse_temporary);
}

TEST(Lockout, ResetDoesNotLiftPermanentLockButAdvisorDoes) {
  Walk w;
  for (int i = 0; i < 3; ++i) (void)w.fail(t0);
  for (int i = 0; i < 3; ++i) (void)w.fail(t0 + 21min);
  ASSERT_TRUE(w.rec.permanently_locked);
  EXPECT_TRUE(cleared(w.rec, false).permanently_locked);
  EXPECT_EQ(cleared(w.rec, true), Record{});
}

TEST(Lockout, ResetLiftsTemporaryLock) {
  Walk w;
  for (int i = 0; i < 3; ++i) (void)w.fail(t0);
  auto r = cleared(w.rec, false);
  EXPECT_EQ(reserve(r, t0 + 1min, policy).gate, Gate::evaluate);
}

TEST(Lockout, AtMostThreeEvaluationsBeforeTheLockWhateverTheInterleaving) {
  // Reservations are serialized by storage; count how many pass with no time elapsing.
  Record rec;
  int evaluated = 0;
  for (int i = 0; i < 40; ++i) {
    auto r = reserve(rec, t0, policy);
    if (r.gate == Gate::evaluate) ++evaluated;
    rec = r.record;
  }
  EXPECT_EQ(evaluated, 3);
  for (int i = 0; i < 40; ++i) {
    auto r = reserve(rec, t0 + 25min, policy);
    if (r.gate == Gate::evaluate) ++evaluated;
    rec = r.record;
  }
  EXPECT_EQ(evaluated, 6);
}

TEST(Lockout, FailuresDecayOnlyWhenConfigured) {
  Policy decaying = policy;
  decaying.failure_reset = hours(1);
  Record rec;
  rec = reserve(rec, t0, decaying).record;
  rec = reserve(rec, t0, decaying).record;
  auto r = reserve(rec, t0 + 2h, decaying);
  EXPECT_EQ(r.attempt, 1);
  auto r2 = reserve(rec, t0 + 2h, policy);
  EXPECT_EQ(r2.attempt, 3);
}

TEST(Lockout, StatusReportsMinutesLeft) {
  Walk w;
  for (int i = 0; i < 3; ++i) (void)w.fail(t0);
  auto s = status(w.rec, t0 + 6min);
  EXPECT_EQ(s.standing, Standing::temporarily_locked);
  EXPECT_EQ(s.retry_after_s, 14 * 60);
  EXPECT_EQ(status(w.rec, t0 + 20min).standing, Standing::open);
}

}  // namespace
}  // namespace mc::lockout
