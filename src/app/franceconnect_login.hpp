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
#include "core/error.hpp"
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

// A successful FranceConnect sign-in. Every other answer is an mc::Error: invalid_flow,
// cancelled, provider_error (details.retry_after_s when worth trying again later), no_match,
// several_matches, link_conflict, no_account, other_space (details.other_space), pending,
// inactive, permanently_locked, temporarily_locked (details.retry_after_s; only when
// franceconnect.allow_temporarily_locked is false).
struct FranceConnectSignedIn {
  NewSession session;
};

// What went wrong (or how the member was found), for the operators' log only: never shown, so
// not part of the member's answer. Filled whatever the answer, when asked for.
struct FranceConnectTrace {
  std::string log_detail;
};

// How long to wait before trying FranceConnect again after a transient failure (Retry-After).
inline constexpr std::int64_t kFranceConnectRetryAfterS = 120;

class FranceConnectLogin {
 public:
  explicit FranceConnectLogin(FranceConnectDeps deps) : d_(deps) {}

  // A new flow (state + nonce, 64 hex characters each, stored server-side under a hash of a
  // fresh cookie value) and the authorization URL. Failure when FranceConnect is unreachable.
  std::expected<FranceConnectRedirect, ports::FranceConnectProvider::Failure> start();

  // `flow_cookie` is the value of the browser's flow cookie (empty when it has none).
  // `trace`, when given, receives the log's detail (see FranceConnectTrace).
  Result<FranceConnectSignedIn> callback(const FranceConnectCallback& query, const std::string& flow_cookie,
                                         const std::string& client_ip, FranceConnectTrace* trace = nullptr);

  // For a session opened with FranceConnect: a logout flow and FranceConnect's end-session URL
  // (id_token_hint, state, post_logout_redirect_uri). nullopt for other sessions, or when
  // FranceConnect cannot be reached (only the local session then ends).
  std::optional<FranceConnectRedirect> logout(const ports::Session& ended);

  // The return from FranceConnect's logout: true when the state is that of this browser's flow.
  bool logout_returned(const std::string& flow_cookie, const std::string& state);

 private:
  std::optional<ports::FranceConnectFlow> take_flow(const std::string& flow_cookie, std::string_view purpose,
                                                    const std::string& state, std::string& why);
  Result<FranceConnectSignedIn> sign_in(const std::string& nir13, const ports::FranceConnectProvider::Login& login,
                                        bool link, const std::string& client_ip, Instant now,
                                        FranceConnectTrace& trace);

  FranceConnectDeps d_;
};

}  // namespace mc::app
