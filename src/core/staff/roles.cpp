#include "core/staff/roles.hpp"

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

}  // namespace

std::string_view to_string(Role r) {
  switch (r) {
    case Role::conseiller: return "conseiller";
    case Role::france_services: return "france_services";
    case Role::superviseur: return "superviseur";
  }
  return "conseiller";
}

std::optional<Role> parse_role(std::string_view s) {
  for (auto r : kRoles)
    if (to_string(r) == s) return r;
  return std::nullopt;
}

std::string_view label_fr(Role r) {
  switch (r) {
    case Role::conseiller: return "Conseiller";
    case Role::france_services: return "Agent France Services";
    case Role::superviseur: return "Superviseur";
  }
  return "";
}

std::string_view to_string(Action a) {
  switch (a) {
    case Action::lookup_state: return "lookup_state";
    case Action::lookup_member: return "lookup_member";
    case Action::unlock: return "unlock";
    case Action::issue_code: return "issue_code";
    case Action::start_reset: return "start_reset";
    case Action::update_contact: return "update_contact";
    case Action::correct_civil_status: return "correct_civil_status";
    case Action::reactivate: return "reactivate";
    case Action::create_account: return "create_account";
    case Action::file_help_request: return "file_help_request";
    case Action::work_help_queue: return "work_help_queue";
    case Action::manage_staff: return "manage_staff";
    case Action::read_audit: return "read_audit";
    case Action::watch_attacks: return "watch_attacks";
    case Action::label_scam_reports: return "label_scam_reports";
  }
  return "";
}

std::optional<Action> parse_action(std::string_view s) {
  for (auto a : kActions)
    if (to_string(a) == s) return a;
  return std::nullopt;
}

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
