#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/outbox.hpp"
#include "core/time.hpp"

namespace mc::ports {

// Signed-in changes and the advisors' corrections of contact details.
class AccountStore {
 public:
  virtual ~AccountStore() = default;
  // Password change by the member: new hash, other sessions ended, notice queued (one transaction).
  virtual void change_password(std::string_view nir13, const std::string& new_hash, std::string_view keep_session_hash,
                               const std::optional<outbox::Mail>& notice, Instant now) = 0;
  // Accounts active with no sign-in since `cutoff` become inactive; returns how many.
  virtual int deactivate_idle(Instant cutoff) = 0;
  // Active accounts idle since before `warn_cutoff` and not yet warned: marks them warned at
  // `now` and returns their NIRs (the caller queues the notice).
  virtual std::vector<std::string> take_inactivity_warnings(Instant warn_cutoff, Instant now) = 0;
};

}  // namespace mc::ports
