#include "adapters/crypto/argon2id_self_test.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>

namespace mc::crypto::argon2id {
namespace {

class Argon2idSelfTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

const KernelCheck* find(const SelfTest& t, std::string_view name) {
  auto it = std::find_if(t.checks.begin(), t.checks.end(), [&](const KernelCheck& c) { return c.name == name; });
  return it == t.checks.end() ? nullptr : &*it;
}

TEST_F(Argon2idSelfTest, EveryKernelTheCpuOffersPassesAndTheFastestIsChosen) {
  const auto t = self_test(2, 1024);
  ASSERT_TRUE(t.usable);
  ASSERT_TRUE(t.kernel.has_value());
  for (const auto& c : t.checks) EXPECT_TRUE(c.ok) << c.name << ": " << c.detail;
  const Kernel fastest = kernel_available(Kernel::avx2)    ? Kernel::avx2
                         : kernel_available(Kernel::ssse3) ? Kernel::ssse3
                                                           : Kernel::portable;
  EXPECT_EQ(*t.kernel, fastest);
  EXPECT_NE(find(t, "portable"), nullptr);
  EXPECT_NE(find(t, "libsodium"), nullptr);
}

TEST_F(Argon2idSelfTest, AFailingKernelIsDisabledAndTheNextOneIsUsed) {
  std::vector<std::string> broken;
  if (kernel_available(Kernel::avx2)) broken.push_back("avx2");
  if (kernel_available(Kernel::ssse3)) broken.push_back("ssse3");
  const auto t = self_test(2, 1024, broken);
  ASSERT_TRUE(t.usable);
  ASSERT_TRUE(t.kernel.has_value());
  EXPECT_EQ(*t.kernel, Kernel::portable);
  for (const auto& name : broken) {
    const auto* c = find(t, name);
    ASSERT_NE(c, nullptr);
    EXPECT_FALSE(c->ok);
    EXPECT_NE(c->detail.find("test hook"), std::string::npos);
  }
}

TEST_F(Argon2idSelfTest, WithNoKernelLeftLibsodiumVerifiesAlone) {
  const auto t = self_test(2, 1024, {"avx2", "ssse3", "portable"});
  EXPECT_TRUE(t.usable);
  EXPECT_FALSE(t.kernel.has_value());
  EXPECT_EQ(t.chosen(), "libsodium");
}

TEST_F(Argon2idSelfTest, NothingPassingMeansRefusingToStart) {
  const auto t = self_test(2, 1024, {"avx2", "ssse3", "portable", "libsodium"});
  EXPECT_FALSE(t.usable);
  EXPECT_FALSE(t.kernel.has_value());
}

// The libsodium known answer is not circular: the portable kernel gives the same bytes.
TEST_F(Argon2idSelfTest, TheLibsodiumKnownAnswerIsWhatOurPortableKernelComputes) {
  const std::string_view password = "MonCompte self-test";
  std::vector<std::uint8_t> salt{0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
                                 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};
  const Params p{2, 64, 1};
  std::vector<Block> memory(blocks_needed(p));
  std::vector<std::uint8_t> tag(32);
  const std::span pw(reinterpret_cast<const std::uint8_t*>(password.data()), password.size());
  ASSERT_TRUE(derive(p, {pw, salt, {}, {}}, memory, tag, Kernel::portable));
  const std::vector<std::uint8_t> expected{0xed, 0x0a, 0x06, 0xb8, 0x11, 0x9e, 0xeb, 0x02, 0x40, 0xa6, 0xea,
                                           0xc0, 0x89, 0x2f, 0x1b, 0x0f, 0x33, 0xdd, 0xb7, 0x89, 0x8d, 0xc2,
                                           0x5f, 0xc8, 0xc1, 0x72, 0xe5, 0x0f, 0xf3, 0xbe, 0x69, 0x3a};
  EXPECT_EQ(tag, expected);
}

}  // namespace
}  // namespace mc::crypto::argon2id
