#pragma once
// What every back-office use case shares: its dependencies, who acts, what they state, and the
// shape of an answer. Permissions are checked in the use cases (server-side), never only in pages.
#include <optional>
#include <string>
#include <vector>

#include "app/sessions.hpp"
#include "app/settings.hpp"
#include "app/source_throttle.hpp"
#include "core/error.hpp"
#include "core/ports/fwd.hpp"
#include "core/staff/evidence.hpp"
#include "core/staff/roles.hpp"
#include "core/staff/totp.hpp"

namespace mc::app::backoffice {

struct Deps {
  ports::Store& store;
  ports::BackOfficeStore& bo;
  ports::DeviceStore& devices;
  ports::CodeStore& codes;
  ports::RateLimiter& limiter;
  SourceThrottle& throttle;
  ports::PasswordHasher& hasher;
  ports::Crypto& crypto;
  ports::Totp& totp;
  const ports::Clock& clock;
  const ports::Messages& messages;
  Sessions& sessions;
  const Settings& settings;
  staff::TotpPolicy totp_policy = {};
};

struct Actor {
  std::string login;
  staff::Role role = staff::Role::conseiller;
  // The operator at the command line (database access): audited as role "operator".
  bool command_line = false;
};

// The reason for an action and the identity evidence checked (SPEC §6).
struct Justification {
  std::string reason;
  std::optional<staff::Evidence> evidence;
};

// Every answer is an mc::Result<T> (core/error.hpp): T on success, else an mc::Error whose code
// is the API's `result` (invalid_input, invalid_nir, weak_password, forbidden, not_found,
// conflict, invalid_credentials, temporarily_locked, permanently_locked, too_many_requests,
// rate_limited, busy), details.field the input at fault (for forms), details.problems everything
// missing (French) or, for invalid_nir, the NIR rule broken, and details.retry_after_s the wait.
// An action that has nothing to return but its confirmation answers Done.
struct Done {
  std::string message;  // French
};

inline constexpr std::size_t kMaxReason = 500;

}  // namespace mc::app::backoffice
