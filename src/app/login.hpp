#pragma once
// Sign-in with NIR + password: the seed's lockout, race-free and enumeration-proof (SPEC §3).
#include <cstdint>
#include <optional>
#include <string>

#include "app/attack_monitor.hpp"
#include "app/sessions.hpp"
#include "app/settings.hpp"
#include "app/source_throttle.hpp"
#include "core/account/account.hpp"
#include "core/device/device.hpp"
#include "core/error.hpp"
#include "core/ports/device.hpp"
#include "core/ports/fwd.hpp"

namespace mc::app {

struct LoginRequest {
  std::string nir;  // as typed: 13 characters, or 15 with the key
  std::string password;
  std::string client_ip;
  std::string device_cookie;  // the device cookie's value as sent (may be empty, forged, another account's)
  std::string user_agent;     // for the device's label in "Mes appareils"
};

// A successful sign-in. Every refusal is an mc::Error: invalid_nir (details.field = the NIR rule
// broken), invalid_input, too_many_requests and temporarily_locked (details.retry_after_s),
// invalid_credentials (details.attempts_before_lock, next_lock_is_permanent), permanently_locked,
// inactive, pending, other_space (details.other_space), busy.
struct SignedIn {
  NewSession session;
  std::optional<std::string> device_cookie;  // the device cookie to set (this account's entry first)
  bool recognised_device = false;
  std::string nir13;
};

// What operators learn about an attempt beside what the member is told. The Result is the
// member's answer; these facts are for metrics and logs only (moncompte_locks_total), so they
// are not details of the error the member sees. Filled whatever the answer, when asked for.
struct LoginTrace {
  std::string nir13;            // once the NIR parsed
  bool lock_triggered = false;  // this very failure set the lock (its kind is the error's code)
};

// Sentences of SPEC §3, shared by the API and the pages.
[[nodiscard]] std::string invalid_credentials_message(int attempts_before_lock, bool next_is_permanent,
                                                      Duration temporary_lock);
[[nodiscard]] std::string temporarily_locked_message(std::int64_t retry_after_s);
[[nodiscard]] std::string permanently_locked_message();
[[nodiscard]] std::string too_many_requests_message(std::int64_t retry_after_s);

struct LoginDeps {
  ports::Store& store;
  ports::DeviceStore& devices;
  ports::PasswordHasher& hasher;
  ports::Crypto& crypto;
  const ports::Clock& clock;
  Sessions& sessions;
  SourceThrottle& throttle;
  AttackMonitor& monitor;
  const ports::Messages& messages;
  device::Mac device_mac;  // HMAC-SHA-256 under the device key (hex): new cookies
  const Settings& settings;
  // Under every key of the device key ring, current first: recognising cookies (issue 19,
  // rotation). Unset: device_mac alone.
  device::Macs device_macs = {};
};

class Login {
 public:
  explicit Login(LoginDeps deps) : d_(std::move(deps)) {}

  // `trace`, when given, receives the operators' facts about this attempt (see LoginTrace).
  Result<SignedIn> operator()(const LoginRequest& request, LoginTrace* trace = nullptr);

  // The device cookie after a successful sign-in of `nir13` from a device that is `recognised`
  // (its id) or new, keeping the other accounts' entries the browser holds. Also used by
  // FranceConnect, which proves who the member is as well as a password does.
  struct DeviceGrant {
    ports::Device device;
    std::string cookie;
  };
  [[nodiscard]] DeviceGrant grant_device(const std::string& nir13, const std::string& cookie,
                                         const std::optional<std::string>& recognised, const std::string& user_agent,
                                         Instant now);
  // The recognised device of `nir13` this cookie names, if any (forged, revoked, other account's: none).
  [[nodiscard]] std::optional<std::string> recognised_device(const std::string& nir13, const std::string& cookie);

 private:
  struct Attempt;
  static Error refused(const lockout::Reservation& r);
  Error wrong_password(const Attempt& a, const std::optional<account::Member>& member, LoginTrace& trace);
  Result<SignedIn> after_correct_password(const Attempt& a, const account::Member& member, const std::string& phc,
                                          const std::string& password);

  LoginDeps d_;
};

}  // namespace mc::app
