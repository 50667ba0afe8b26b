#pragma once
// Getting back in (SPEC §4): forgot password (e-mail link or postal code), completing a reset,
// activation of a new account, e-mail verification, and the signed-in changes.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/settings.hpp"
#include "app/source_throttle.hpp"
#include "core/account/account.hpp"
#include "core/password/policy.hpp"
#include "core/ports/fwd.hpp"

namespace mc::app {

struct RecoveryDeps {
  ports::Store& store;
  ports::CodeStore& codes;
  ports::RateLimiter& limiter;  // per-NIR limits
  SourceThrottle& throttle;     // per-source budgets (SPEC §3 Sources)
  ports::AccountStore& accounts;
  ports::OutboxStore& outbox;
  ports::PasswordHasher& hasher;
  ports::Crypto& crypto;
  const ports::Clock& clock;
  const ports::Messages& messages;
  const Settings& settings;
};

// One result type for every step: `kind` is the API's `result`.
struct StepResult {
  std::string kind;     // "accepted", "ok", "invalid_nir", "invalid_input", "invalid_or_expired",
                        // "weak_password", "permanently_locked", "rate_limited", "not_identified",
                        // "other_space", "already_active", "no_email", "busy", "invalid_credentials"
  std::string message;  // French
  std::string detail;   // e.g. the NIR rule broken, or which field
  std::vector<password::Violation> violations;
  std::optional<account::Organisme> organisme;
  std::string channel;
  bool email_verification_required = false;
  int tries_left = -1;
  std::int64_t retry_after_s = 0;  // rate_limited
};

class Recovery {
 public:
  explicit Recovery(RecoveryDeps deps) : d_(deps) {}

  // Forgot password. Answered "accepted" whether or not anything matched.
  StepResult start_reset(const std::string& nir, const std::string& birth_date, const std::string& channel,
                         const std::string& client_ip);
  // The recognised device (its id) of the account that completes a reset, if any: every other
  // device of the account is revoked (SPEC §3 device trust).
  using DeviceOf = std::function<std::optional<std::string>(const std::string& nir13)>;
  StepResult complete_with_token(const std::string& token, const std::string& new_password,
                                 const DeviceOf& device_of = {});
  StepResult complete_with_code(const std::string& nir, const std::string& code, const std::string& new_password,
                                const DeviceOf& device_of = {});

  // Activation: full NIR (key checked) + birth date + postal code + a register secret.
  StepResult start_activation(const std::string& nir, const std::string& birth_date, const std::string& postal_code,
                              const std::string& secret, const std::string& channel, const std::string& client_ip);
  // First sign-in with the provisional code: a new password and the e-mail address to verify.
  StepResult complete_activation(const std::string& nir, const std::string& code, const std::string& new_password,
                                 const std::string& email);
  StepResult verify_email(const std::string& token);

  // Signed in.
  StepResult change_password(const ports::Session& session, const std::string& current_password,
                             const std::string& new_password);
  StepResult request_email_change(const ports::Session& session, const std::string& new_email);

  // Inactivity: warns 30 days before and deactivates (run periodically). Returns deactivated count.
  int sweep_inactivity();

 private:
  struct Secret {
    std::string value;  // given to the member
    std::string hash;   // stored
  };
  Secret new_link_token();
  Secret new_code(const std::string& nir13);
  std::string code_hash(const std::string& nir13, const std::string& code) const;
  // A code against its stored form under any accepted key (current, previous, legacy SHA-256).
  bool code_matches(const std::string& nir13, const std::string& code, const std::string& stored) const;
  // The code row of a link token, whichever accepted form it was stored under.
  std::optional<token::CodeRecord> find_link(const std::string& token) const;
  StepResult redeem_code_for(const std::string& nir_input, const std::string& code_input, token::Purpose purpose,
                             std::optional<token::CodeRecord>& found, std::optional<account::Member>& member);
  std::optional<StepResult> check_policy(const std::string& candidate, const account::RegisterEntry& entry);
  StepResult finish_password(const token::CodeRecord& code, const account::Member& member, const std::string& new_password,
                             ports::CredentialChange change);
  std::optional<StepResult> over_source_budget(ThrottleScope scope, const std::string& client_ip);

  RecoveryDeps d_;
};

}  // namespace mc::app
