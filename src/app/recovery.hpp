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
#include "core/error.hpp"
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

// A step done now: the API's "ok" (200).
struct StepDone {
  std::string message;                       // French
  bool email_verification_required = false;  // complete_activation: the address still needs its link
};

// A request registered, its effect on the way (a mail or a letter): the API's "accepted" (202).
struct StepAccepted {
  std::string message;  // French
  std::string channel;  // start_reset, start_activation: "email" or "postal"
};

// Every refusal is an mc::Error (core/error.hpp): invalid_nir (details.field: the NIR rule
// broken), invalid_input (details.field: which input), invalid_or_expired (details.tries_left on
// a wrong short code, details.field "code_format"), weak_password (details.reasons: every rule
// broken), permanently_locked, rate_limited (details.retry_after_s when the source's budget is
// spent), not_identified, other_space (details.other_space), already_active, no_email, busy,
// invalid_credentials.
class Recovery {
 public:
  explicit Recovery(RecoveryDeps deps) : d_(deps) {}

  // Forgot password. Answered "accepted" whether or not anything matched.
  Result<StepAccepted> start_reset(const std::string& nir, const std::string& birth_date, const std::string& channel,
                                   const std::string& client_ip);
  // The recognised device (its id) of the account that completes a reset, if any: every other
  // device of the account is revoked (SPEC §3 device trust).
  using DeviceOf = std::function<std::optional<std::string>(const std::string& nir13)>;
  Result<StepDone> complete_with_token(const std::string& token, const std::string& new_password,
                                       const DeviceOf& device_of = {});
  Result<StepDone> complete_with_code(const std::string& nir, const std::string& code, const std::string& new_password,
                                      const DeviceOf& device_of = {});

  // Activation: full NIR (key checked) + birth date + postal code + a register secret.
  Result<StepAccepted> start_activation(const std::string& nir, const std::string& birth_date,
                                        const std::string& postal_code, const std::string& secret,
                                        const std::string& channel, const std::string& client_ip);
  // First sign-in with the provisional code: a new password and the e-mail address to verify.
  Result<StepDone> complete_activation(const std::string& nir, const std::string& code, const std::string& new_password,
                                       const std::string& email);
  Result<StepDone> verify_email(const std::string& token);

  // Signed in.
  Result<StepDone> change_password(const ports::Session& session, const std::string& current_password,
                                   const std::string& new_password);
  Result<StepAccepted> request_email_change(const ports::Session& session, const std::string& new_email);
  // The mobile number on file (account::normalize_mobile's form), the notice to the e-mail on
  // file. invalid_input (details.field "phone") when it is not a French mobile.
  Result<StepDone> change_phone(const ports::Session& session, const std::string& new_phone);

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
  // A short code that matched, and the member it belongs to.
  struct Redeemable {
    token::CodeRecord code;
    account::Member member;
  };
  Result<Redeemable> redeem_code_for(const std::string& nir_input, const std::string& code_input,
                                     token::Purpose purpose);
  std::optional<Error> check_policy(const std::string& candidate, const account::RegisterEntry& entry);
  Result<StepDone> finish_password(const token::CodeRecord& code, const account::Member& member,
                                   const std::string& new_password, ports::CredentialChange change);
  std::optional<Error> over_source_budget(ThrottleScope scope, const std::string& client_ip);
  // Issues the link that confirms `email` (activation without a proven address, e-mail change).
  void send_email_verification(const std::string& nir13, const account::RegisterEntry& entry, const std::string& email,
                               Instant now);
  // Sends the reset link (e-mail) or code (letter) of a request that matched an account.
  void issue_reset(const account::Member& member, token::Channel channel, Instant now);
  // The member behind an activation request once the register secret, birth date and postal code
  // match; not_identified, other_space or already_active otherwise.
  Result<account::Member> identify(const std::string& nir13, const std::string& birth_date,
                                   const std::string& postal_code, const std::string& secret);
  // The credential change of a completed reset (link or code).
  ports::CredentialChange reset_change(const std::string& nir13, const DeviceOf& device_of) const;

  RecoveryDeps d_;
};

}  // namespace mc::app
