#include "core/account/account.hpp"

#include <gtest/gtest.h>

namespace mc::account {
namespace {

using namespace std::chrono_literals;
const Instant t0 = from_millis(1'800'000'000'000);

TEST(Account, DisplayStateOverlaysTheLock) {
  Account a{"2951099126111", State::active};
  lockout::Record open;
  EXPECT_EQ(display_state(a, open, t0), "active");
  lockout::Record temp{3, t0 + 20min, false, t0};
  EXPECT_EQ(display_state(a, temp, t0), "temp_locked");
  EXPECT_EQ(display_state(a, temp, t0 + 21min), "active");
  lockout::Record perm{6, {}, true, t0};
  EXPECT_EQ(display_state(a, perm, t0), "perm_locked");
  EXPECT_EQ(display_state(std::nullopt, open, t0), "none");
}

TEST(Account, InactivityAfterTwoYears) {
  Account a{"2951099126111", State::active};
  a.created_at = t0;
  a.last_login_at = t0;
  EXPECT_FALSE(inactive_by_time(a, t0 + days(700), 24));
  EXPECT_TRUE(inactive_by_time(a, t0 + days(740), 24));
}

TEST(Account, OtherSpace) {
  EXPECT_FALSE((Organisme{"CPAM-75", "general", "CPAM de Paris", "compte ameli", "36 46"}.runs_other_space()));
  EXPECT_TRUE((Organisme{"MSA-IDF", "agricole", "MSA", "espace privé MSA", "01"}.runs_other_space()));
}

TEST(AccountState, NamesAreTheStoredOnes) {
  for (auto s : {State::pending, State::active, State::inactive}) EXPECT_EQ(parse_state(to_string(s)), s);
  EXPECT_EQ(to_string(State::inactive), "inactive");
  EXPECT_FALSE(parse_state("locked"));
}

}  // namespace
}  // namespace mc::account
