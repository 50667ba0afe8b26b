// Contract for device trust and per-source budgets (SPEC §3): recognised devices and their
// lockout counters, how resets, advisors' unlocks and removals touch them, budgets shared by
// every connection, and their retention (every backend).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/device/device.hpp"
#include "core/ports/backoffice_store.hpp"
#include "core/ports/code_store.hpp"
#include "core/ports/devices.hpp"
#include "core/ports/import_batch.hpp"
#include "core/ports/outbox_store.hpp"
#include "core/ports/retention_store.hpp"
#include "core/ports/session.hpp"
#include "core/ports/source_budgets.hpp"
#include "core/ports/store.hpp"
#include "store_contract.hpp"

namespace mc::contract {
namespace {

using namespace std::chrono_literals;
const Instant t0 = from_millis(1'800'000'000'000);
const std::string kNir = "2951099126111";
const std::string kPhone(32, 'a'), kLaptop(32, 'b');

ports::ImportBatch one_member() {
  Members m;
  m.add(kNir);
  m.account(kNir, "old-hash");
  return m.batch();
}

lockout::Record locked(int failures, bool permanent) {
  lockout::Record r;
  r.failures = failures;
  r.permanently_locked = permanent;
  if (!permanent) r.locked_until = t0 + 20min;
  r.last_failure_at = t0;
  return r;
}

class DevicesContract : public ContractTest {
 protected:
  void SetUp() override {
    open(devices, budgets, codes, bo, outbox, retention);
    if (!store) return;
    store->import_batch(one_member(), t0);
  }

  // A successful sign-in from a device registers it (Store::settle_attempt).
  void sign_in_from(const std::string& id, const std::string& label, Instant at) {
    const auto counter = device::counter_key(kNir, id);
    auto attempt = store->reserve_attempt(kNir, counter, at, "192.0.2.1", [](const lockout::Record& r) {
      return ports::Store::Decision{r, "wrong_password"};
    });
    ports::Session s{"s-" + id + std::to_string(to_millis(at)), kNir, "member", at, at, "csrf", "password", ""};
    store->settle_attempt(attempt, kNir, counter, [](const lockout::Record&) { return lockout::Record{}; }, "success",
                          ports::Store::SignIn{at, std::nullopt, s, ports::Device{id, kNir, label, at, at}});
  }
  void set_counter(const std::string& key, const lockout::Record& r) {
    (void)store->update_lockout(key, [&](const lockout::Record&) { return r; });
  }

  ports::DeviceStore* devices = nullptr;
  ports::SourceBudgetStore* budgets = nullptr;
  ports::CodeStore* codes = nullptr;
  ports::BackOfficeStore* bo = nullptr;
  ports::OutboxStore* outbox = nullptr;
  ports::RetentionStore* retention = nullptr;
};

TEST_P(DevicesContract, ASignInRegistersTheDeviceThenNotesItSeen) {
  sign_in_from(kPhone, "Chrome sur Android", t0);
  sign_in_from(kLaptop, "Firefox sur Windows", t0 + 1min);
  sign_in_from(kPhone, "Chrome sur Android", t0 + 2min);
  auto list = devices->list_devices(kNir);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, kPhone);  // newest first
  EXPECT_EQ(list[0].first_seen_at, t0);
  EXPECT_EQ(list[0].last_seen_at, t0 + 2min);
  EXPECT_EQ(list[1].label, "Firefox sur Windows");
  EXPECT_TRUE(devices->find_device(kNir, kPhone));
  EXPECT_FALSE(devices->find_device("1850575123456", kPhone));  // another account's device is none
  // A device id never moves to another account.
  devices->remember_device({kPhone, "1850575123456", "x", t0 + 3min, t0 + 3min});
  EXPECT_FALSE(devices->find_device("1850575123456", kPhone));
}

TEST_P(DevicesContract, AnAccountKeepsItsTwentyMostRecentDevices) {
  for (int i = 0; i < 25; ++i) {
    char id[33];
    std::snprintf(id, sizeof id, "%032d", i);
    devices->remember_device({id, kNir, "Navigateur", t0 + std::chrono::minutes(i), t0 + std::chrono::minutes(i)});
  }
  auto list = devices->list_devices(kNir);
  ASSERT_EQ(list.size(), 20u);
  EXPECT_EQ(list.front().id, std::string(30, '0') + "24");
  EXPECT_EQ(list.back().id, std::string(31, '0') + "5");
}

TEST_P(DevicesContract, EachDeviceHasItsOwnCounterBesideTheSharedOne) {
  sign_in_from(kPhone, "Chrome sur Android", t0);
  set_counter(kNir, locked(6, true));
  set_counter(device::counter_key(kNir, kPhone), locked(2, false));
  auto counters = devices->lockout_counters(kNir);
  ASSERT_EQ(counters.size(), 2u);
  EXPECT_FALSE(counters[0].device);
  EXPECT_TRUE(counters[0].record.permanently_locked);
  ASSERT_TRUE(counters[1].device);
  EXPECT_EQ(counters[1].device->id, kPhone);
  EXPECT_EQ(counters[1].record.failures, 2);
  EXPECT_EQ(store->read_lockout(kNir).failures, 6);  // the seed's row is untouched by device rows
}

TEST_P(DevicesContract, ConfirmingALockQueuesTheNoticeInTheSameTransaction) {
  set_counter(kNir, [] {
    auto r = locked(3, false);
    r.lock_pending = true;
    return r;
  }());
  outbox::Mail m{"elodie@example.org", "Compte bloqué", "texte", "<p>texte</p>", "notice_unknown_devices_locked"};
  store->confirm_lock(kNir, t0, m);
  EXPECT_FALSE(store->read_lockout(kNir).lock_pending);
  auto claimed = outbox->claim_mail(t0 + 1s, 1min);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->mail.kind, "notice_unknown_devices_locked");
}

