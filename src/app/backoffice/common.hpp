#pragma once
// What every back-office use case shares: its dependencies, who acts, what they state, and the
// shape of an answer. Permissions are checked in the use cases (server-side), never only in pages.
#include <optional>
#include <string>
#include <vector>

#include "app/sessions.hpp"
#include "app/settings.hpp"
#include "app/source_throttle.hpp"
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

// `kind` is the API's `result`: ok, accepted, invalid_input, invalid_nir, unauthenticated,
// forbidden, not_found, conflict, invalid_credentials, temporarily_locked, permanently_locked,
// rate_limited, busy.
struct Outcome {
  std::string kind = "ok";
  std::string message;                // French
  std::string field;                  // the input at fault, for forms
  std::vector<std::string> problems;  // everything missing (French)
  std::int64_t retry_after_s = 0;
  [[nodiscard]] bool ok() const { return kind == "ok" || kind == "accepted"; }
};

inline constexpr std::size_t kMaxReason = 500;

}  // namespace mc::app::backoffice
