#include "adapters/totp/oath_totp.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/ports/crypto.hpp"
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

const SealingKey kKey = [] {
  SealingKey k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(i * 7 + 1);
  return k;
}();

// RFC 6238 appendix B, SHA-1 key "12345678901234567890" (base32 below), 8 digits.
constexpr const char* kRfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

TEST(OathTotp, MatchesTheRfc6238TestVectors) {
  FixedCrypto c;
  OathTotp t(c, kKey);
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
  OathTotp t(c, kKey);
  auto s = t.new_secret();
  EXPECT_EQ(s.base32, kRfcSecret);  // the fixed "random" bytes are the RFC key
  EXPECT_EQ(s.base32.size(), 32u);
}

TEST(OathTotp, BadSecretsGiveNoCode) {
  FixedCrypto c;
  OathTotp t(c, kKey);
  EXPECT_EQ(t.code_at("not base32!", 1, 6), "");
  EXPECT_EQ(t.code_at(kRfcSecret, -1, 6), "");
}

TEST(OathTotp, StoredSecretsAreSealedAndGiveTheSameCodes) {
  ASSERT_GE(sodium_init(), 0);
  FixedCrypto c;
  OathTotp t(c, kKey);
  const auto s = t.new_secret();
  EXPECT_TRUE(s.stored.starts_with("sealed:v1:"));
  EXPECT_EQ(s.stored.find(s.base32), std::string::npos);
  EXPECT_EQ(t.open(s.stored), s.base32);
  for (std::int64_t step : {0, 1, 59, 1234567}) EXPECT_EQ(t.code_at(s.stored, step, 6), t.code_at(s.base32, step, 6));
}

TEST(OathTotp, ASecretSealedWithAnotherKeyOrAlteredGivesNoCode) {
  ASSERT_GE(sodium_init(), 0);
  FixedCrypto c;
  OathTotp t(c, kKey);
  SealingKey other = kKey;
  other[0] ^= 1;
  OathTotp u(c, other);
  const auto stored = t.new_secret().stored;
  EXPECT_EQ(u.code_at(stored, 1, 6), "");
  std::string altered = stored;
  altered[altered.size() - 3] = altered[altered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(t.code_at(altered, 1, 6), "");
  EXPECT_EQ(t.code_at("sealed:v1:", 1, 6), "");
  EXPECT_EQ(t.code_at("sealed:v1:!!!", 1, 6), "");
}

TEST(OathTotp, AKeyRingSealsWithItsFirstKeyAndOpensWithAny) {
  FixedCrypto c;
  SealingKey other = kKey;
  other[0] ^= 0xff;
  OathTotp before(c, kKey);
  const auto sealed_before = before.seal(kRfcSecret);
  std::vector<SealingKey> ring{other, kKey};  // after a rotation: the new key first
  OathTotp after(c, [&] { return ring; });
  EXPECT_EQ(after.open(sealed_before), kRfcSecret);  // staff enrolled before still sign in
  const auto sealed_after = after.seal(kRfcSecret);
  EXPECT_EQ(before.open(sealed_after), "");  // sealed under the new key
  EXPECT_EQ(OathTotp(c, other).open(sealed_after), kRfcSecret);
  ring = {other};  // retired: what the old key sealed is lost
  EXPECT_EQ(after.open(sealed_before), "");
}

TEST(SealingKey, IsCreatedPrivateOnceThenReadBack) {
  ASSERT_GE(sodium_init(), 0);
  const auto dir = std::filesystem::temp_directory_path() / ("mc-totp-key-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const auto path = (dir / "keys" / "totp-secrets.key").string();
  const auto first = load_or_create_sealing_key(path);
  EXPECT_EQ(load_or_create_sealing_key(path), first);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  std::ofstream(path, std::ios::trunc) << "short";
  EXPECT_THROW((void)load_or_create_sealing_key(path), std::runtime_error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mc::totp
