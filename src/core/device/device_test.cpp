#include "core/device/device.hpp"

#include <gtest/gtest.h>

namespace mc::device {
namespace {

// A stand-in keyed MAC: deterministic, different per input and per key.
Mac fake_mac(const std::string& key) {
  return [key](std::string_view in) {
    std::size_t h = std::hash<std::string>{}(key + "|" + std::string(in));
    std::string hex;
    for (int i = 0; i < 4; ++i) {
      char buf[17];
      std::snprintf(buf, sizeof buf, "%016zx", h * (2 * i + 1) + static_cast<std::size_t>(i));
      hex += buf;
    }
    return hex;
  };
}
bool eq(std::string_view a, std::string_view b) { return a == b; }

const std::string kA = "1850775123456", kB = "2900175654321";
const std::string kId1(32, 'a'), kId2(32, 'b');

TEST(DeviceCookie, RoundTripsAndIsBoundToOneAccount) {
  auto mac = fake_mac("k");
  auto cookie = format_cookie({make_entry(kA, kId1, mac)});
  auto entries = parse_cookie(cookie);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(device_for(entries, kA, mac, eq), kId1);
  EXPECT_FALSE(device_for(entries, kB, mac, eq));              // another account's cookie
  EXPECT_FALSE(device_for(entries, kA, fake_mac("other"), eq));  // another key (rotated, forged)
}

TEST(DeviceCookie, ForgedOrMalformedEntriesAreIgnored) {
  auto mac = fake_mac("k");
  auto good = make_entry(kA, kId1, mac);
  Entry forged{kId2, good.mac};
  auto entries = parse_cookie(format_cookie({forged}) + "~garbage~" + std::string(32, 'Z') + "." + good.mac + "~~");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_FALSE(device_for(entries, kA, mac, eq));
  EXPECT_TRUE(parse_cookie("").empty());
  EXPECT_TRUE(parse_cookie(std::string(10000, '~')).empty());
}

TEST(DeviceCookie, KeepsOneEntryPerAccountNewestFirstBounded) {
  auto mac = fake_mac("k");
  std::vector<Entry> entries;
  for (int i = 0; i < 8; ++i) entries = with_entry(entries, make_entry(kA, std::string(31, 'c') + char('0' + i), mac));
  EXPECT_EQ(entries.size(), kMaxEntries);
  EXPECT_EQ(entries.front().id.back(), '7');
  entries = with_entry(entries, entries.back());
  EXPECT_EQ(entries.size(), kMaxEntries);
  EXPECT_EQ(entries.front().id.back(), '3');
}

TEST(DeviceCounters, SharedCounterIsTheAccountRow) {
  EXPECT_EQ(counter_key(kA, std::nullopt), kA);
  const auto key = counter_key(kA, kId1);
  EXPECT_GE(key, counter_prefix(kA));
  EXPECT_LT(key, counter_prefix_end(kA));
  EXPECT_FALSE(kA >= counter_prefix(kA) && kA < counter_prefix_end(kA));
}

TEST(UserAgent, FamiliesAMemberRecognises) {
  EXPECT_EQ(describe_user_agent("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                                "Chrome/120.0 Mobile Safari/537.36"),
            "Chrome sur Android");
  EXPECT_EQ(describe_user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
                                "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"),
            "Safari sur iPhone");
  EXPECT_EQ(describe_user_agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"),
            "Firefox sur Windows");
  EXPECT_EQ(describe_user_agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                                "Chrome/120.0 Safari/537.36 Edg/120.0"),
            "Edge sur Windows");
  EXPECT_EQ(describe_user_agent("curl/8.0"), "Application ou navigateur inconnu");
}

TEST(DeviceCookie, AfterARotationCookiesUnderEitherKeyNameTheirDevice) {
  auto old_key = fake_mac("old"), new_key = fake_mac("new");
  // The ring after `keys rotate`: the new key first, the old one still verifying.
  Macs ring = [&](std::string_view in) { return std::vector<std::string>{new_key(in), old_key(in)}; };
  auto entries = parse_cookie(format_cookie({make_entry(kA, kId1, old_key), make_entry(kB, kId2, new_key)}));
  EXPECT_EQ(device_for_any(entries, kA, ring, eq), kId1);  // made before the rotation
  EXPECT_EQ(device_for_any(entries, kB, ring, eq), kId2);  // made after
  EXPECT_FALSE(device_for(entries, kA, new_key, eq));      // the new key alone does not know it
  Macs retired = [&](std::string_view in) { return std::vector<std::string>{new_key(in)}; };
  EXPECT_FALSE(device_for_any(entries, kA, retired, eq));  // after `keys retire`: an unknown device
  EXPECT_FALSE(device_for_any(
      entries, kA, [&](std::string_view in) { return std::vector<std::string>{fake_mac("x")(in)}; }, eq));
}

}  // namespace
}  // namespace mc::device
