// Contract for the FranceConnect storage port (every backend): single-use flows, register
// candidates by birth date, `sub` links.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/ports/franceconnect_store.hpp"
#include "core/ports/import_batch.hpp"
#include "core/ports/store.hpp"
#include "store_contract.hpp"

namespace mc::contract {
namespace {

using namespace std::chrono_literals;
const Instant t0 = from_millis(1'800'000'000'000);

account::RegisterEntry entry(std::string nir13, std::string family, std::string birth) {
  account::RegisterEntry r;
  r.nir13 = std::move(nir13);
  r.sex = "F";
  r.family_name = std::move(family);
  r.given_names = "Noémie Awa";
  r.birth_date = std::move(birth);
  r.birth_place_insee = "93048";
  r.birth_place_label = "Montreuil";
  r.birth_country = "France";
  r.address = "103 avenue Jean Jaurès";
  r.postal_code = "93100";
  r.city = "Montreuil";
  r.email = "noemie@example.org";
  r.phone = "0649854883";
  r.organisme = "CPAM-93";
  r.vitale_serial = "924519279";
  r.iban_last7 = "7990000";
  r.rights_from = "2024-01-01";
  r.rights_to = "2027-12-31";
  r.ald = true;
  return r;
}

ports::ImportBatch batch() {
  ports::ImportBatch b;
  b.organismes.push_back({"CPAM-93", "general", "CPAM de la Seine-Saint-Denis", "compte ameli", "36 46", ""});
  b.register_entries.push_back(entry("2420293048297", "N'DIAYE", "1942-02-14"));
  b.register_entries.push_back(entry("2420293048298", "N'DIAYE", "1942-02-14"));
  b.register_entries.push_back(entry("2420293048299", "MARTIN", "1942-02-15"));
  for (const char* nir : {"2420293048297", "2420293048298"}) {
    ports::ImportedAccount a;
    a.nir13 = nir;
    a.password_hash = "$argon2id$fake";
    a.lock = {2, std::nullopt, false, t0};
    b.accounts.push_back(a);
  }
  return b;
}

ports::FranceConnectFlow flow(std::string id_hash, Instant at = t0, std::string purpose = "login") {
  return {std::move(id_hash), std::move(purpose), std::string(64, 's'), std::string(64, 'n'), at, at + 10min};
}

class FranceConnectContract : public ContractTest {
 protected:
  void SetUp() override {
    open(fc);
    if (!store) return;
    store->import_batch(batch(), t0);
  }
  ports::FranceConnectStore* fc = nullptr;
};

TEST_P(FranceConnectContract, AFlowIsConsumedOnce) {
  fc->create_fc_flow(flow("cookie-hash-1"));
  auto got = fc->consume_fc_flow("cookie-hash-1", t0 + 1min);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id_hash, "cookie-hash-1");
  EXPECT_EQ(got->purpose, "login");
  EXPECT_EQ(got->state, std::string(64, 's'));
  EXPECT_EQ(got->nonce, std::string(64, 'n'));
  EXPECT_EQ(got->created_at, t0);
  EXPECT_EQ(got->expires_at, t0 + 10min);
  EXPECT_FALSE(fc->consume_fc_flow("cookie-hash-1", t0 + 1min));
  EXPECT_FALSE(fc->consume_fc_flow("unknown", t0));
}

TEST_P(FranceConnectContract, LogoutFlowsKeepTheirPurposeAndAnEmptyNonce) {
  auto f = flow("logout-hash", t0, "logout");
  f.nonce = "";
  fc->create_fc_flow(f);
  auto got = fc->consume_fc_flow("logout-hash", t0);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->purpose, "logout");
  EXPECT_EQ(got->nonce, "");
}

TEST_P(FranceConnectContract, AnExpiredFlowIsNotReturnedAndIsGone) {
  fc->create_fc_flow(flow("old"));
  EXPECT_FALSE(fc->consume_fc_flow("old", t0 + 10min));
  EXPECT_FALSE(fc->consume_fc_flow("old", t0));
}

TEST_P(FranceConnectContract, CreatingAFlowForgetsExpiredOnes) {
  fc->create_fc_flow(flow("stale"));
  fc->create_fc_flow(flow("fresh", t0 + 11min));
  EXPECT_FALSE(fc->consume_fc_flow("stale", t0 + 1min));  // would still be valid at t0 + 1 min
  EXPECT_TRUE(fc->consume_fc_flow("fresh", t0 + 12min));
}

