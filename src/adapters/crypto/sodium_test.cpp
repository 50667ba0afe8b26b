#include "adapters/crypto/sodium.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <thread>

namespace mc::crypto {
namespace {

class HasherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { init_sodium(); }
  static constexpr Argon2Params kSmall{1, 256};
};

bool verify(Argon2Hasher& h, std::string_view phc, std::string_view password) {
  auto ticket = h.admit();
  EXPECT_TRUE(ticket.has_value());
  return h.verify(*ticket, phc, password);
}

TEST_F(HasherTest, ArenaVerificationAcceptsTheRightPasswordOnly) {
  Argon2Hasher h(kSmall, 2, 2);
  const auto phc = h.hash("Correct-Horse-7!");
  EXPECT_TRUE(verify(h, phc, "Correct-Horse-7!"));
  EXPECT_FALSE(verify(h, phc, "Correct-Horse-8!"));
  EXPECT_FALSE(verify(h, phc, ""));
  EXPECT_GT(h.arena_bytes(), 0u) << "the arena was mapped by the first verification";
}

TEST_F(HasherTest, HashesTheArenaDoesNotTakeStillVerifyThroughLibsodium) {
  Argon2Hasher h(kSmall, 1, 1);
  char argon2i[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(argon2i, "pw", 2, 3, 64 * 1024, crypto_pwhash_ALG_ARGON2I13), 0);
  EXPECT_TRUE(verify(h, argon2i, "pw"));
  EXPECT_FALSE(verify(h, argon2i, "pW"));
}

TEST_F(HasherTest, AnArenaGrowsForAStoredHashWithMoreMemory) {
  Argon2Hasher h(kSmall, 1, 1);
  const auto bigger = Argon2Hasher::hash_now("pw", {1, 4096});
  EXPECT_TRUE(verify(h, h.hash("pw"), "pw"));
  EXPECT_TRUE(verify(h, bigger, "pw"));
  EXPECT_GE(h.arena_bytes(), 4096u * 1024);
  EXPECT_TRUE(verify(h, h.hash("pw"), "pw")) << "a grown arena serves smaller hashes too";
}

TEST_F(HasherTest, MalformedHashesAreFalseNotErrors) {
  Argon2Hasher h(kSmall, 1, 1);
  for (std::string_view bad : {"", "$argon2id$", "plain", "$argon2id$v=19$m=8,t=1,p=1$AAAA$AAAA",
                               "$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g"})
    EXPECT_FALSE(verify(h, bad, "pw")) << bad;
}

TEST_F(HasherTest, ConcurrentVerificationsEachGetTheirOwnArena) {
  Argon2Hasher h(kSmall, 2, 8);
  const auto a = h.hash("alpha"), b = h.hash("bravo");
  std::atomic<int> wrong{0};
  std::vector<std::jthread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      for (int k = 0; k < 6; ++k) {
        auto ticket = h.admit();
        if (!ticket) continue;
        const bool ok_a = h.verify(*ticket, a, i % 2 ? "alpha" : "bravo");
        const bool ok_b = h.verify(*ticket, b, i % 2 ? "alpha" : "bravo");
        if (ok_a != (i % 2 == 1) || ok_b != (i % 2 == 0)) ++wrong;
      }
    });
  threads.clear();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(h.arena_bytes(), 2u * (4u << 20)) << "never more arenas than hashing slots";
}

TEST_F(HasherTest, WithoutReuseEverythingGoesThroughLibsodium) {
  Argon2Hasher h(kSmall, 1, 1, {.reuse = false});
  const auto phc = h.hash("pw");
  EXPECT_TRUE(verify(h, phc, "pw"));
  EXPECT_FALSE(verify(h, phc, "px"));
  EXPECT_EQ(h.arena_bytes(), 0u);
}

TEST_F(HasherTest, AdmissionStopsAtThreadsPlusQueue) {
  Argon2Hasher h(kSmall, 1, 1);
  auto t1 = h.admit(), t2 = h.admit();
  EXPECT_TRUE(t1 && t2);
  EXPECT_FALSE(h.admit().has_value());
  t1.reset();
  EXPECT_TRUE(h.admit().has_value());
}

}  // namespace
}  // namespace mc::crypto
