#pragma once
// Sign-in with NIR + password: the seed's lockout, race-free and enumeration-proof (SPEC §3).
#include <cstdint>
#include <optional>
#include <string>

#include "app/sessions.hpp"
#include "app/settings.hpp"
#include "core/account/account.hpp"
#include "core/ports.hpp"

namespace mc::app {

struct LoginRequest {
  std::string nir;  // as typed: 13 characters, or 15 with the key
  std::string password;
  std::string client_ip;
};

struct LoginOutcome {
  enum class Kind {
    ok,
    invalid_nir,
    invalid_credentials,
    temporarily_locked,
    permanently_locked,
    inactive,
    pending,
    other_space,
    busy,
    invalid_input,
  };
  Kind kind = Kind::invalid_credentials;
  std::string message;  // French, for the member
  std::string detail_code;  // invalid_nir: which rule (bad_key, temporary_number…)
  int attempts_before_lock = 0;
  bool next_lock_is_permanent = false;
  std::int64_t retry_after_s = 0;
  bool lock_triggered = false;  // this very failure set the lock (metrics)
  std::optional<account::Organisme> organisme;  // other_space
  std::optional<NewSession> session;  // ok
  std::string nir13;
};

[[nodiscard]] std::string_view result_code(LoginOutcome::Kind k);

// Sentences of SPEC §3, shared by the API and the pages.
[[nodiscard]] std::string invalid_credentials_message(int attempts_before_lock, bool next_is_permanent,
                                                      Duration temporary_lock);
[[nodiscard]] std::string temporarily_locked_message(std::int64_t retry_after_s);
[[nodiscard]] std::string permanently_locked_message();

class Login {
 public:
  Login(ports::Store& store, ports::PasswordHasher& hasher, const ports::Clock& clock, Sessions& sessions,
        const Settings& settings)
      : store_(store), hasher_(hasher), clock_(clock), sessions_(sessions), settings_(settings) {}

  LoginOutcome operator()(const LoginRequest& request);

 private:
  LoginOutcome refused(const lockout::Reservation& r, const std::string& nir13);
  LoginOutcome after_correct_password(const account::Member& member, const std::string& phc,
                                      const std::string& password, const lockout::Reservation& reservation,
                                      std::int64_t attempt, Instant now);

  ports::Store& store_;
  ports::PasswordHasher& hasher_;
  const ports::Clock& clock_;
  Sessions& sessions_;
  const Settings& settings_;
};

}  // namespace mc::app
