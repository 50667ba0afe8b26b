#include "adapters/totp/oath_totp.hpp"

#include <gtest/gtest.h>

#include "core/staff/totp.hpp"

namespace mc::totp {
namespace {

class FixedCrypto final : public ports::Crypto {
 public:
  void random_bytes(std::span<std::uint8_t> out) override {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>('0' + (i + 1) % 10);
  }
  std::string sha256_hex(std::string_view) const override { return {}; }
  bool equal(std::string_view a, std::string_view b) const override { return a == b; }
};

// RFC 6238 appendix B, SHA-1 key "12345678901234567890" (base32 below), 8 digits.
constexpr const char* kRfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

TEST(OathTotp, MatchesTheRfc6238TestVectors) {
  FixedCrypto c;
  OathTotp t(c);
  const staff::TotpPolicy p;
  struct V {
    std::int64_t seconds;
    const char* code;
  };
  for (auto v : {V{59, "94287082"}, V{1111111109, "07081804"}, V{1111111111, "14050471"}, V{1234567890, "89005924"},
                 V{2000000000, "69279037"}, V{20000000000, "65353130"}}) {
    auto step = staff::totp_step(from_millis(v.seconds * 1000), p);
    EXPECT_EQ(t.code_at(kRfcSecret, step, 8), v.code) << v.seconds;
  }
  EXPECT_EQ(t.code_at(kRfcSecret, 1, 6), "287082");
}

TEST(OathTotp, NewSecretsAre160BitBase32) {
  FixedCrypto c;
  OathTotp t(c);
  auto s = t.new_secret();
  EXPECT_EQ(s, kRfcSecret);  // the fixed "random" bytes are the RFC key
  EXPECT_EQ(s.size(), 32u);
}

TEST(OathTotp, BadSecretsGiveNoCode) {
  FixedCrypto c;
  OathTotp t(c);
  EXPECT_EQ(t.code_at("not base32!", 1, 6), "");
  EXPECT_EQ(t.code_at(kRfcSecret, -1, 6), "");
}

}  // namespace
}  // namespace mc::totp
