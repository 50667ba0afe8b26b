#pragma once
// Members (the register), their organisme and their online account (SPEC §3).
#include <optional>
#include <string>
#include <string_view>

#include "core/lockout/lockout.hpp"
#include "core/time.hpp"

namespace mc::account {

// Stored states. temp_locked / perm_locked are derived from the lockout record.
enum class State { pending, active, inactive };

[[nodiscard]] std::string_view to_string(State s);
[[nodiscard]] std::optional<State> parse_state(std::string_view s);

struct Organisme {
  std::string code, regime, name, online_space, phone, address;
  // A member of an organisme that runs its own space is sent there (once identified).
  [[nodiscard]] bool runs_other_space() const;
};

struct RegisterEntry {
  std::string nir13;
  std::string sex;  // "M" / "F"
  std::string family_name, given_names, birth_date;  // birth_date YYYY-MM-DD
  std::string birth_place_insee, birth_place_label, birth_country;
  std::string address, postal_code, city, email, phone;
  std::string organisme;
  std::string vitale_serial, iban_last7;
  std::string rights_from, rights_to;
  bool css = false, ald = false;
};

struct Account {
  std::string nir13;
  State state = State::pending;
  std::string password_hash;  // Argon2id PHC string
  bool email_verified = false;
  Instant created_at{};
  std::optional<Instant> last_login_at;
  std::optional<std::string> franceconnect_sub;
};

// What a sign-in needs about one NIR. `account` is empty when none was ever created.
struct Member {
  RegisterEntry entry;
  Organisme organisme;
  std::optional<Account> account;
};

// The state the member and advisors see, lock included ("none", "pending", "active",
// "temp_locked", "perm_locked", "inactive").
[[nodiscard]] std::string display_state(const std::optional<Account>& account, const lockout::Record& lock,
                                        Instant now);

// "1995-10-01" or "01/10/1995" (as members type it) → "1995-10-01"; nullopt when not a date.
[[nodiscard]] std::optional<std::string> normalize_date(std::string_view input);

// Accounts with no sign-in for `months` become inactive (SPEC §3, default 24).
[[nodiscard]] bool inactive_by_time(const Account& a, Instant now, double months);

}  // namespace mc::account
