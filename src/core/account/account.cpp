#include "core/account/account.hpp"

#include <algorithm>
#include <cctype>

namespace mc::account {

std::string_view to_string(State s) {
  switch (s) {
    case State::pending: return "pending";
    case State::active: return "active";
    case State::inactive: return "inactive";
  }
  return "pending";
}

std::optional<State> parse_state(std::string_view s) {
  if (s == "pending") return State::pending;
  if (s == "active") return State::active;
  if (s == "inactive") return State::inactive;
  return std::nullopt;
}

bool Organisme::runs_other_space() const {
  std::string s = online_space;
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return !s.empty() && s != "compte ameli";
}

std::string display_state(const std::optional<Account>& a, const lockout::Record& lock, Instant now) {
  if (!a) return "none";
  if (a->state == State::active || a->state == State::inactive) {
    auto st = lockout::status(lock, now);
    if (st.standing == lockout::Standing::permanently_locked) return "perm_locked";
    if (a->state == State::inactive) return "inactive";
    if (st.standing == lockout::Standing::temporarily_locked) return "temp_locked";
  }
  return std::string(to_string(a->state));
}

bool inactive_by_time(const Account& a, Instant now, double months) {
  if (a.state != State::active || months <= 0) return false;
  Instant since = a.last_login_at.value_or(a.created_at);
  // A month is taken as 30.44 days: the rule is "about two years", not a calendar computation.
  return now - since >= days(months * 30.44);
}

}  // namespace mc::account
