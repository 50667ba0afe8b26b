#include "core/nir/redact.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace mc::nir {
namespace {

// A stand-in for the HMAC: what matters is that the NIR goes through it and never around it.
const Mac kMac = [](std::string_view d) {
  std::size_t h = std::hash<std::string_view>{}(d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016zx%016zx", h, h * 31);
  return std::string(buf);
};

// 13 digits in a row, or a Corsican NIR (5 digits, 2A/2B, 6 digits), anywhere in `s`.
bool nir_in_clear(std::string_view s) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i + 13 <= s.size(); ++i) {
    bool plain = true, corsica = true;
    for (std::size_t k = 0; k < 13; ++k) {
      const char c = s[i + k];
      plain = plain && digit(c);
      corsica = corsica && (k == 6 ? (c == 'A' || c == 'B' || c == 'a' || c == 'b') && s[i + 5] == '2' : digit(c));
    }
    if (plain || corsica) return true;
  }
  return false;
}

TEST(Redact, PathSegmentsThatReadAsNirsBecomePseudonyms) {
  const std::string out = redact_path("/conseiller/assures/1850775123456/debloquer", kMac);
  EXPECT_EQ(out, "/conseiller/assures/" + pseudonym("1850775123456", kMac) + "/debloquer");
  EXPECT_TRUE(out.starts_with("/conseiller/assures/p:"));
  EXPECT_EQ(pseudonym("1850775123456", kMac).size(), 14u);
}

TEST(Redact, FifteenCharactersSeparatorsAndCorsicaToo) {
  for (const char* p : {"/api/v1/staff/accounts/295109912611193", "/api/v1/staff/accounts/2 95 10 99 126 111 93",
                        "/x/253072B07300470", "/x/253072a073004", "/x/2.95.10.99.126.111"}) {
    const std::string out = redact_path(p, kMac);
    EXPECT_FALSE(nir_in_clear(out)) << p << " -> " << out;
    EXPECT_NE(out.find("p:"), std::string::npos) << out;
  }
  EXPECT_EQ(redact_path("/x/253072B07300470", kMac), redact_path("/x/253072b073004", kMac));
}

TEST(Redact, LongDigitRunsInsideTextAreRedactedOthersKept) {
  EXPECT_EQ(redact_path("/mon-compte/parametres", kMac), "/mon-compte/parametres");
  EXPECT_EQ(redact_path("/aide/demande/123456", kMac), "/aide/demande/123456");
  const std::string out = redact_text("nir=1850775123456&x=1", kMac);
  EXPECT_FALSE(nir_in_clear(out)) << out;
  EXPECT_EQ(out, "nir=" + pseudonym("1850775123456", kMac) + "&x=1");
  EXPECT_FALSE(nir_in_clear(redact_text("a 18507751234569912 b", kMac)));
}

TEST(Redact, SameNirSamePseudonymDifferentKeyDifferentPseudonym) {
  const Mac other = [](std::string_view d) { return kMac(std::string("other") + std::string(d)); };
  EXPECT_EQ(pseudonym("1850775123456", kMac), pseudonym("1850775123456", kMac));
  EXPECT_NE(pseudonym("1850775123456", kMac), pseudonym("1850775123456", other));
}

}  // namespace
}  // namespace mc::nir
