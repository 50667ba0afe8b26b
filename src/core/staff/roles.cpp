#include "core/staff/roles.hpp"

#include "core/enum_names.hpp"

namespace mc::staff {
namespace {

// Rows follow kActions; columns: conseiller, france_services, superviseur. France Services agents
// guide members in person: they see the state, start a reset to the member's own channel and file
// a help request, nothing else (SPEC §1).
struct Row {
  Action action;
  bool conseiller, france_services, superviseur;
};
constexpr Row kMatrix[] = {
    {Action::lookup_state, true, true, true},
    {Action::lookup_member, true, false, true},
    {Action::unlock, true, false, true},
    {Action::issue_code, true, false, true},
    {Action::start_reset, true, true, true},
    {Action::update_contact, true, false, true},
    {Action::correct_civil_status, true, false, true},
    {Action::reactivate, true, false, true},
    {Action::create_account, true, false, true},
    {Action::file_help_request, true, true, true},
    {Action::work_help_queue, true, false, true},
    {Action::manage_staff, false, false, true},
    {Action::read_audit, false, false, true},
    {Action::watch_attacks, false, false, true},
    {Action::label_scam_reports, true, false, true},
};
static_assert(std::size(kMatrix) == kActions.size());

constexpr EnumName<Role> kRoleNames[] = {
    {Role::conseiller, "conseiller", "Conseiller"},
    {Role::france_services, "france_services", "Agent France Services"},
    {Role::superviseur, "superviseur", "Superviseur"},
};
static_assert(std::size(kRoleNames) == kRoles.size());

constexpr EnumName<Action> kActionNames[] = {
    {Action::lookup_state, "lookup_state"},
    {Action::lookup_member, "lookup_member"},
    {Action::unlock, "unlock"},
    {Action::issue_code, "issue_code"},
    {Action::start_reset, "start_reset"},
    {Action::update_contact, "update_contact"},
    {Action::correct_civil_status, "correct_civil_status"},
    {Action::reactivate, "reactivate"},
    {Action::create_account, "create_account"},
    {Action::file_help_request, "file_help_request"},
    {Action::work_help_queue, "work_help_queue"},
    {Action::manage_staff, "manage_staff"},
    {Action::read_audit, "read_audit"},
    {Action::watch_attacks, "watch_attacks"},
    {Action::label_scam_reports, "label_scam_reports"},
};
static_assert(std::size(kActionNames) == kActions.size());

}  // namespace

std::string_view to_string(Role r) { return name_of(kRoleNames, r, "conseiller"); }

std::optional<Role> parse_role(std::string_view s) { return value_named(kRoleNames, s); }

std::string_view label_fr(Role r) { return label_fr_of(kRoleNames, r); }

std::string_view to_string(Action a) { return name_of(kActionNames, a); }

std::optional<Action> parse_action(std::string_view s) { return value_named(kActionNames, s); }

bool allowed(Role role, Action action) {
  for (const auto& row : kMatrix) {
    if (row.action != action) continue;
    switch (role) {
      case Role::conseiller: return row.conseiller;
      case Role::france_services: return row.france_services;
      case Role::superviseur: return row.superviseur;
    }
  }
  return false;  // an action missing from the table is refused
}

bool valid_login(std::string_view login) {
  if (login.size() < 3 || login.size() > 64) return false;
  for (char c : login) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace mc::staff
