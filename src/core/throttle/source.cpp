#include "core/throttle/source.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace mc::throttle {

namespace {

struct Parsed {
  bool v6 = false;
  std::uint8_t bytes[16] = {};
};

std::optional<Parsed> parse_address(std::string_view text) {
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (auto pct = text.find('%'); pct != std::string_view::npos) text = text.substr(0, pct);  // zone id
  if (text.empty() || text.size() > 45) return std::nullopt;
  char buf[46] = {};
  std::memcpy(buf, text.data(), text.size());
  Parsed p;
  if (inet_pton(AF_INET, buf, p.bytes) == 1) return p;
  if (inet_pton(AF_INET6, buf, p.bytes) != 1) return std::nullopt;
  static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(p.bytes, kMapped, 12) == 0) {
    std::memmove(p.bytes, p.bytes + 12, 4);
    std::memset(p.bytes + 4, 0, 12);
    return p;
  }
  p.v6 = true;
  return p;
}

bool prefix_equal(const std::uint8_t* a, const std::uint8_t* b, int prefix) {
  int full = prefix / 8;
  if (std::memcmp(a, b, static_cast<std::size_t>(full)) != 0) return false;
  int rest = prefix % 8;
  if (rest == 0) return true;
  auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a[full] & mask) == (b[full] & mask);
}

}  // namespace

std::string source_key(std::string_view address) {
  auto p = parse_address(address);
  if (!p) return "other:" + std::string(address.substr(0, 64));
  char out[INET6_ADDRSTRLEN] = {};
  if (!p->v6) {
    inet_ntop(AF_INET, p->bytes, out, sizeof out);
    return out;
  }
  std::memset(p->bytes + 8, 0, 8);
  inet_ntop(AF_INET6, p->bytes, out, sizeof out);
  return std::string(out) + "/64";
}

std::string masked_source(std::string_view address) {
  auto p = parse_address(address);
  if (!p) return "inconnue";
  char out[INET6_ADDRSTRLEN] = {};
  if (!p->v6) {
    p->bytes[3] = 0;
    inet_ntop(AF_INET, p->bytes, out, sizeof out);
    return std::string(out) + "/24";
  }
  std::memset(p->bytes + 6, 0, 10);
  inet_ntop(AF_INET6, p->bytes, out, sizeof out);
  return std::string(out) + "/48";
}

std::optional<Cidr> Cidr::parse(std::string_view text) {
  std::string_view addr = text;
  int prefix = -1;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    addr = text.substr(0, slash);
    auto digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) return std::nullopt;
  }
  auto p = parse_address(addr);
  if (!p) return std::nullopt;
  const int max = p->v6 ? 128 : 32;
  if (prefix < 0) prefix = max;
  if (prefix > max) return std::nullopt;
  Cidr c;
  c.v6_ = p->v6;
  std::memcpy(c.bytes_, p->bytes, 16);
  c.prefix_ = prefix;
  return c;
}

bool Cidr::contains(std::string_view address) const {
  auto p = parse_address(address);
  if (!p || p->v6 != v6_) return false;
  return prefix_equal(p->bytes, bytes_, prefix_);
}

Take peek(const Bucket& bucket, Instant now, const Budget& budget) {
  Take t;
  t.next = bucket;
  const Instant tat = std::max(bucket.tat, now);
  // One more unit would move tat to tat + interval; allowed while that stays within the window.
  const Instant limit = now + budget.window;
  if (budget.per_window <= 0 || tat + budget.interval() > limit) {
    t.allowed = false;
    t.retry_after_s = std::max<std::int64_t>(1, seconds_until(now, tat + budget.interval() - budget.window));
  }
  return t;
}

Take take(const Bucket& bucket, Instant now, const Budget& budget, int cost, bool force) {
  Take t = peek(bucket, now, budget);
  const Instant tat = std::max(bucket.tat, now);
  const Instant next = tat + budget.interval() * cost;
  if (!force && next > now + budget.window) {
    t.allowed = false;
    if (t.retry_after_s == 0) t.retry_after_s = std::max<std::int64_t>(1, seconds_until(now, next - budget.window));
    return t;
  }
  t.next.tat = next;
  return t;
}

int remaining(const Bucket& bucket, Instant now, const Budget& budget) {
  const Duration ahead = std::max(bucket.tat, now) - now;
  const auto used = (ahead + budget.interval() - Duration{1}) / budget.interval();  // rounded up
  return std::max(0, budget.per_window - static_cast<int>(used));
}

}  // namespace mc::throttle
