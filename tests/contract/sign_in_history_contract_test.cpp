// Contract for the member's own sign-in history (issue 17 item 5, ports/sign_in_history.hpp):
// rows written inside the sign-in's own transactions (reserve, then settle), only for accounts,
// the recognised device's label joined when it is still registered, and the 90-day purge
// (every backend).
#include <gtest/gtest.h>

#include "core/device/device.hpp"
#include "core/ports/devices.hpp"
#include "core/ports/import_batch.hpp"
#include "core/ports/retention_store.hpp"
#include "core/ports/session.hpp"
#include "core/ports/sign_in_history.hpp"
#include "core/ports/store.hpp"
#include "store_contract.hpp"

namespace mc::contract {
namespace {

using namespace std::chrono_literals;
const Instant t0 = from_millis(1'800'000'000'000);
const std::string kNir = "2951099126111";      // has an account
const std::string kNoAccount = "1850575123456";  // in the register, no account
const std::string kUnknown = "1990175999999";    // not even in the register
const std::string kPhone(32, 'a');

ports::ImportBatch members() {
  Members m;
  for (const auto& nir : {kNir, kNoAccount}) m.add(nir, "");
  m.account(kNir);
  return m.batch();
}

class SignInHistoryContract : public ContractTest {
 protected:
  void SetUp() override {
    open(history, devices, retention);
    if (!store) return;
    store->import_batch(members(), t0);
  }

  // The login use case's two transactions, with the history note.
  std::int64_t reserve(const std::string& nir13, Instant at, const std::string& outcome, const ports::SignInNote& note,
                       bool with_note = true) {
    return store->reserve_attempt(nir13, nir13, at, "203.0.113.7", [&](const lockout::Record& r) {
      ports::Store::Decision d{r, outcome, std::nullopt};
      if (with_note) d.history = note;
      return d;
    });
  }
  void settle_success(std::int64_t attempt, Instant at, const std::optional<ports::Device>& dev) {
    ports::Session s{"s-" + std::to_string(to_millis(at)), kNir, "member", at, at, "csrf", "password", ""};
    store->settle_attempt(attempt, kNir, kNir, [](const lockout::Record&) { return lockout::Record{}; }, "success",
                          ports::Store::SignIn{at, std::nullopt, s, dev});
  }

  ports::SignInHistory* history = nullptr;
  ports::DeviceStore* devices = nullptr;
  ports::RetentionStore* retention = nullptr;
};

TEST_P(SignInHistoryContract, AWrongPasswordIsKeptAndASettledOneBecomesASuccess) {
  (void)reserve(kNir, t0, "wrong_password", {"password", "", "198.51.100.0/24"});
  auto ok = reserve(kNir, t0 + 1min, "wrong_password", {"password", "", "203.0.113.0/24"});
  settle_success(ok, t0 + 1min, ports::Device{kPhone, kNir, "Chrome sur Android", t0 + 1min, t0 + 1min});
  auto rows = history->sign_ins(kNir, t0 - 1h);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at, t0 + 1min);  // newest first
  EXPECT_EQ(rows[0].outcome, "success");
  EXPECT_EQ(rows[0].note.channel, "password");
  EXPECT_EQ(rows[0].note.source, "203.0.113.0/24");
  EXPECT_EQ(rows[0].note.device_id, "");  // the device was new: not recognised at the time
  EXPECT_EQ(rows[1].outcome, "wrong_password");
  EXPECT_EQ(rows[1].note.source, "198.51.100.0/24");
}

TEST_P(SignInHistoryContract, ARecognisedDeviceShowsItsLabelWhileRegistered) {
  devices->remember_device({kPhone, kNir, "Firefox sur Android", t0, t0});
  (void)reserve(kNir, t0 + 1min, "refused_temporary_lock", {"password", kPhone, "203.0.113.0/24"});
  auto rows = history->sign_ins(kNir, t0);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].note.device_id, kPhone);
  EXPECT_EQ(rows[0].device_label, "Firefox sur Android");
  EXPECT_TRUE(devices->remove_device(kNir, kPhone));
  rows = history->sign_ins(kNir, t0);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].device_label, "");  // removed since: the row stays, the label goes
}

TEST_P(SignInHistoryContract, NoRowWithoutAnAccountOrWithoutANote) {
  (void)reserve(kUnknown, t0, "wrong_password", {"password", "", "203.0.113.0/24"});
  (void)reserve(kNoAccount, t0, "wrong_password", {"password", "", "203.0.113.0/24"});
  (void)reserve("staff:alice", t0, "wrong_password", {"password", "", "203.0.113.0/24"});
  (void)reserve(kNir, t0, "wrong_password", {}, false);  // staff sign-ins and others carry no note
  history->record_sign_in(kUnknown, t0, "success", {"franceconnect", "", "203.0.113.0/24"});
  EXPECT_TRUE(history->sign_ins(kUnknown, t0 - 1h).empty());
  EXPECT_TRUE(history->sign_ins(kNoAccount, t0 - 1h).empty());
  EXPECT_TRUE(history->sign_ins("staff:alice", t0 - 1h).empty());
  EXPECT_TRUE(history->sign_ins(kNir, t0 - 1h).empty());
  // The attempt log itself is unchanged (it keeps every well-formed NIR).
  EXPECT_EQ(store->recent_attempts(kUnknown, 10).size(), 1u);
}

TEST_P(SignInHistoryContract, FranceConnectSignInsAreRecordedOnTheirOwn) {
  history->record_sign_in(kNir, t0, "success", {"franceconnect", "", "2001:db8:1::/48"});
  history->record_sign_in(kNir, t0 + 1s, "refused_permanent_lock", {"franceconnect", "", "2001:db8:1::/48"});
  auto rows = history->sign_ins(kNir, t0);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].outcome, "refused_permanent_lock");
  EXPECT_EQ(rows[1].note.channel, "franceconnect");
  EXPECT_EQ(rows[1].note.source, "2001:db8:1::/48");
}

TEST_P(SignInHistoryContract, OnlyTheWindowIsListedAndOlderRowsArePurged) {
  (void)reserve(kNir, t0, "wrong_password", {"password", "", "203.0.113.0/24"});
  (void)reserve(kNir, t0 + 91 * 24h, "wrong_password", {"password", "", "203.0.113.0/24"});
  EXPECT_EQ(history->sign_ins(kNir, t0 + 1h).size(), 1u);
  ports::RetentionCutoffs keep_all{};
  EXPECT_EQ(retention->purge(keep_all).sign_ins, 0);
  EXPECT_EQ(history->sign_ins(kNir, t0 - 1h).size(), 2u);
  ports::RetentionCutoffs ninety_days{};
  ninety_days.sign_ins_before = t0 + 91 * 24h - 90 * 24h;
  EXPECT_EQ(retention->purge(ninety_days).sign_ins, 1);
  auto rows = history->sign_ins(kNir, t0 - 1h);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at, t0 + 91 * 24h);
}

MC_CONTRACT_BACKENDS(Backends, SignInHistoryContract);

}  // namespace
}  // namespace mc::contract
