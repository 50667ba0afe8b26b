#include "core/staff/totp.hpp"

#include <gtest/gtest.h>

namespace mc::staff {
namespace {

const TotpPolicy kPolicy;
// A fake HOTP: the code of step n is n's last six digits (the real one is the liboath adapter's).
std::string fake_code(std::int64_t step) {
  auto s = std::to_string(step % 1'000'000);
  return std::string(6 - s.size(), '0') + s;
}
bool eq(std::string_view a, std::string_view b) { return a == b; }
Instant at_step(std::int64_t step, int ms_into = 0) { return from_millis(step * 30'000 + ms_into); }

std::optional<std::int64_t> match(std::string_view code, Instant now, std::optional<std::int64_t> last = std::nullopt) {
  return match_totp(code, now, last, kPolicy, fake_code, eq);
}

TEST(Totp, StepIsTheThirtySecondSlot) {
  EXPECT_EQ(totp_step(from_millis(59'000), kPolicy), 1);
  EXPECT_EQ(totp_step(from_millis(60'000), kPolicy), 2);
  // RFC 6238 appendix B: T = 0x00000000023523EC at 1111111109 s.
  EXPECT_EQ(totp_step(from_millis(1'111'111'109'000), kPolicy), 0x23523EC);
}

TEST(Totp, TheCurrentCodeAndItsNeighboursAreAccepted) {
  const std::int64_t s = 60'000'500;
  EXPECT_EQ(match(fake_code(s), at_step(s, 12'000)), s);
  EXPECT_EQ(match(fake_code(s - 1), at_step(s)), s - 1);  // the clock of the phone is a bit late
  EXPECT_EQ(match(fake_code(s + 1), at_step(s)), s + 1);
  EXPECT_FALSE(match(fake_code(s - 2), at_step(s)));
  EXPECT_FALSE(match(fake_code(s + 2), at_step(s)));
}

TEST(Totp, WrongOrMalformedCodesAreRefused) {
  const std::int64_t s = 60'000'500;
  EXPECT_FALSE(match("999999", at_step(s)));
  EXPECT_FALSE(match("12345", at_step(s)));
  EXPECT_FALSE(match("12345a", at_step(s)));
  EXPECT_FALSE(match("", at_step(s)));
  EXPECT_EQ(match(" 000 500 ", at_step(s)), s);  // spaces as the apps show them: 000 500
}

TEST(Totp, ACodeIsAcceptedOnce) {
  const std::int64_t s = 60'000'500;
  auto first = match(fake_code(s), at_step(s, 1'000));
  ASSERT_EQ(first, s);
  EXPECT_FALSE(match(fake_code(s), at_step(s, 2'000), first));       // replay in the same slot
  EXPECT_FALSE(match(fake_code(s), at_step(s + 1), first));          // replay in the next slot
  EXPECT_FALSE(match(fake_code(s - 1), at_step(s, 3'000), first));   // an older code after a newer one
  EXPECT_EQ(match(fake_code(s + 1), at_step(s + 1), first), s + 1);  // the next code works
}

TEST(Totp, UriFollowsTheKeyUriFormat) {
  EXPECT_EQ(otpauth_uri("MonCompte", "marie.dupont", "JBSWY3DPEHPK3PXP", kPolicy),
            "otpauth://totp/MonCompte:marie.dupont?secret=JBSWY3DPEHPK3PXP&issuer=MonCompte&algorithm=SHA1&digits=6"
            "&period=30");
}

}  // namespace
}  // namespace mc::staff
