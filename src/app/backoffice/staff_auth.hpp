#pragma once
// Staff sign-in (password + TOTP, their own lockout and sessions) and staff management.
#include "app/backoffice/common.hpp"
#include "core/ports/totp.hpp"

namespace mc::app::backoffice {

struct StaffContext {
  Actor actor;
  ports::Session session;
};

struct StaffAdded {
  std::string message;      // French
  std::string otpauth_uri;  // shown once, to enrol the authenticator app
};

struct StaffRow {
  staff::StaffMember member;  // password hash and TOTP secret blanked
  lockout::Status lock;
};

class StaffAuth {
 public:
  explicit StaffAuth(Deps deps) : d_(deps), dummy_secret_(d_.totp.new_secret().stored) {}

  // Same answer for an unknown login, a wrong password, a wrong code and a replayed code; they
  // all count towards the login's lockout (the members' policy: 3 → temporary, 6 → permanent).
  // Refusals: invalid_credentials (details.attempts_before_lock), temporarily_locked and
  // too_many_requests (details.retry_after_s), permanently_locked, busy.
  Result<NewSession> sign_in(const std::string& login, const std::string& password, const std::string& totp,
                             const std::string& client_ip);
  // The signed-in member of staff behind a cookie (session valid, account still active).
  std::optional<StaffContext> authenticate(const std::string& cookie_value);
  void sign_out(const std::string& cookie_value);

  // Supervisors (and the operator's `moncompte staff add`).
  Result<StaffAdded> add_staff(const Actor& actor, const std::string& login, const std::string& role,
                               const std::string& password, const std::string& reason);
  Result<Done> set_active(const Actor& actor, const std::string& login, bool active, const std::string& reason);
  Result<Done> unlock(const Actor& actor, const std::string& login, const std::string& reason);
  Result<std::vector<StaffRow>> list(const Actor& actor);

 private:
  Deps d_;
  // Checked for unknown logins so that they cost what a real one costs (sealed like the others).
  std::string dummy_secret_;
};

}  // namespace mc::app::backoffice
