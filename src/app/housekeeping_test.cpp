#include "app/housekeeping.hpp"

#include <gtest/gtest.h>

namespace mc::app {
namespace {

const Instant kNow = Instant{} + days(20000);

TEST(RetentionCutoffs, SessionsOutliveNeitherKindsLongestLife) {
  Settings s;
  s.member_sessions = {minutes(20), hours(8)};
  s.staff_sessions = {minutes(15), hours(10)};
  const auto c = retention_cutoffs(kNow, s);
  EXPECT_EQ(c.sessions_created_before, kNow - hours(10));
  EXPECT_EQ(c.sessions_seen_before, kNow - minutes(20));
}

TEST(RetentionCutoffs, RateHitsOutliveTheLongestWindow) {
  const auto c = retention_cutoffs(kNow, Settings{});
  EXPECT_LT(c.rate_hits_before, kNow - kLongestRateWindow);
}

TEST(RetentionCutoffs, UnlabelledScamReportsAreKeptNinetyDays) {
  const auto c = retention_cutoffs(kNow, Settings{});
  EXPECT_EQ(c.scam_reports_unlabelled_before, kNow - days(90));
}

TEST(RetentionCutoffs, FollowTheConfiguredRetention) {
  Settings s;
  s.retention = {days(180), days(45), days(7)};
  const auto c = retention_cutoffs(kNow, s);
  EXPECT_EQ(c.attempts_before, kNow - days(180));
  EXPECT_EQ(c.codes_expired_before, kNow - days(45));
  EXPECT_EQ(c.outbox_done_before, kNow - days(7));
}

}  // namespace
}  // namespace mc::app
