#include "core/staff/totp.hpp"

namespace mc::staff {

std::int64_t totp_step(Instant now, const TotpPolicy& p) {
  auto ms = to_millis(now);
  auto period = p.period.count();
  // Floor division: instants before the epoch never occur, but keep the arithmetic honest.
  return ms >= 0 ? ms / period : -((-ms + period - 1) / period);
}

std::optional<std::string> normalize_totp(std::string_view input, const TotpPolicy& p) {
  std::string out;
  for (char c : input) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (c < '0' || c > '9') return std::nullopt;
    out.push_back(c);
  }
  if (out.size() != static_cast<std::size_t>(p.digits)) return std::nullopt;
  return out;
}

std::optional<std::int64_t> match_totp(std::string_view code, Instant now, std::optional<std::int64_t> last_used_step,
                                       const TotpPolicy& p, const TotpAt& code_at, const SecretEqual& equal) {
  auto normalized = normalize_totp(code, p);
  if (!normalized) return std::nullopt;
  const std::int64_t current = totp_step(now, p);
  std::optional<std::int64_t> found;
  // Every step of the window is computed, matched or not, so the time taken says nothing.
  for (std::int64_t step = current - p.window; step <= current + p.window; ++step) {
    bool same = equal(code_at(step), *normalized);
    if (same && !found && (!last_used_step || step > *last_used_step)) found = step;
  }
  return found;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view secret, const TotpPolicy& p) {
  std::string uri = "otpauth://totp/";
  uri += issuer;
  uri += ':';
  uri += account;
  uri += "?secret=";
  uri += secret;
  uri += "&issuer=";
  uri += issuer;
  uri += "&algorithm=SHA1&digits=" + std::to_string(p.digits) + "&period=" + std::to_string(p.period.count() / 1000);
  return uri;
}

}  // namespace mc::staff
