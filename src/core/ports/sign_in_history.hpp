#pragma once
// The member's own sign-in history (issue 17 item 5, SPEC §11 GET /api/v1/me/sign-ins): one row
// per sign-in attempt outcome on an existing account, kept 90 days, the source stored already
// masked (throttle::masked_source). Unknown NIRs, and staff, record nothing.
//
// Password sign-ins are written inside the hot path's own transactions: Store::reserve_attempt
// inserts the row when Decision::history is set (as a wrong password until proven otherwise)
// and Store::settle_attempt sets its real outcome, so no transaction is added.
#include <string_view>
#include <vector>

#include "core/ports/sign_in_event.hpp"
#include "core/time.hpp"

namespace mc::ports {

class SignInHistory {
 public:
  virtual ~SignInHistory() = default;
  // A sign-in outside the password hot path (FranceConnect). Nothing when `nir13` has no account.
  virtual void record_sign_in(std::string_view nir13, Instant at, std::string_view outcome, const SignInNote& note) = 0;
  // Newest first, at or after `since`.
  [[nodiscard]] virtual std::vector<SignInEvent> sign_ins(std::string_view nir13, Instant since) = 0;
};

}  // namespace mc::ports
