#include "core/attestation/base32.hpp"

#include <gtest/gtest.h>

namespace mc::attestation {
namespace {

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

TEST(Base32, Rfc4648VectorsWithoutPadding) {
  EXPECT_EQ(base32_encode(bytes("")), "");
  EXPECT_EQ(base32_encode(bytes("f")), "MY");
  EXPECT_EQ(base32_encode(bytes("fo")), "MZXQ");
  EXPECT_EQ(base32_encode(bytes("foo")), "MZXW6");
  EXPECT_EQ(base32_encode(bytes("foob")), "MZXW6YQ");
  EXPECT_EQ(base32_encode(bytes("fooba")), "MZXW6YTB");
  EXPECT_EQ(base32_encode(bytes("foobar")), "MZXW6YTBOI");
}

TEST(Base32, RoundTripsEveryLength) {
  std::vector<std::uint8_t> data;
  for (int n = 0; n < 70; ++n) {
    const auto decoded = base32_decode(base32_encode(data));
    ASSERT_TRUE(decoded) << n;
    EXPECT_EQ(*decoded, data);
    data.push_back(static_cast<std::uint8_t>(n * 37 + 11));
  }
}

TEST(Base32, RejectsNonCanonicalInput) {
  EXPECT_FALSE(base32_decode("MZXW6YQ="));   // padding
  EXPECT_FALSE(base32_decode("mzxw6yq"));    // lower case
  EXPECT_FALSE(base32_decode("MZXW6YR"));    // non-zero spare bits
  EXPECT_FALSE(base32_decode("MZX"));        // impossible length
  EXPECT_FALSE(base32_decode("M0XW"));       // 0 is not in the alphabet
}

TEST(Base32, EveryChangedCharacterOfA64ByteSignatureIsDetected) {
  std::vector<std::uint8_t> sig(64);
  for (int i = 0; i < 64; ++i) sig[i] = static_cast<std::uint8_t>(i * 13 + 7);
  const std::string text = base32_encode(sig);
  ASSERT_EQ(text.size(), 103u);
  for (std::size_t i = 0; i < text.size(); ++i) {
    for (char c : std::string_view{"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"}) {
      if (c == text[i]) continue;
      std::string changed = text;
      changed[i] = c;
      const auto decoded = base32_decode(changed);
      EXPECT_TRUE(!decoded || *decoded != sig) << i;
    }
  }
}

}  // namespace
}  // namespace mc::attestation