TEST_P(DevicesContract, AnAdvisorsUnlockLiftsEveryCounter) {
  sign_in_from(kPhone, "Chrome sur Android", t0);
  set_counter(kNir, locked(6, true));
  set_counter(device::counter_key(kNir, kPhone), locked(6, true));
  ports::MemberChange ch;
  ch.nir13 = kNir;
  ch.at = t0;
  ch.unlock = true;
  ASSERT_EQ(bo->apply(ch, [](const staff::ChainHead& head) {
    staff::AuditEntry e;
    e.seq = head.seq + 1;
    e.prev_hash = head.hash;
    e.hash = std::string(64, 'c');
    e.draft.at = t0;
    e.draft.actor = "conseil";
    e.draft.role = "conseiller";
    e.draft.action = "unlock";
    e.draft.subject = kNir;
    return e;
  }), ports::ApplyResult::ok);
  for (const auto& c : devices->lockout_counters(kNir)) EXPECT_EQ(c.record, lockout::Record{});
}

TEST_P(DevicesContract, AResetLiftsTemporaryLocksKeepsPermanentOnesAndRevokesOtherDevices) {
  sign_in_from(kPhone, "Chrome sur Android", t0);
  sign_in_from(kLaptop, "Firefox sur Windows", t0);
  set_counter(kNir, locked(3, false));
  set_counter(device::counter_key(kNir, kPhone), locked(3, false));
  token::CodeRecord c;
  c.nir13 = kNir;
  c.purpose = token::Purpose::password_reset;
  c.channel = token::Channel::email;
  c.secret_hash = "h";
  c.created_at = t0;
  c.expires_at = t0 + 30min;
  auto id = codes->issue_code(c, false, std::nullopt, std::nullopt);
  ports::CredentialChange ch{kNir};
  ch.new_password_hash = "new-hash";
  ch.lift_temporary_lock = true;
  ch.revoke_devices_except = kPhone;
  ASSERT_EQ(codes->redeem(id, t0 + 1min, ch), ports::RedeemResult::ok);
  EXPECT_EQ(store->read_lockout(kNir), lockout::Record{});
  auto list = devices->list_devices(kNir);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].id, kPhone);
  EXPECT_EQ(store->read_lockout(device::counter_key(kNir, kPhone)), lockout::Record{});
}

TEST_P(DevicesContract, RemovingADeviceForgetsItAndItsCounter) {
  sign_in_from(kPhone, "Chrome sur Android", t0);
  set_counter(device::counter_key(kNir, kPhone), locked(2, false));
  EXPECT_FALSE(devices->remove_device("1850575123456", kPhone));
  EXPECT_TRUE(devices->remove_device(kNir, kPhone));
  EXPECT_FALSE(devices->find_device(kNir, kPhone));
  EXPECT_EQ(store->read_lockout(device::counter_key(kNir, kPhone)), lockout::Record{});
  EXPECT_FALSE(devices->remove_device(kNir, kPhone));
}

TEST_P(DevicesContract, BudgetsAreSpentAtomicallyAcrossConnections) {
  const throttle::Budget b{40, 10min};
  std::vector<std::unique_ptr<ports::Storage>> others;
  others.reserve(4);
  for (int i = 0; i < 4; ++i) others.push_back(backend().open_same());
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (auto& o : others) {
    auto* budget_store = &o->budgets();
    threads.emplace_back([&, budget_store] {
      for (int i = 0; i < 15; ++i) {
        auto t = budget_store->spend_budget("login:192.0.2.7", t0, [&](const throttle::Bucket& bucket) {
          return throttle::take(bucket, t0, b);
        });
        if (t.allowed) ++allowed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 40);  // 60 tries, exactly the budget granted
  EXPECT_FALSE(throttle::peek(budgets->read_budget("login:192.0.2.7"), t0, b).allowed);
  auto refused = budgets->throttled_sources(t0 - 1h, 10);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].key, "login:192.0.2.7");
  EXPECT_EQ(refused[0].refusals, 20);
  EXPECT_EQ(refused[0].budget_full_at, t0 + 10min);
}

TEST_P(DevicesContract, FullBudgetsAndOldRefusalsArePurged) {
  const throttle::Budget b{2, 1min};
  for (int i = 0; i < 3; ++i)
    (void)budgets->spend_budget("reset:192.0.2.8", t0, [&](const throttle::Bucket& k) { return throttle::take(k, t0, b); });
  budgets->record_refusal("login:198.51.100.1", t0);
  ports::RetentionCutoffs keep_all{};
  keep_all.budgets_full_before = t0;
  keep_all.refusals_before = t0 - 1h;
  EXPECT_EQ(retention->purge(keep_all).sources, 0);
  ports::RetentionCutoffs later{};
  later.budgets_full_before = t0 + 2min;  // the bucket is full again by then
  later.refusals_before = t0 + 25h;
  EXPECT_EQ(retention->purge(later).sources, 3);  // one bucket, two refusal rows
  EXPECT_EQ(budgets->read_budget("reset:192.0.2.8").tat, Instant{});
  EXPECT_TRUE(budgets->throttled_sources(t0 - 1h, 10).empty());
}

MC_CONTRACT_BACKENDS(Backends, DevicesContract);

}  // namespace
}  // namespace mc::contract
