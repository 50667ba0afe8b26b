#include "store_contract.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/ports/import_batch.hpp"
#include "core/ports/session.hpp"
#include "core/ports/store.hpp"

namespace mc::contract {

std::vector<Backend>& backends() {
  static std::vector<Backend> b;
  return b;
}

namespace {

using namespace std::chrono_literals;
const Instant t0 = from_millis(1'800'000'000'000);

ports::ImportBatch sample_batch() {
  ports::ImportBatch b;
  b.organismes.push_back({"CPAM-75", "general", "CPAM de Paris", "compte ameli", "36 46", ""});
  b.organismes.push_back({"MSA-IDF", "agricole", "MSA Île-de-France", "espace privé MSA", "01 30 63 88 80", ""});
  account::RegisterEntry r;
  r.nir13 = "2951099126111";
  r.sex = "F";
  r.family_name = "MARTIN";
  r.given_names = "Élodie";
  r.birth_date = "1995-10-01";
  r.birth_place_insee = "99126";
  r.birth_place_label = "Grèce";
  r.birth_country = "Grèce";
  r.address = "1 rue de la Paix";
  r.postal_code = "75002";
  r.city = "Paris";
  r.email = "elodie@example.org";
  r.phone = "0600000000";
  r.organisme = "CPAM-75";
  r.vitale_serial = "123456789";
  r.iban_last7 = "1234567";
  r.rights_from = "2024-01-01";
  r.rights_to = "2027-12-31";
  r.css = true;
  b.register_entries.push_back(r);
  auto r2 = r;
  r2.nir13 = "1850575123456";
  r2.organisme = "MSA-IDF";
  b.register_entries.push_back(r2);
  ports::ImportedAccount a;
  a.nir13 = r.nir13;
  a.state = account::State::active;
  a.password_hash = "$argon2id$fake";
  a.last_login_at = t0;
  b.accounts.push_back(a);
  return b;
}

class StoreContract : public ContractTest {
 protected:
  void SetUp() override { open(); }
};

TEST_P(StoreContract, ImportThenFindMember) {
  store->import_batch(sample_batch(), t0);
  auto m = store->find_member("2951099126111");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->entry.given_names, "Élodie");
  EXPECT_EQ(m->organisme.name, "CPAM de Paris");
  ASSERT_TRUE(m->account);
  EXPECT_EQ(m->account->state, account::State::active);
  EXPECT_EQ(m->account->last_login_at, t0);
  auto no_account = store->find_member("1850575123456");
  ASSERT_TRUE(no_account);
  EXPECT_FALSE(no_account->account);
  EXPECT_TRUE(no_account->organisme.runs_other_space());
  EXPECT_FALSE(store->find_member("1010101010101"));
}

TEST_P(StoreContract, ListOrganismesByName) {
  EXPECT_TRUE(store->list_organismes().empty());
  store->import_batch(sample_batch(), t0);
  auto all = store->list_organismes();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].code, "CPAM-75");
  EXPECT_EQ(all[1].code, "MSA-IDF");
  EXPECT_EQ(all[1].name, "MSA Île-de-France");
  EXPECT_EQ(all[1].online_space, "espace privé MSA");
  EXPECT_EQ(all[1].phone, "01 30 63 88 80");
}

TEST_P(StoreContract, ImportIsIdempotent) {
  store->import_batch(sample_batch(), t0);
  store->import_batch(sample_batch(), t0);
  EXPECT_TRUE(store->find_member("2951099126111"));
}

TEST_P(StoreContract, FailedImportLeavesNothing) {
  auto b = sample_batch();
  b.register_entries[1].organisme = "UNKNOWN";  // foreign key violation
  EXPECT_ANY_THROW(store->import_batch(b, t0));
  EXPECT_FALSE(store->find_member("2951099126111"));
}

TEST_P(StoreContract, LockoutRoundTrip) {
  EXPECT_EQ(store->read_lockout("1111111111111"), lockout::Record{});
  lockout::Record r{3, t0 + 20min, false, t0};
  auto stored = store->update_lockout("1111111111111", [&](const lockout::Record&) { return r; });
  EXPECT_EQ(stored, r);
  EXPECT_EQ(store->read_lockout("1111111111111"), r);
  lockout::Record perm{6, std::nullopt, true, t0};
  (void)store->update_lockout("1111111111111", [&](const lockout::Record&) { return perm; });
  EXPECT_EQ(store->read_lockout("1111111111111"), perm);
}

