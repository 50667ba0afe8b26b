#include "core/account/account.hpp"

#include <algorithm>
#include <cctype>

#include "core/enum_names.hpp"

namespace mc::account {

namespace {
constexpr EnumName<State> kStateNames[] = {
    {State::pending, "pending"}, {State::active, "active"}, {State::inactive, "inactive"}};
}  // namespace

std::string_view to_string(State s) { return name_of(kStateNames, s, "pending"); }

std::optional<State> parse_state(std::string_view s) { return value_named(kStateNames, s); }

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

namespace {
bool valid_iso_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  int m = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
  return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}
}  // namespace

std::optional<std::string> normalize_date(std::string_view in) {
  while (!in.empty() && in.front() == ' ') in.remove_prefix(1);
  while (!in.empty() && in.back() == ' ') in.remove_suffix(1);
  if (valid_iso_date(in)) return std::string(in);
  if (in.size() == 10 && (in[2] == '/' || in[2] == '-' || in[2] == '.') && in[5] == in[2]) {
    std::string iso = std::string(in.substr(6, 4)) + "-" + std::string(in.substr(3, 2)) + "-" + std::string(in.substr(0, 2));
    if (valid_iso_date(iso)) return iso;
  }
  return std::nullopt;
}

}  // namespace mc::account
