#pragma once
// What the member's sign-in history records (ports/sign_in_history.hpp), as values: the sign-in
// hot path (Store) carries a SignInNote without depending on the SignInHistory port.
#include <string>

#include "core/time.hpp"

namespace mc::ports {

// What the login use case knows before the outcome: the channel, the recognised device, the source.
struct SignInNote {
  std::string channel = "password";  // "password" | "franceconnect"
  std::string device_id;             // the recognised device of the account, empty when unknown
  std::string source;                // already masked: "203.0.113.0/24", "2001:db8:1::/48"
};

struct SignInEvent {
  Instant at{};
  std::string outcome;  // as in the attempt log: "success", "wrong_password", "refused_temporary_lock"…
  SignInNote note;
  std::string device_label;  // when the device is still registered to the account
};

}  // namespace mc::ports
