#pragma once
// The rules' tunables, as the use cases see them (filled from the config in src/main/).
#include <string>

#include "app/secret_digest.hpp"
#include "core/lockout/lockout.hpp"
#include "core/token/token.hpp"
#include "core/time.hpp"

namespace mc::app {

struct SessionSettings {
  Duration idle = minutes(20);
  Duration absolute = hours(8);
};

// How long rows are kept once their purpose is over (app/housekeeping).
struct RetentionSettings {
  Duration attempts = days(365);  // the sign-in attempt log advisors read
  Duration codes = days(30);      // after a code's expiry, used or not
  Duration outbox = days(30);     // after an e-mail or letter was sent or given up
  // Lockout counters (accounts, devices and unknown NIRs alike) with no failure for this long and
  // no lock in force: forgotten, so that a spray over many NIRs leaves no lasting rows.
  Duration idle_counters = days(30);
};

struct Settings {
  lockout::Policy lockout;
  // SPEC §3 device trust: counters per (account, device class). Off: the seed's rule per account.
  bool device_trust = true;
  SessionSettings member_sessions;
  SessionSettings staff_sessions{minutes(15), hours(8)};
  double inactivity_months = 24;
  token::Validity validity;
  std::string base_url = "http://127.0.0.1:8080";  // every link in mails starts with it
  // Abuse limits for reset and activation requests, per hour. Past the per-NIR limit nothing
  // more is sent but the answer does not change; past the per-address limit the answer is 429
  // (which says nothing about any account).
  int requests_per_nir_per_hour = 5;
  int requests_per_ip_per_hour = 30;
  RetentionSettings retention;
  // Reset links and codes at rest: HMAC under keys/secrets.key (app/secret_digest.hpp).
  SecretDigest secrets;
};

}  // namespace mc::app
