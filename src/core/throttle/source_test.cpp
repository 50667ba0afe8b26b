#include "core/throttle/source.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace mc::throttle {
namespace {

const Instant t0 = from_millis(1'700'000'000'000);

TEST(SourceKey, Ipv4IsItsOwnSource) { EXPECT_EQ(source_key("203.0.113.7"), "203.0.113.7"); }

TEST(SourceKey, Ipv6IsGroupedBySlash64) {
  EXPECT_EQ(source_key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(source_key("2001:db8:1:2:ffff::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(source_key("[2001:db8:1:2::9]"), "2001:db8:1:2::/64");
}

TEST(SourceKey, MappedIpv4IsTheIpv4Address) { EXPECT_EQ(source_key("::ffff:203.0.113.7"), "203.0.113.7"); }

TEST(MaskedSource, Ipv4Slash24Ipv6Slash48) {
  const std::pair<const char*, const char*> cases[] = {
      {"203.0.113.7", "203.0.113.0/24"},
      {"::ffff:198.51.100.200", "198.51.100.0/24"},
      {"2001:db8:1:2:3:4:5:6", "2001:db8:1::/48"},
      {"[2001:db8:abcd:ffff::1]", "2001:db8:abcd::/48"},
      {"not an address", "inconnue"},
  };
  for (const auto& [address, masked] : cases) EXPECT_EQ(masked_source(address), masked) << address;
}

TEST(SourceKey, GarbageStillHasAKey) {
  EXPECT_EQ(source_key("not an address"), "other:not an address");
  EXPECT_EQ(source_key(""), "other:");
}

TEST(Cidr, MatchesItsBlockOnly) {
  struct Case {
    const char* block;
    std::vector<const char*> inside, outside;
  };
  const Case cases[] = {
      {"10.1.0.0/16", {"10.1.200.3", "::ffff:10.1.0.9"}, {"10.2.0.1", "2001:db8::1"}},
      {"192.0.2.1", {"192.0.2.1"}, {"192.0.2.2"}},
      {"2001:db8::/32", {"2001:db8:ffff::1"}, {"2001:db9::1"}},
      {"10.0.0.0/13", {"10.7.255.255"}, {"10.8.0.0"}},
  };
  for (const auto& c : cases) {
    auto block = Cidr::parse(c.block);
    ASSERT_TRUE(block) << c.block;
    for (const char* a : c.inside) EXPECT_TRUE(block->contains(a)) << c.block << " " << a;
    for (const char* a : c.outside) EXPECT_FALSE(block->contains(a)) << c.block << " " << a;
  }
}

TEST(Cidr, RejectsMalformedBlocks) {
  for (auto bad : {"", "10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "::/129", "x/8", "10.0.0.0/8x"})
    EXPECT_FALSE(Cidr::parse(bad)) << bad;
}

TEST(Budget, SpendsThenRefusesThenRefillsContinuously) {
  const Budget b{20, minutes(10)};  // one unit every 30 s
  Bucket bucket;
  for (int i = 0; i < 20; ++i) {
    auto t = take(bucket, t0, b);
    ASSERT_TRUE(t.allowed) << i;
    bucket = t.next;
  }
  EXPECT_EQ(remaining(bucket, t0, b), 0);
  auto refused = take(bucket, t0, b);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.next.tat, bucket.tat);
  EXPECT_EQ(refused.retry_after_s, 30);
  EXPECT_FALSE(peek(bucket, t0 + std::chrono::seconds(29), b).allowed);
  EXPECT_TRUE(peek(bucket, t0 + std::chrono::seconds(30), b).allowed);
  EXPECT_EQ(remaining(bucket, t0 + std::chrono::seconds(90), b), 3);
  EXPECT_TRUE(is_full(bucket, t0 + minutes(10)));
  EXPECT_EQ(remaining(bucket, t0 + minutes(10), b), 20);
}

TEST(Budget, ForcedSpendingOverdrawsAndDelaysTheSource) {
  const Budget b{2, minutes(1)};
  Bucket bucket;
  for (int i = 0; i < 4; ++i) bucket = take(bucket, t0, b, 1, /*force=*/true).next;
  auto p = peek(bucket, t0, b);
  EXPECT_FALSE(p.allowed);
  EXPECT_EQ(p.retry_after_s, 90);  // two units overdrawn, then one more interval
}

TEST(Budget, ZeroBudgetRefusesEverything) {
  EXPECT_FALSE(peek({}, t0, Budget{0, minutes(1)}).allowed);
}

}  // namespace
}  // namespace mc::throttle
