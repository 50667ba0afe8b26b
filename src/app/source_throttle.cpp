#include "app/source_throttle.hpp"

#include <algorithm>

#include "core/enum_names.hpp"
#include "core/ports/source_budgets.hpp"

namespace mc::app {

namespace {
// Past this many remembered sources, the expired ones are dropped (and all of them if that is
// not enough): memory stays bounded whatever a botnet does; the database still decides.
constexpr std::size_t kMaxRemembered = 100'000;

constexpr EnumName<ThrottleScope> kScopeNames[] = {
    {ThrottleScope::login, "login"},
    {ThrottleScope::staff_login, "staff_login"},
    {ThrottleScope::reset, "reset"},
    {ThrottleScope::activation, "activation"},
    {ThrottleScope::attestation_verify, "attestation_verify"},
    {ThrottleScope::paper_attestation, "paper_attestation"},
    {ThrottleScope::help_request, "help_request"},
};
}  // namespace

std::string_view scope_name(ThrottleScope s) { return name_of(kScopeNames, s, "other"); }

std::optional<ThrottleScope> parse_scope(std::string_view name) { return value_named(kScopeNames, name); }

bool SourceThrottle::trusted(std::string_view client_ip) const {
  return std::any_of(settings_.trusted.begin(), settings_.trusted.end(),
                     [&](const throttle::Cidr& c) { return c.contains(client_ip); });
}

throttle::Budget SourceThrottle::budget(ThrottleScope scope, std::string_view client_ip) const {
  const bool is_trusted = trusted(client_ip);
  // A trusted place (France Services, a CPAM counter) gets the trusted budget for failures and
  // the same multiple of the ordinary budget for requests: larger, never unlimited.
  const double factor = settings_.failures.per_window > 0
                            ? static_cast<double>(settings_.trusted_failures.per_window) / settings_.failures.per_window
                            : 1.0;
  auto scaled = [&](int n) { return is_trusted ? std::max(n, static_cast<int>(n * factor)) : n; };
  switch (scope) {
    case ThrottleScope::login:
    case ThrottleScope::staff_login: return is_trusted ? settings_.trusted_failures : settings_.failures;
    case ThrottleScope::attestation_verify: return {scaled(settings_.verifications_per_minute), minutes(1)};
    default: return {scaled(settings_.requests_per_hour), hours(1)};
  }
}

throttle::Take SourceThrottle::standing(std::string_view name, std::string_view source, const throttle::Bucket& bucket,
                                       Instant now) const {
  const ThrottleScope scope = parse_scope(name).value_or(ThrottleScope::login);
  // An IPv6 source is stored as its /64: its first address stands for it.
  std::string address(source);
  if (address.ends_with("/64")) address.resize(address.size() - 3), address += "1";
  return throttle::peek(bucket, now, budget(scope, address));
}

std::string SourceThrottle::key(ThrottleScope scope, std::string_view client_ip) const {
  return std::string(scope_name(scope)) + ":" + throttle::source_key(client_ip);
}

std::optional<std::int64_t> SourceThrottle::remembered(ThrottleScope scope, const std::string& key, Instant now) {
  std::optional<std::int64_t> wait;
  {
    std::lock_guard lock(mutex_);
    auto it = blocked_until_.find(key);
    if (it == blocked_until_.end()) return std::nullopt;
    if (it->second <= now) {
      blocked_until_.erase(it);
      return std::nullopt;
    }
    wait = std::max<std::int64_t>(1, seconds_until(now, it->second));
  }
  count_refusal(scope);
  return wait;
}

std::int64_t SourceThrottle::refuse(ThrottleScope scope, const std::string& key, Instant now, std::int64_t wait_s) {
  {
    std::lock_guard lock(mutex_);
    if (blocked_until_.size() >= kMaxRemembered) {
      const Instant now_for_sweep = clock_.now();
      std::erase_if(blocked_until_, [&](const auto& kv) { return kv.second <= now_for_sweep; });
      if (blocked_until_.size() >= kMaxRemembered) blocked_until_.clear();
    }
    blocked_until_[key] = now + std::chrono::seconds(wait_s);
    ++over_budget_;
  }
  count_refusal(scope);
  return wait_s;
}

void SourceThrottle::count_refusal(ThrottleScope scope) {
  std::lock_guard lock(mutex_);
  ++refusals_[std::string(scope_name(scope))];
}

std::optional<std::int64_t> SourceThrottle::refused(ThrottleScope scope, std::string_view client_ip) {
  const Instant now = clock_.now();
  const std::string k = key(scope, client_ip);
  if (auto wait = remembered(scope, k, now)) return wait;
  const auto verdict = throttle::peek(store_.read_budget(k), now, budget(scope, client_ip));
  if (verdict.allowed) return std::nullopt;
  const std::int64_t wait = refuse(scope, k, now, verdict.retry_after_s);
  store_.record_refusal(k, now);
  return wait;
}

void SourceThrottle::spend_failure(ThrottleScope scope, std::string_view client_ip) {
  const Instant now = clock_.now();
  const auto b = budget(scope, client_ip);
  (void)store_.spend_budget(key(scope, client_ip), now,
                            [&](const throttle::Bucket& bucket) { return throttle::take(bucket, now, b, 1, /*force=*/true); });
}

std::optional<std::int64_t> SourceThrottle::spend_request(ThrottleScope scope, std::string_view client_ip) {
  const Instant now = clock_.now();
  const std::string k = key(scope, client_ip);
  if (auto wait = remembered(scope, k, now)) return wait;
  const auto b = budget(scope, client_ip);
  const auto t = store_.spend_budget(k, now, [&](const throttle::Bucket& bucket) { return throttle::take(bucket, now, b); });
  if (t.allowed) return std::nullopt;
  return refuse(scope, k, now, t.retry_after_s);
}

SourceThrottle::Stats SourceThrottle::stats() const {
  std::lock_guard lock(mutex_);
  const Instant now = clock_.now();
  Stats s;
  s.refusals_by_scope = refusals_;
  s.sources_over_budget = over_budget_;
  s.blocked_now = static_cast<std::size_t>(
      std::count_if(blocked_until_.begin(), blocked_until_.end(), [&](const auto& kv) { return kv.second > now; }));
  return s;
}

}  // namespace mc::app
