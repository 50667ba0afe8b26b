#include "app/member_data.hpp"

#include <gtest/gtest.h>

#include <utility>

#include "app/housekeeping.hpp"

namespace mc::app {
namespace {

TEST(SignInResult, TheAttemptLogsOutcomesAreTheLoginApisCodes) {
  const std::pair<const char*, const char*> cases[] = {
      {"success", "ok"},
      {"wrong_password", "invalid_credentials"},
      {"refused_temporary_lock", "temporarily_locked"},
      {"refused_permanent_lock", "permanently_locked"},
      {"pending", "pending"},
      {"inactive", "inactive"},
      {"other_space", "other_space"},
  };
  for (const auto& [outcome, code] : cases) EXPECT_EQ(sign_in_result(outcome), code) << outcome;
}

TEST(SignInResult, SaidInFrench) {
  const std::pair<const char*, const char*> cases[] = {
      {"ok", "Réussie"},
      {"invalid_credentials", "Mot de passe incorrect"},
      {"temporarily_locked", "Refusée : compte bloqué temporairement"},
      {"permanently_locked", "Refusée : compte bloqué"},
  };
  for (const auto& [code, french] : cases) EXPECT_EQ(sign_in_result_fr(code), french) << code;
}

TEST(SignInHistoryRetention, NinetyDays) {
  const Instant now = from_millis(1'800'000'000'000);
  EXPECT_EQ(retention_cutoffs(now, Settings{}).sign_ins_before, now - days(90));
}

}  // namespace
}  // namespace mc::app
