#pragma once
// Sources and their failure budgets (SPEC §3 "Sources"), as pure functions of `now`.
//
// A source is the client address: an IPv4 address, or the /64 of an IPv6 address (one home or
// phone holds a whole /64). IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are the IPv4 address.
//
// A budget is a token bucket refilled continuously, kept as one instant per source (GCRA, the
// "theoretical arrival time"): each unit spent pushes it `window / per_window` further; the
// bucket is empty when it is more than `window` ahead of now. One integer per source, no
// sliding-window rows.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace mc::throttle {

// "203.0.113.7" → "203.0.113.7"; "2001:db8:1:2:3:4:5:6" → "2001:db8:1:2::/64";
// "::ffff:203.0.113.7" → "203.0.113.7". Anything else (a Unix socket, garbage) is its own key,
// truncated, so that it still has a budget.
[[nodiscard]] std::string source_key(std::string_view address);

// The source as the member's sign-in history stores and shows it (issue 17 item 5): an IPv4
// address masked to its /24 ("203.0.113.7" → "203.0.113.0/24"), an IPv6 one to its /48
// ("2001:db8:1:2::9" → "2001:db8:1::/48"); anything else is "inconnue".
[[nodiscard]] std::string masked_source(std::string_view address);

// An address block, "10.0.0.0/8", "2001:db8::/32" or a single address.
class Cidr {
 public:
  [[nodiscard]] static std::optional<Cidr> parse(std::string_view text);
  [[nodiscard]] bool contains(std::string_view address) const;

 private:
  bool v6_ = false;
  std::uint8_t bytes_[16] = {};
  int prefix_ = 0;
};

struct Budget {
  int per_window = 20;
  Duration window = minutes(10);
  [[nodiscard]] Duration interval() const { return per_window > 0 ? window / per_window : window; }
};

struct Bucket {
  Instant tat{};  // theoretical arrival time; a fresh source has tat <= now
};

struct Take {
  bool allowed = true;
  Bucket next;                     // what to store (unchanged when refused, unless forced)
  std::int64_t retry_after_s = 0;  // refused: whole seconds until one unit is back
};

// Whether one more unit may be spent now, without spending it.
[[nodiscard]] Take peek(const Bucket& bucket, Instant now, const Budget& budget);
// Spends `cost` units if the bucket holds them. `force` spends them anyway (a failure that has
// already happened is counted even when it overdraws the budget: the source waits longer).
[[nodiscard]] Take take(const Bucket& bucket, Instant now, const Budget& budget, int cost = 1, bool force = false);
// Units left now (for the back office and tests).
[[nodiscard]] int remaining(const Bucket& bucket, Instant now, const Budget& budget);
// A bucket whose tat is before this instant is full again: its row can be forgotten.
[[nodiscard]] inline bool is_full(const Bucket& bucket, Instant now) { return bucket.tat <= now; }

}  // namespace mc::throttle