TEST_P(FranceConnectContract, ConcurrentConsumersGetAFlowOnce) {
  for (int round = 0; round < 5; ++round) {
    const std::string id = "race-" + std::to_string(round);
    fc->create_fc_flow(flow(id));
    std::atomic<int> got{0};
    std::vector<std::thread> threads;
    threads.reserve(6);
    for (int t = 0; t < 6; ++t)
      threads.emplace_back([&, t] {
        std::unique_ptr<ports::Storage> other;
        auto* f = fc;
        if (t % 2) {
          other = backend().open_same();
          f = &other->franceconnect();
        }
        if (f->consume_fc_flow(id, t0 + 1min)) ++got;
      });
    for (auto& th : threads) th.join();
    EXPECT_EQ(got.load(), 1);
  }
}

TEST_P(FranceConnectContract, RegisterEntriesBornOnADay) {
  auto rows = fc->register_entries_born_on("1942-02-14");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].nir13, "2420293048297");
  EXPECT_EQ(rows[1].nir13, "2420293048298");
  const auto expected = entry("2420293048297", "N'DIAYE", "1942-02-14");
  const auto& r = rows[0];
  EXPECT_EQ(r.sex, expected.sex);
  EXPECT_EQ(r.family_name, expected.family_name);
  EXPECT_EQ(r.given_names, expected.given_names);
  EXPECT_EQ(r.birth_place_insee, expected.birth_place_insee);
  EXPECT_EQ(r.birth_country, expected.birth_country);
  EXPECT_EQ(r.organisme, expected.organisme);
  EXPECT_EQ(r.ald, true);
  EXPECT_EQ(r.css, false);
  EXPECT_EQ(fc->register_entries_born_on("1942-02-15").size(), 1u);
  EXPECT_TRUE(fc->register_entries_born_on("1942-02-16").empty());
  EXPECT_TRUE(fc->register_entries_born_on("").empty());
}

TEST_P(FranceConnectContract, LinkingASub) {
  const std::string sub = std::string(64, 'a') + "v1";
  EXPECT_FALSE(fc->find_nir_by_franceconnect_sub(sub));
  EXPECT_TRUE(fc->link_franceconnect_sub("2420293048297", sub, t0));
  EXPECT_EQ(fc->find_nir_by_franceconnect_sub(sub), "2420293048297");
  EXPECT_EQ(store->find_member("2420293048297")->account->franceconnect_sub, sub);
  EXPECT_TRUE(fc->link_franceconnect_sub("2420293048297", sub, t0 + 1min));  // again: no change

  // Another account cannot take it.
  EXPECT_FALSE(fc->link_franceconnect_sub("2420293048298", sub, t0));
  EXPECT_FALSE(store->find_member("2420293048298")->account->franceconnect_sub);

  // A new sub for the same account replaces the old one.
  const std::string next = std::string(64, 'b') + "v1";
  EXPECT_TRUE(fc->link_franceconnect_sub("2420293048297", next, t0 + 2min));
  EXPECT_FALSE(fc->find_nir_by_franceconnect_sub(sub));
  EXPECT_EQ(fc->find_nir_by_franceconnect_sub(next), "2420293048297");
  // ... and the freed one can now be linked elsewhere.
  EXPECT_TRUE(fc->link_franceconnect_sub("2420293048298", sub, t0 + 3min));

  // No account, no link.
  EXPECT_FALSE(fc->link_franceconnect_sub("2420293048299", std::string(64, 'c') + "v1", t0));
  EXPECT_FALSE(fc->find_nir_by_franceconnect_sub(std::string(64, 'c') + "v1"));
}

TEST_P(FranceConnectContract, LinkingChangesNeitherTheLockNorTheState) {
  const auto before = store->read_lockout("2420293048297");
  ASSERT_EQ(before.failures, 2);
  EXPECT_TRUE(fc->link_franceconnect_sub("2420293048297", "sub", t0));
  EXPECT_EQ(store->read_lockout("2420293048297"), before);
  EXPECT_EQ(store->find_member("2420293048297")->account->state, account::State::active);
}

// "franceconnect" in every test name, so that `ctest -R franceconnect` picks these too.
MC_CONTRACT_BACKENDS(franceconnect, FranceConnectContract);

}  // namespace
}  // namespace mc::contract
