#include "adapters/crypto/argon2id.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <cstring>
#include <random>

namespace mc::crypto::argon2id {
namespace {

std::vector<std::uint8_t> derive_or_fail(const Params& p, const Inputs& in, std::size_t tag_len, Kernel kernel,
                                         std::uint8_t fill = 0xA5) {
  std::vector<Block> memory(blocks_needed(p));
  // Earlier contents must not matter: the hashing pool reuses its arenas.
  std::memset(memory.data(), fill, memory.size() * sizeof(Block));
  std::vector<std::uint8_t> tag(tag_len);
  EXPECT_TRUE(derive(p, in, memory, tag, kernel));
  return tag;
}

std::vector<Kernel> kernels() {
  std::vector<Kernel> ks{Kernel::portable};
  if (kernel_available(Kernel::ssse3)) ks.push_back(Kernel::ssse3);
  if (kernel_available(Kernel::avx2)) ks.push_back(Kernel::avx2);
  return ks;
}

class Argon2idKernels : public ::testing::TestWithParam<Kernel> {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

// RFC 9106 §5.3: Argon2id, 4 lanes, secret and associated data.
TEST_P(Argon2idKernels, MatchesTheRfc9106TestVector) {
  const std::vector<std::uint8_t> password(32, 0x01), salt(16, 0x02), secret(8, 0x03), ad(12, 0x04);
  const auto tag = derive_or_fail({3, 32, 4}, {password, salt, secret, ad}, 32, GetParam());
  const std::vector<std::uint8_t> expected{0x0d, 0x64, 0x0d, 0xf5, 0x8d, 0x78, 0x76, 0x6c, 0x08, 0xc0, 0x37,
                                           0xa3, 0x4a, 0x8b, 0x53, 0xc9, 0xd0, 0x1e, 0xf0, 0x45, 0x2d, 0x75,
                                           0xb6, 0x5e, 0xb5, 0x25, 0x20, 0xe9, 0x6b, 0x01, 0xe6, 0x59};
  EXPECT_EQ(tag, expected);
}

// libsodium is the reference the service used before: same bytes for every shape it accepts.
TEST_P(Argon2idKernels, AgreesWithLibsodiumAcrossCostsSizesAndTagLengths) {
  std::mt19937 rng(20261127);
  for (std::uint32_t t : {1u, 2u, 3u})
    for (std::uint32_t m : {8u, 9u, 15u, 64u, 257u, 1024u, 2048u})
      for (std::size_t tag_len : {16u, 32u, 33u, 64u, 65u, 97u, 128u, 200u}) {
        std::vector<std::uint8_t> password(rng() % 40), salt(crypto_pwhash_SALTBYTES);
        for (auto& b : password) b = static_cast<std::uint8_t>(rng());
        for (auto& b : salt) b = static_cast<std::uint8_t>(rng());
        std::vector<std::uint8_t> expected(tag_len);
        const char* pw = password.empty() ? "" : reinterpret_cast<const char*>(password.data());  // never null
        ASSERT_EQ(crypto_pwhash(expected.data(), tag_len, pw,
                                password.size(), salt.data(), t, std::size_t{m} * 1024, crypto_pwhash_ALG_ARGON2ID13),
                  0);
        EXPECT_EQ(derive_or_fail({t, m, 1}, {password, salt, {}, {}}, tag_len, GetParam()), expected)
            << "t=" << t << " m=" << m << " tag=" << tag_len;
      }
}

TEST_P(Argon2idKernels, TheServiceParametersAgreeWithLibsodium) {
  const std::string password = "Demo-00-Motdepasse!";
  std::vector<std::uint8_t> salt(crypto_pwhash_SALTBYTES, 0x42), expected(32);
  ASSERT_EQ(crypto_pwhash(expected.data(), 32, password.data(), password.size(), salt.data(), 2, 19456 * 1024,
                          crypto_pwhash_ALG_ARGON2ID13),
            0);
  const std::span pw(reinterpret_cast<const std::uint8_t*>(password.data()), password.size());
  EXPECT_EQ(derive_or_fail({2, 19456, 1}, {pw, salt, {}, {}}, 32, GetParam(), 0x00), expected);
  EXPECT_EQ(derive_or_fail({2, 19456, 1}, {pw, salt, {}, {}}, 32, GetParam(), 0xFF), expected);
}

INSTANTIATE_TEST_SUITE_P(EachKernel, Argon2idKernels, ::testing::ValuesIn(kernels()),
                         [](const auto& info) {
                           switch (info.param) {
                             case Kernel::ssse3: return std::string("ssse3");
                             case Kernel::avx2: return std::string("avx2");
                             default: return std::string("portable");
                           }
                         });

TEST(Argon2id, RefusesWhatRfc9106Forbids) {
  std::vector<Block> memory(64);
  std::vector<std::uint8_t> tag(32), short_tag(3);
  EXPECT_FALSE(derive({0, 8, 1}, {}, memory, tag));
  EXPECT_FALSE(derive({1, 8, 0}, {}, memory, tag));
  EXPECT_FALSE(derive({1, 8, 1}, {}, memory, short_tag));
  EXPECT_FALSE(derive({1, 128, 1}, {}, memory, tag)) << "memory smaller than m";
}

TEST(Argon2id, BlocksNeededRoundsDownToWholeSegmentsWithAFloorOfEightPerLane) {
  EXPECT_EQ(blocks_needed({2, 19456, 1}), 19456u);
  EXPECT_EQ(blocks_needed({2, 19457, 1}), 19456u);
  EXPECT_EQ(blocks_needed({2, 3, 1}), 8u);
  EXPECT_EQ(blocks_needed({2, 33, 4}), 32u);
  EXPECT_EQ(blocks_needed({2, 8, 4}), 32u);
}

TEST(Argon2idPhc, ReadsWhatLibsodiumWrites) {
  ASSERT_GE(sodium_init(), 0);
  char out[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(out, "x", 1, 3, 64 * 1024, crypto_pwhash_ALG_ARGON2ID13), 0);
  const auto phc = parse_phc(out);
  ASSERT_TRUE(phc.has_value()) << out;
  EXPECT_EQ(phc->params.t_cost, 3u);
  EXPECT_EQ(phc->params.m_cost_kib, 64u);
  EXPECT_EQ(phc->params.lanes, 1u);
  EXPECT_EQ(phc->salt.size(), crypto_pwhash_SALTBYTES);
  EXPECT_EQ(phc->hash.size(), 32u);
}

TEST(Argon2idPhc, RefusesOtherSpellings) {
  const std::string good = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
  ASSERT_TRUE(parse_phc(good).has_value());
  for (const std::string bad : {
           "",
           "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
           "$argon2id$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
           "$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
           "$argon2id$v=19$m=019456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
           "$argon2id$v=19$m=99999999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
           "$argon2id$v=19$m=19456,t=-2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
           "$argon2id$v=19$m=19456,p=1,t=2$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
           "$argon2id$v=19$m=19456,t=2,p=1$$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
           "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$",
           "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0",
           "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
           "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g$",
           "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNh*HRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
       })
    EXPECT_FALSE(parse_phc(bad).has_value()) << bad;
}

}  // namespace
}  // namespace mc::crypto::argon2id
