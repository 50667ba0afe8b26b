#include "adapters/http/time_text.hpp"

#include <gtest/gtest.h>

namespace mc::http {
namespace {

Instant utc(std::int64_t seconds) { return from_millis(seconds * 1000); }

TEST(ParisTime, WinterIsUtcPlusOneSummerUtcPlusTwo) {
  EXPECT_EQ(paris_time(utc(1796306700)), "03/12/2026 15:05 (heure de Paris)");  // 2026-12-03T14:05:00Z
  EXPECT_EQ(paris_time(utc(1784192400)), "16/07/2026 11:00 (heure de Paris)");  // 2026-07-16T09:00:00Z
}

TEST(ParisTime, ChangesAtOneUtcOnTheLastSundays) {
  // 2026-03-29 (last Sunday of March) 00:59:59Z → 01:59:59 CET; 01:00:00Z → 03:00 CEST.
  EXPECT_EQ(paris_time(utc(1774745999)), "29/03/2026 01:59 (heure de Paris)");
  EXPECT_EQ(paris_time(utc(1774746000)), "29/03/2026 03:00 (heure de Paris)");
  // 2026-10-25 (last Sunday of October) 00:59:59Z → 02:59 CEST; 01:00:00Z → 02:00 CET.
  EXPECT_EQ(paris_time(utc(1792889999)), "25/10/2026 02:59 (heure de Paris)");
  EXPECT_EQ(paris_time(utc(1792890000)), "25/10/2026 02:00 (heure de Paris)");
}

}  // namespace
}  // namespace mc::http
