#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/account/account.hpp"
#include "core/time.hpp"

namespace mc::ports {

// FranceConnect sign-in (SPEC §5): the short-lived flows that bind state and nonce to one
// browser, the register rows a pivot identity is matched against, and the `sub` links.
struct FranceConnectFlow {
  std::string id_hash;  // SHA-256 of the flow cookie's value; the value itself is never stored
  std::string purpose;  // "login" or "logout"
  std::string state;
  std::string nonce;  // empty for logout
  Instant created_at{};
  Instant expires_at{};
};

class FranceConnectStore {
 public:
  virtual ~FranceConnectStore() = default;
  // Stores a new flow (and forgets expired ones).
  virtual void create_fc_flow(const FranceConnectFlow& flow) = 0;
  // Removes the flow and returns it if it had not expired at `now`: of two concurrent calls,
  // at most one gets it (this is what makes the state and the nonce single-use).
  [[nodiscard]] virtual std::optional<FranceConnectFlow> consume_fc_flow(std::string_view id_hash, Instant now) = 0;
  // Every register entry born on that day (YYYY-MM-DD): the candidates of a pivot identity.
  [[nodiscard]] virtual std::vector<account::RegisterEntry> register_entries_born_on(std::string_view birth_date) = 0;
  // The NIR of the account linked to that FranceConnect `sub`, if any.
  [[nodiscard]] virtual std::optional<std::string> find_nir_by_franceconnect_sub(std::string_view sub) = 0;
  // Links `sub` to the account (replacing an older sub of the same account). False, and nothing
  // changed, when the account does not exist or another account holds that sub.
  virtual bool link_franceconnect_sub(std::string_view nir13, std::string_view sub, Instant at) = 0;
};

}  // namespace mc::ports