TEST_P(StoreContract, ConcurrentLockoutUpdatesLoseNothing) {
  constexpr int kThreads = 8, kEach = 25;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Half the threads use a second connection, as another process would.
      std::unique_ptr<ports::Storage> other;
      ports::Store* s = store;
      if (t % 2) {
        other = backend().open_same();
        s = &other->sign_in();
      }
      for (int i = 0; i < kEach; ++i)
        (void)s->update_lockout("2222222222222", [](const lockout::Record& r) {
          auto n = r;
          n.failures += 1;
          return n;
        });
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(store->read_lockout("2222222222222").failures, kThreads * kEach);
}

TEST_P(StoreContract, AttemptsNewestFirst) {
  for (int i = 0; i < 60; ++i) store->record_attempt("3333333333333", t0 + std::chrono::seconds(i), "wrong_password", "127.0.0.1");
  auto v = store->recent_attempts("3333333333333", 50);
  ASSERT_EQ(v.size(), 50u);
  EXPECT_EQ(v.front().at, t0 + 59s);
  EXPECT_EQ(v.front().client_ip, "127.0.0.1");
}

TEST_P(StoreContract, SignInAndState) {
  store->import_batch(sample_batch(), t0);
  store->mark_signed_in("2951099126111", t0 + 1h, std::string("$argon2id$new"));
  auto m = store->find_member("2951099126111");
  EXPECT_EQ(m->account->last_login_at, t0 + 1h);
  EXPECT_EQ(m->account->password_hash, "$argon2id$new");
  store->set_account_state("2951099126111", account::State::inactive);
  EXPECT_EQ(store->find_member("2951099126111")->account->state, account::State::inactive);
}

TEST_P(StoreContract, Sessions) {
  ports::Session s{"h1", "2951099126111", "member", t0, t0, "csrf", "password", ""};
  store->create_session(s);
  store->create_session({"h2", "2951099126111", "member", t0, t0, "csrf2", "password", ""});
  store->create_session({"h3", "other", "member", t0, t0, "csrf3", "password", ""});
  auto f = store->find_session("h1");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->csrf_token, "csrf");
  store->touch_session("h1", t0 + 5min);
  EXPECT_EQ(store->find_session("h1")->last_seen_at, t0 + 5min);
  store->delete_sessions_of("2951099126111", "member", "h1");
  EXPECT_TRUE(store->find_session("h1"));
  EXPECT_FALSE(store->find_session("h2"));
  EXPECT_TRUE(store->find_session("h3"));
  store->delete_session("h1");
  EXPECT_FALSE(store->find_session("h1"));
}

TEST_P(StoreContract, ReserveThenSettleASignIn) {
  store->import_batch(sample_batch(), t0);
  auto id = store->reserve_attempt("2951099126111", "2951099126111", t0, "10.0.0.1", [](const lockout::Record& r) {
    auto n = r;
    n.failures += 1;
    return ports::Store::Decision{n, "wrong_password"};
  });
  EXPECT_EQ(store->read_lockout("2951099126111").failures, 1);
  EXPECT_EQ(store->recent_attempts("2951099126111", 1).front().outcome, "wrong_password");
  ports::Session s{"sess", "2951099126111", "member", t0, t0, "csrf", "password", ""};
  store->settle_attempt(id, "2951099126111", "2951099126111", [](const lockout::Record&) { return lockout::Record{}; },
                        "success", ports::Store::SignIn{t0 + 1s, std::nullopt, s, std::nullopt});
  EXPECT_EQ(store->read_lockout("2951099126111"), lockout::Record{});
  EXPECT_EQ(store->recent_attempts("2951099126111", 1).front().outcome, "success");
  EXPECT_TRUE(store->find_session("sess"));
  EXPECT_EQ(store->find_member("2951099126111")->account->last_login_at, t0 + 1s);
}

TEST_P(StoreContract, Ping) { EXPECT_TRUE(store->ping()); }

MC_CONTRACT_BACKENDS(Backends, StoreContract);

}  // namespace
}  // namespace mc::contract
