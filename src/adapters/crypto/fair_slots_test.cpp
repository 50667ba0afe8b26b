#include "adapters/crypto/fair_slots.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace mc::crypto {
namespace {

TEST(FairSlots, AtTheLimitASourceHoldingTicketsIsRefusedOneHoldingNoneIsNot) {
  FairSlots f(2, 4);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(f.admit("attacker"));
  EXPECT_FALSE(f.admit("attacker"));
  EXPECT_TRUE(f.admit("member"));    // holds none: admitted beyond the limit
  EXPECT_FALSE(f.admit("member"));   // now holds one
  EXPECT_TRUE(f.admit("member-2"));
  f.leave("attacker");
  EXPECT_EQ(f.admitted(), 5u);
  EXPECT_FALSE(f.admit("attacker"));  // still at the limit
}

TEST(FairSlots, NeverMoreThanTwiceTheLimit) {
  FairSlots f(1, 2);
  int admitted = 0;
  for (int i = 0; i < 10; ++i) admitted += f.admit("s" + std::to_string(i));
  EXPECT_EQ(admitted, 4);
}

TEST(FairSlots, AFreedSlotGoesToTheSourceRunningTheFewest) {
  FairSlots f(1, 100);
  f.acquire("attacker");  // the one slot, busy
  std::atomic<int> order{0}, member_turn{-1};
  std::vector<std::thread> waiters;
  auto until_waiting = [&](std::size_t n) {
    while (f.waiting() < n) std::this_thread::yield();
  };
  // Three of the attacker's requests queue first, then one of the member's.
  for (int i = 0; i < 3; ++i) {
    waiters.emplace_back([&] { FairSlots::Slot s(f, "attacker"); ++order; });
    until_waiting(static_cast<std::size_t>(i) + 1);
  }
  std::thread member([&] {
    FairSlots::Slot s(f, "member");
    member_turn = order++;
  });
  until_waiting(4);
  f.release("attacker");
  member.join();
  for (auto& w : waiters) w.join();
  EXPECT_EQ(member_turn.load(), 0);  // first served, though it queued last
}

TEST(FairSlots, ManyThreadsNeverExceedTheSlots) {
  FairSlots f(2, 64);
  std::atomic<int> running{0}, peak{0};
  std::vector<std::thread> ts;
  for (int i = 0; i < 16; ++i)
    ts.emplace_back([&, i] {
      for (int k = 0; k < 50; ++k) {
        FairSlots::Slot s(f, "src" + std::to_string(i % 3));
        int now = ++running;
        int p = peak.load();
        while (now > p && !peak.compare_exchange_weak(p, now)) {
        }
        --running;
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_LE(peak.load(), 2);
}

}  // namespace
}  // namespace mc::crypto
