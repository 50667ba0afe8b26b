#include "app/member_data.hpp"

#include <gtest/gtest.h>

#include "app/housekeeping.hpp"

namespace mc::app {
namespace {

TEST(SignInResult, TheAttemptLogsOutcomesAreTheLoginApisCodes) {
  EXPECT_EQ(sign_in_result("success"), "ok");
  EXPECT_EQ(sign_in_result("wrong_password"), "invalid_credentials");
  EXPECT_EQ(sign_in_result("refused_temporary_lock"), "temporarily_locked");
  EXPECT_EQ(sign_in_result("refused_permanent_lock"), "permanently_locked");
  EXPECT_EQ(sign_in_result("pending"), "pending");
  EXPECT_EQ(sign_in_result("inactive"), "inactive");
  EXPECT_EQ(sign_in_result("other_space"), "other_space");
}

TEST(SignInResult, SaidInFrench) {
  EXPECT_EQ(sign_in_result_fr("ok"), "Réussie");
  EXPECT_EQ(sign_in_result_fr("invalid_credentials"), "Mot de passe incorrect");
  EXPECT_EQ(sign_in_result_fr("temporarily_locked"), "Refusée : compte bloqué temporairement");
  EXPECT_EQ(sign_in_result_fr("permanently_locked"), "Refusée : compte bloqué");
}

TEST(SignInHistoryRetention, NinetyDays) {
  const Instant now = from_millis(1'800'000'000'000);
  EXPECT_EQ(retention_cutoffs(now, Settings{}).sign_ins_before, now - days(90));
}

}  // namespace
}  // namespace mc::app
