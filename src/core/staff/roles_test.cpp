#include "core/staff/roles.hpp"

#include <gtest/gtest.h>

#include <map>

namespace mc::staff {
namespace {

using enum Action;

// The whole matrix, written out a second time by hand: a change to one cell must change both.
const std::map<Action, std::array<bool, 3>> kExpected = {
    //                          conseiller, france_services, superviseur
    {lookup_state, {true, true, true}},
    {lookup_member, {true, false, true}},
    {unlock, {true, false, true}},
    {issue_code, {true, false, true}},
    {start_reset, {true, true, true}},
    {update_contact, {true, false, true}},
    {correct_civil_status, {true, false, true}},
    {reactivate, {true, false, true}},
    {create_account, {true, false, true}},
    {file_help_request, {true, true, true}},
    {work_help_queue, {true, false, true}},
    {manage_staff, {false, false, true}},
    {read_audit, {false, false, true}},
    {watch_attacks, {false, false, true}},
    {label_scam_reports, {true, false, true}},
};

TEST(Roles, EveryRoleTimesEveryActionMatchesTheMatrix) {
  ASSERT_EQ(kExpected.size(), kActions.size());
  for (auto action : kActions) {
    const auto& row = kExpected.at(action);
    for (std::size_t i = 0; i < kRoles.size(); ++i)
      EXPECT_EQ(allowed(kRoles[i], action), row[i]) << to_string(kRoles[i]) << " × " << to_string(action);
  }
}

TEST(Roles, SupervisorMayDoEverything) {
  for (auto action : kActions) EXPECT_TRUE(allowed(Role::superviseur, action)) << to_string(action);
}

TEST(Roles, FranceServicesMaySeeTheStateStartAResetAndFileARequestOnly) {
  int n = 0;
  for (auto action : kActions) n += allowed(Role::france_services, action);
  EXPECT_EQ(n, 3);
  EXPECT_FALSE(allowed(Role::france_services, unlock));
  EXPECT_FALSE(allowed(Role::france_services, update_contact));
}

TEST(Roles, NamesRoundTrip) {
  for (auto r : kRoles) EXPECT_EQ(parse_role(to_string(r)), r);
  for (auto a : kActions) EXPECT_EQ(parse_action(to_string(a)), a);
  EXPECT_FALSE(parse_role("admin"));
  EXPECT_FALSE(parse_role("Conseiller"));
  EXPECT_FALSE(parse_action("delete_audit"));
  EXPECT_EQ(label_fr(Role::france_services), "Agent France Services");
}

TEST(Roles, Logins) {
  for (const char* good : {"marie.dupont", "fs-lyon_03"}) EXPECT_TRUE(valid_login(good)) << good;
  for (const std::string& bad :
       {std::string("ab"), std::string("Marie"), std::string("a b c"), std::string("a:b:c"), std::string(65, 'a')})
    EXPECT_FALSE(valid_login(bad)) << bad;
}

}  // namespace
}  // namespace mc::staff
