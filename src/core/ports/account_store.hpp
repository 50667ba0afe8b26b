#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/account/contact.hpp"
#include "core/outbox.hpp"
#include "core/time.hpp"

namespace mc::ports {

// One change a signed-in member makes to their own account (docs/adding-a-flow.md): every part
// set is written, with the notice, in one transaction.
struct AccountChange {
  std::string nir13;
  Instant at{};
  // A new password (Argon2id PHC string): every other member session of the account ends, the
  // one whose id hash is `keep_session_hash` stays.
  std::optional<std::string> password_hash;
  std::string keep_session_hash;
  // Contact details (register entry); a new e-mail address is stored as not verified.
  std::optional<account::ContactChange> contact;
  std::optional<outbox::Mail> notice;  // the security e-mail saying what changed
};

// Signed-in changes and the inactivity sweep.
class AccountStore {
 public:
  virtual ~AccountStore() = default;
  // False (nothing written, no notice) when the NIR has no account.
  virtual bool update(const AccountChange& change) = 0;
  // Accounts active with no sign-in since `cutoff` become inactive; returns how many.
  virtual int deactivate_idle(Instant cutoff) = 0;
  // Active accounts idle since before `warn_cutoff` and not yet warned: marks them warned at
  // `now` and returns their NIRs (the caller queues the notice).
  virtual std::vector<std::string> take_inactivity_warnings(Instant warn_cutoff, Instant now) = 0;
};

}  // namespace mc::ports
