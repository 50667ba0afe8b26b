#pragma once
// Sign-in with FranceConnect (SPEC §5): the flow bound to the browser, the callback (state, code
// exchange, pivot identity matched to the register), the lock matrix, and the logout that ends
// the FranceConnect session too. Protocol checks live behind ports::FranceConnectProvider.
#include <cstdint>
#include <expected>
#include <optional>
#include <string>

#include "app/sessions.hpp"
#include "app/settings.hpp"
#include "core/ports/franceconnect_provider.hpp"
#include "core/ports/franceconnect_store.hpp"
#include "core/ports/fwd.hpp"

namespace mc::app {

struct FranceConnectSettings {
  // Temporarily locked accounts may sign in with FranceConnect (the lock still applies to the
  // password and is neither lifted nor counted).
  bool allow_temporarily_locked = true;
  Duration flow_ttl = minutes(10);  // from the redirect to FranceConnect until the callback
};

struct FranceConnectDeps {
  ports::Store& store;
  ports::FranceConnectStore& fc_store;
  ports::FranceConnectProvider& provider;
  ports::Crypto& crypto;
  const ports::Clock& clock;
  Sessions& sessions;
  const Settings& settings;
  FranceConnectSettings fc;
  // The member's own history (issue 17 item 5); none in unit tests that do not look at it.
  ports::SignInHistory* history = nullptr;
};

// Where to send the browser, and the flow cookie to give it (value: 64 hex characters).
struct FranceConnectRedirect {
  std::string url;
  std::string flow_cookie;
};

// The query of the callback, as received.
struct FranceConnectCallback {
  std::string code, state, error, error_description, iss;
};

struct FranceConnectOutcome {
  enum class Kind {
    ok,
    invalid_flow,        // no flow for this browser, expired, already used, or state mismatch
    cancelled,           // the member cancelled on FranceConnect (access_denied)
    provider_error,      // any other failure of FranceConnect or of its answers' checks
    no_match,            // nobody in the register has this identity
    several_matches,     // several register entries have it: never guess
    link_conflict,       // the `sub` is linked to another account (a race, in practice)
    no_account,          // known to the register, but no online account yet
    other_space,         // the member's organisme runs its own online space
    pending,             // account created, provisional code not used yet
    inactive,
    permanently_locked,
    temporarily_locked,  // only when franceconnect.allow_temporarily_locked is false
  };
  Kind kind = Kind::provider_error;
  std::optional<NewSession> session;            // ok
  std::optional<account::Organisme> organisme;  // other_space
  std::int64_t retry_after_s = 0;               // temporarily_locked
  bool transient = false;                       // provider_error: worth trying again later
  std::string log_detail;                       // what went wrong, for the log only
};

[[nodiscard]] std::string_view result_code(FranceConnectOutcome::Kind k);

class FranceConnectLogin {
 public:
  explicit FranceConnectLogin(FranceConnectDeps deps) : d_(deps) {}

  // A new flow (state + nonce, 64 hex characters each, stored server-side under a hash of a
  // fresh cookie value) and the authorization URL. Failure when FranceConnect is unreachable.
  std::expected<FranceConnectRedirect, ports::FranceConnectProvider::Failure> start();

  // `flow_cookie` is the value of the browser's flow cookie (empty when it has none).
  FranceConnectOutcome callback(const FranceConnectCallback& query, const std::string& flow_cookie,
                                const std::string& client_ip);

  // For a session opened with FranceConnect: a logout flow and FranceConnect's end-session URL
  // (id_token_hint, state, post_logout_redirect_uri). nullopt for other sessions, or when
  // FranceConnect cannot be reached (only the local session then ends).
  std::optional<FranceConnectRedirect> logout(const ports::Session& ended);

  // The return from FranceConnect's logout: true when the state is that of this browser's flow.
  bool logout_returned(const std::string& flow_cookie, const std::string& state);

 private:
  std::optional<ports::FranceConnectFlow> take_flow(const std::string& flow_cookie, std::string_view purpose,
                                                    const std::string& state, std::string& why);
  FranceConnectOutcome sign_in(const std::string& nir13, const ports::FranceConnectProvider::Login& login,
                               bool link, const std::string& client_ip, Instant now);

  FranceConnectDeps d_;
};

}  // namespace mc::app
