#include "app/source_throttle.hpp"

#include <gtest/gtest.h>

#include <map>

#include "app/attack_monitor.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/source_budgets.hpp"

namespace mc::app {
namespace {

using namespace std::chrono_literals;

class FakeClock : public ports::Clock {
 public:
  Instant now() const override { return t; }
  Instant t = from_millis(1'800'000'000'000);
};

// Buckets in memory, counting the reads: a refused source is answered from memory afterwards.
class MemoryBudgets : public ports::SourceBudgetStore {
 public:
  throttle::Bucket read_budget(std::string_view key) override {
    ++reads;
    return buckets[std::string(key)];
  }
  throttle::Take spend_budget(std::string_view key, Instant now,
                              const std::function<throttle::Take(const throttle::Bucket&)>& take) override {
    auto t = take(buckets[std::string(key)]);
    buckets[std::string(key)] = t.next;
    if (!t.allowed) record_refusal(key, now);
    return t;
  }
  std::vector<Throttled> throttled_sources(Instant, int) override { return {}; }
  void record_refusal(std::string_view key, Instant) override { ++refusals[std::string(key)]; }
  std::map<std::string, throttle::Bucket> buckets;
  std::map<std::string, int> refusals;
  int reads = 0;
};

ThrottleSettings settings() {
  ThrottleSettings s;
  s.failures = {3, 3min};
  s.trusted_failures = {6, 3min};
  s.trusted.push_back(*throttle::Cidr::parse("10.1.0.0/16"));
  s.requests_per_hour = 2;
  return s;
}

TEST(SourceThrottle, FailuresSpendTheBudgetThenTheSourceIsRefusedFromMemory) {
  FakeClock clock;
  MemoryBudgets store;
  SourceThrottle t(store, clock, settings());
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(t.refused(ThrottleScope::login, "192.0.2.1"));
    t.spend_failure(ThrottleScope::login, "192.0.2.1");
  }
  auto wait = t.refused(ThrottleScope::login, "192.0.2.1");
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 60);
  const int reads = store.reads;
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(t.refused(ThrottleScope::login, "192.0.2.1"));
  EXPECT_EQ(store.reads, reads);  // a flood costs no database round trip
  EXPECT_EQ(store.refusals["login:192.0.2.1"], 1);
  EXPECT_FALSE(t.refused(ThrottleScope::login, "192.0.2.2"));        // another source
  EXPECT_FALSE(t.refused(ThrottleScope::staff_login, "192.0.2.1"));  // another scope
  auto s = t.stats();
  EXPECT_EQ(s.refusals_by_scope["login"], 101);
  EXPECT_EQ(s.sources_over_budget, 1);
  EXPECT_EQ(s.blocked_now, 1u);
  clock.t += 60s;
  EXPECT_FALSE(t.refused(ThrottleScope::login, "192.0.2.1"));  // one failure came back
}

TEST(SourceThrottle, AnIpv6Slash64IsOneSource) {
  FakeClock clock;
  MemoryBudgets store;
  SourceThrottle t(store, clock, settings());
  for (int i = 0; i < 3; ++i) t.spend_failure(ThrottleScope::login, "2001:db8:1:2::" + std::to_string(i + 1));
  EXPECT_TRUE(t.refused(ThrottleScope::login, "2001:db8:1:2:ffff::9"));
  EXPECT_FALSE(t.refused(ThrottleScope::login, "2001:db8:1:3::1"));
}

TEST(SourceThrottle, TrustedPlacesGetTheLargerBudgetNeverAnUnlimitedOne) {
  FakeClock clock;
  MemoryBudgets store;
  SourceThrottle t(store, clock, settings());
  for (int i = 0; i < 6; ++i) {
    EXPECT_FALSE(t.refused(ThrottleScope::login, "10.1.2.3")) << i;
    t.spend_failure(ThrottleScope::login, "10.1.2.3");
  }
  EXPECT_TRUE(t.refused(ThrottleScope::login, "10.1.2.3"));
  EXPECT_EQ(t.budget(ThrottleScope::reset, "10.1.2.3").per_window, 4);  // requests scale alike
  EXPECT_EQ(t.budget(ThrottleScope::reset, "192.0.2.1").per_window, 2);
}

TEST(SourceThrottle, RequestsAreCheckedAndSpentAtOnce) {
  FakeClock clock;
  MemoryBudgets store;
  SourceThrottle t(store, clock, settings());
  EXPECT_FALSE(t.spend_request(ThrottleScope::reset, "192.0.2.1"));
  EXPECT_FALSE(t.spend_request(ThrottleScope::reset, "192.0.2.1"));
  auto wait = t.spend_request(ThrottleScope::reset, "192.0.2.1");
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 1800);  // one request back every 30 minutes
  EXPECT_FALSE(t.spend_request(ThrottleScope::activation, "192.0.2.1"));
}

TEST(SourceThrottle, StandingOfAStoredBucket) {
  FakeClock clock;
  MemoryBudgets store;
  SourceThrottle t(store, clock, settings());
  EXPECT_FALSE(t.standing("login", "192.0.2.1", {clock.t + 3min}, clock.t).allowed);
  EXPECT_TRUE(t.standing("login", "192.0.2.1", {clock.t + 2min}, clock.t).allowed);
  EXPECT_FALSE(t.standing("login", "192.0.2.1", {clock.t + 150s}, clock.t).allowed);
  EXPECT_TRUE(t.standing("login", "10.1.0.0", {clock.t + 150s}, clock.t).allowed);  // trusted: 6 per 3 min
  EXPECT_FALSE(t.standing("login", "2001:db8:1:2::/64", {clock.t + 3min}, clock.t).allowed);
}

TEST(AttackMonitor, CountsFailuresAndDistinctNirsPerMinuteAndAlarmsOnce) {
  const Instant t0 = from_millis(1'800'000'000'000 - 1'800'000'000'000 % 60'000);
  std::vector<AttackMonitor::Minute> alarms;
  AttackMonitor m(5, [&](const AttackMonitor::Minute& minute) { alarms.push_back(minute); });
  for (int i = 0; i < 8; ++i) m.failure(i % 2 ? "1850375100100" : "1850375100" + std::to_string(200 + i), t0 + 1s * i);
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0].failures, 6);
  EXPECT_EQ(m.failures_total(), 8);
  m.failure("1850375100100", t0 + 61s);
  auto last = m.last_minute(t0 + 61s);
  EXPECT_EQ(last.start, t0);
  EXPECT_EQ(last.failures, 8);
  EXPECT_EQ(last.distinct_nirs, 5);
  EXPECT_EQ(m.last_minute(t0 + 10min).failures, 0);
}

}  // namespace
}  // namespace mc::app
