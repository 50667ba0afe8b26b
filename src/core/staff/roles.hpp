#pragma once
// Back-office roles and what each may do (SPEC §1, §6; docs/backoffice.md). The permission matrix
// is data, checked server-side by every use case before anything is read or written.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace mc::staff {

enum class Role { conseiller, france_services, superviseur };
inline constexpr std::array kRoles = {Role::conseiller, Role::france_services, Role::superviseur};

[[nodiscard]] std::string_view to_string(Role r);
[[nodiscard]] std::optional<Role> parse_role(std::string_view s);
[[nodiscard]] std::string_view label_fr(Role r);

enum class Action {
  lookup_state,          // account and lock state only
  lookup_member,         // the whole file: contact details, attempts, codes, FranceConnect link
  unlock,                // temporary and permanent locks
  issue_code,            // provisional code by post, e-mail or at the counter
  start_reset,           // a reset sent to the member's own e-mail or postal address
  update_contact,        // e-mail, phone, postal address
  correct_civil_status,  // état civil
  reactivate,            // inactive → active
  create_account,        // pending account + activation code, on the member's behalf
  file_help_request,
  work_help_queue,       // list, claim, resolve
  manage_staff,
  read_audit,            // read, verify and export the audit log
  watch_attacks,         // sources refused for a spent budget (never an account)
  label_scam_reports,    // members' reported messages: read (masked), label scam/genuine, discard
};
inline constexpr std::array kActions = {
    Action::lookup_state,   Action::lookup_member,        Action::unlock,     Action::issue_code,
    Action::start_reset,    Action::update_contact,       Action::correct_civil_status,
    Action::reactivate,     Action::create_account,       Action::file_help_request,
    Action::work_help_queue, Action::manage_staff,        Action::read_audit,
    Action::watch_attacks,  Action::label_scam_reports,
};

[[nodiscard]] std::string_view to_string(Action a);
[[nodiscard]] std::optional<Action> parse_action(std::string_view s);

// The matrix: role × action → allowed.
[[nodiscard]] bool allowed(Role role, Action action);

// Staff logins: 3–64 characters among a-z 0-9 . _ - (they appear in URIs and the audit log).
[[nodiscard]] bool valid_login(std::string_view login);

struct StaffMember {
  std::string login;
  Role role = Role::conseiller;
  std::string password_hash;  // Argon2id PHC string
  std::string totp_secret;    // RFC 4648 base32, as in the otpauth:// URI
  std::optional<std::int64_t> last_totp_step;  // the newest step accepted (a code is accepted once)
  bool active = true;
  Instant created_at{};
  std::string created_by;
};

}  // namespace mc::staff
