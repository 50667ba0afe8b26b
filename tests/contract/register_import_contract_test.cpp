// Contract for the streaming register import (ports::RegisterLoader, issue 15), every backend:
// duplicates found by the database, a newer extract applied as a sync (only what changed, e-mail
// changes void e-mailed links, a moved organisme routes the member), re-import changes nothing,
// nothing visible before apply(), and the retention of idle lockout counters.
#include <gtest/gtest.h>

#include "core/ports/code_store.hpp"
#include "core/ports/import_batch.hpp"
#include "core/ports/register_loader.hpp"
#include "core/ports/retention_store.hpp"
#include "core/ports/store.hpp"
#include "store_contract.hpp"

namespace mc::contract {
namespace {

using namespace std::chrono_literals;
const Instant t0 = from_millis(1'800'000'000'000);
const std::string kA = "1850575112001", kB = "2900169383002", kC = "1720213206003", kD = "2011033063004";

std::vector<account::Organisme> organismes() {
  return {{"CPAM-75", "general", "CPAM de Paris", "compte ameli", "36 46", ""},
          {"MSA-IDF", "agricole", "MSA Île-de-France", "espace privé MSA", "01 30 63 88 80", ""}};
}

account::RegisterEntry entry(const std::string& nir13, const std::string& email) {
  account::RegisterEntry r;
  r.nir13 = nir13;
  r.sex = nir13[0] == '1' ? "M" : "F";
  r.family_name = "MARTIN";
  r.given_names = "Élodie";
  r.birth_date = "1990-01-01";
  r.address = "1 rue de la République";
  r.postal_code = "75012";
  r.city = "Paris";
  r.email = email;
  r.phone = "0601020304";
  r.organisme = "CPAM-75";
  r.rights_from = "2024-01-01";
  r.rights_to = "2027-12-31";
  return r;
}

std::vector<account::RegisterEntry> first_extract() {
  return {entry(kA, "a@example.org"), entry(kB, "b@example.org"), entry(kC, "c@example.org")};
}

class RegisterImportContract : public ContractTest {
 protected:
  void SetUp() override { open(loader, codes, retention); }

  ports::SyncCounts load(const std::vector<account::RegisterEntry>& rows, std::size_t batch_rows = 1000,
                         const std::vector<ports::ImportedAccount>& accounts = {}) {
    auto l = loader->begin_register_load(batch_rows);
    std::int64_t line = 2;
    for (const auto& r : rows) l->stage(r, line++);
    EXPECT_TRUE(l->duplicates(20).empty());
    line = 2;
    for (const auto& a : accounts) l->stage_account(a, line++);
    EXPECT_TRUE(l->account_duplicates(20).empty());
    return l->apply(organismes(), t0);
  }

  std::int64_t email_code(const std::string& nir13, const std::string& secret, token::Channel channel) {
    token::CodeRecord c;
    c.nir13 = nir13;
    c.purpose = token::Purpose::password_reset;
    c.channel = channel;
    c.secret_hash = secret;
    c.created_at = t0;
    c.expires_at = t0 + 30min;
    return codes->issue_code(c, false, std::nullopt, std::nullopt);
  }

  ports::RegisterLoader* loader = nullptr;
  ports::CodeStore* codes = nullptr;
  ports::RetentionStore* retention = nullptr;
};

TEST_P(RegisterImportContract, AnInitialLoadAddsEveryRowAndReimportingItChangesNothing) {
  ports::ImportedAccount acc;
  acc.nir13 = kA;
  acc.password_hash = "hash";
  auto first = load(first_extract(), 1000, {acc});
  EXPECT_EQ(first.added, 3);
  EXPECT_EQ(first.changed, 0);
  ASSERT_TRUE(store->find_member(kB).has_value());
  ASSERT_TRUE(store->find_member(kA)->account.has_value());
  EXPECT_EQ(store->list_organismes().size(), 2u);

  for (std::size_t batch : {1u, 1000u}) {
    auto again = load(first_extract(), batch);
    EXPECT_EQ(again.added, 0) << batch;
    EXPECT_EQ(again.changed, 0) << batch;
    EXPECT_EQ(again.unchanged, 3) << batch;
    EXPECT_EQ(again.emails_changed, 0) << batch;
  }
}

TEST_P(RegisterImportContract, ANewerExtractUpdatesOnlyWhatChanged) {
  (void)load(first_extract());
  const auto reset_by_mail = email_code(kB, std::string(64, 'e'), token::Channel::email);
  const auto reset_by_letter = email_code(kA, std::string(64, 'p'), token::Channel::postal);
  (void)reset_by_mail;
  (void)reset_by_letter;

  auto next = first_extract();
  next[0].address = "2 avenue Jean Jaurès";  // A moved house
  next[1].email = "b.new@example.org";        // B has a new address and a new organisme
  next[1].organisme = "MSA-IDF";
  next.push_back(entry(kD, "d@example.org"));  // D is new
  // Batches of one row: the sync path a live register takes, one short transaction per row.
  auto counts = load(next, 1);
  EXPECT_EQ(counts.added, 1);
  EXPECT_EQ(counts.changed, 2);
  EXPECT_EQ(counts.unchanged, 1);
  EXPECT_EQ(counts.emails_changed, 1);
  EXPECT_EQ(counts.links_voided, 1);
  EXPECT_EQ(counts.batches, 4);

  EXPECT_EQ(store->find_member(kA)->entry.address, "2 avenue Jean Jaurès");
  auto b = store->find_member(kB);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->entry.email, "b.new@example.org");
  // The next sign-in reads the organisme through the register: routed to the MSA's space.
  EXPECT_EQ(b->organisme.code, "MSA-IDF");
  EXPECT_EQ(b->organisme.online_space, "espace privé MSA");
  EXPECT_TRUE(store->find_member(kD).has_value());
  // The link e-mailed to B's old address is void; the letter sent to A is not.
  EXPECT_TRUE(codes->find_code_by_hash(std::string(64, 'e'))->voided_at.has_value());
  EXPECT_FALSE(codes->find_code_by_hash(std::string(64, 'p'))->voided_at.has_value());

  auto again = load(next, 2);
  EXPECT_EQ(again.added + again.changed, 0);
  EXPECT_EQ(again.unchanged, 4);
}

TEST_P(RegisterImportContract, TheDatabaseFindsDuplicatesAndNothingIsAppliedBeforeApply) {
  auto l = loader->begin_register_load(1000);
  l->stage(entry(kA, ""), 2);
  l->stage(entry(kB, ""), 3);
  l->stage(entry(kA, ""), 7);
  l->stage(entry(kC, ""), 8);
  l->stage(entry(kA, ""), 9);
  l->stage(entry(kC, ""), 12);
  const auto d = l->duplicates(20);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].nir13, kA);
  EXPECT_EQ(d[0].first_line, 2);
  EXPECT_EQ(d[0].line, 9);
  EXPECT_EQ(d[0].times, 3);
  EXPECT_EQ(d[1].nir13, kC);
  EXPECT_EQ(d[1].first_line, 8);
  EXPECT_EQ(l->duplicates(1).size(), 1u);
  l.reset();  // refused: the staged rows go with the load
  EXPECT_FALSE(store->find_member(kB).has_value());
  // The connection goes back to the pool clean: a later import starts from nothing staged.
  EXPECT_EQ(load(first_extract()).added, 3);
}

// A first load finds the same duplicates and birth dates whatever the order of the file (SQLite
// writes rows that come in NIR order straight into the register and stages the rest): in order
// with a repeat, out of order from the first row, and out of order after a run in order.
TEST_P(RegisterImportContract, AFirstLoadInAnyOrderFindsTheSameDuplicates) {
  // NIR order: kC < kA < kD < kB.
  using Rows = std::vector<std::pair<std::string, std::int64_t>>;
  const std::vector<Rows> files = {
      {{kC, 2}, {kA, 3}, {kA, 4}, {kD, 5}, {kB, 6}, {kB, 7}, {kB, 8}},
      {{kB, 2}, {kA, 3}, {kB, 4}, {kC, 5}, {kA, 6}, {kB, 7}, {kD, 8}},
      {{kC, 2}, {kA, 3}, {kA, 4}, {kD, 5}, {kA, 6}, {kB, 7}, {kB, 8}, {kB, 9}},
  };
  const std::vector<std::vector<ports::DuplicateNir>> expected = {
      {{kA, 3, 4, 2}, {kB, 6, 8, 3}},
      {{kB, 2, 7, 3}, {kA, 3, 6, 2}},
      {{kA, 3, 6, 3}, {kB, 7, 9, 3}},
  };
  for (std::size_t f = 0; f < files.size(); ++f) {
    auto l = loader->begin_register_load(1000);
    for (const auto& [nir13, line] : files[f]) l->stage(entry(nir13, ""), line);
    const auto d = l->duplicates(20);
    ASSERT_EQ(d.size(), expected[f].size()) << f;
    for (std::size_t i = 0; i < d.size(); ++i) {
      EXPECT_EQ(d[i].nir13, expected[f][i].nir13) << f << " " << i;
      EXPECT_EQ(d[i].first_line, expected[f][i].first_line) << f << " " << i;
      EXPECT_EQ(d[i].line, expected[f][i].line) << f << " " << i;
      EXPECT_EQ(d[i].times, expected[f][i].times) << f << " " << i;
    }
    l.reset();  // refused
    EXPECT_FALSE(store->find_member(kA).has_value()) << f;
  }
  // Without repeats, a file in order then out of order: birth dates from both parts, all loaded.
  auto l = loader->begin_register_load(1000);
  std::int64_t line = 2;
  for (const auto& nir13 : {kA, kD, kC, kB}) {
    auto e = entry(nir13, nir13 + "@example.org");
    e.birth_date = "19" + nir13.substr(1, 2) + "-01-01";
    l->stage(e, line++);
  }
  ASSERT_TRUE(l->duplicates(20).empty());
  const auto dates = l->staged_birth_dates({kA, kB, kC, kD, "1111111111111"});
  const std::vector<std::optional<std::string>> born = {"1985-01-01", "1990-01-01", "1972-01-01", "1901-01-01",
                                                        std::nullopt};
  EXPECT_EQ(dates, born);
  EXPECT_EQ(l->apply(organismes(), t0).added, 4);
  for (const auto& nir13 : {kA, kB, kC, kD}) EXPECT_EQ(store->find_member(nir13)->entry.email, nir13 + "@example.org");
}

// A live register (the sync path, PostgreSQL: a staging table rather than the first load's
// straight COPY) finds duplicates the same way, and the refused file changes nothing.
TEST_P(RegisterImportContract, ASyncFindsDuplicatesTooAndChangesNothing) {
  (void)load(first_extract());
  {
    auto l = loader->begin_register_load(1000);
    l->stage(entry(kA, "a.new@example.org"), 2);
    l->stage(entry(kD, ""), 3);
    l->stage(entry(kD, ""), 5);
    const auto d = l->duplicates(20);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].nir13, kD);
    EXPECT_EQ(d[0].first_line, 3);
    EXPECT_EQ(d[0].line, 5);
    EXPECT_EQ(d[0].times, 2);
  }
  EXPECT_FALSE(store->find_member(kD).has_value());
  EXPECT_EQ(store->find_member(kA)->entry.email, "a@example.org");
  // The connection goes back to the pool clean: the next sync finds the register as it was.
  EXPECT_EQ(load(first_extract()).unchanged, 3);
}

// The accounts file streams beside the register (issue 15): staged in the database after the
// register rows, applied set-based with them; a first load and a sync alike.
TEST_P(RegisterImportContract, StagedAccountsAreAppliedWithTheRegister) {
  ports::ImportedAccount a;
  a.nir13 = kA;
  a.password_hash = "hash-a";
  a.last_login_at = t0 - days(3);
  ports::ImportedAccount b;
  b.nir13 = kB;
  b.state = account::State::pending;
  b.email_verified = false;
  b.password_hash = "hash-b";
  b.lock = {6, std::nullopt, true, t0};
  auto first = load(first_extract(), 1000, {a, b});
  EXPECT_EQ(first.added, 3);
  auto ma = store->find_member(kA);
  ASSERT_TRUE(ma && ma->account);
  EXPECT_EQ(ma->account->password_hash, "hash-a");
  EXPECT_EQ(ma->account->state, account::State::active);
  EXPECT_TRUE(ma->account->email_verified);
  EXPECT_EQ(ma->account->created_at, t0);
  EXPECT_EQ(ma->account->last_login_at, t0 - days(3));
  auto mb = store->find_member(kB);
  ASSERT_TRUE(mb && mb->account);
  EXPECT_EQ(mb->account->state, account::State::pending);
  EXPECT_FALSE(mb->account->email_verified);
  EXPECT_TRUE(store->read_lockout(kB).permanently_locked);
  EXPECT_EQ(store->read_lockout(kB).failures, 6);
  EXPECT_FALSE(store->find_member(kC)->account.has_value());

  // A sync (batches of one row): a new member with an account, an account updated.
  auto next = first_extract();
  next.push_back(entry(kD, "d@example.org"));
  ports::ImportedAccount d;
  d.nir13 = kD;
  d.password_hash = "hash-d";
  a.password_hash = "hash-a2";
  auto sync = load(next, 1, {d, a});
  EXPECT_EQ(sync.added, 1);
  ASSERT_TRUE(store->find_member(kD)->account.has_value());
  EXPECT_EQ(store->find_member(kD)->account->password_hash, "hash-d");
  EXPECT_EQ(store->find_member(kA)->account->password_hash, "hash-a2");
}

// What the import checks accounts against comes from the database: the staged rows' birth dates
// (a NIR absent from the file has none) and the NIRs that appear twice in the accounts file.
// A refused file leaves nothing behind, register or accounts.
TEST_P(RegisterImportContract, BirthDatesAndDuplicateAccountsComeFromTheStagedRows) {
  for (bool live : {false, true}) {
    if (live) (void)load({entry(kC, "c@example.org")});
    auto l = loader->begin_register_load(1000);
    auto b = entry(kB, "");
    b.birth_date = "1969-01-15";
    l->stage(entry(kA, ""), 2);
    l->stage(b, 3);
    ASSERT_TRUE(l->duplicates(20).empty());
    const auto dates = l->staged_birth_dates({kB, kD, kA});
    ASSERT_EQ(dates.size(), 3u);
    EXPECT_EQ(dates[0], std::optional<std::string>("1969-01-15")) << live;
    EXPECT_EQ(dates[1], std::nullopt) << live;  // not in the file
    EXPECT_EQ(dates[2], std::optional<std::string>("1990-01-01")) << live;
    EXPECT_EQ(l->staged_birth_dates({kC})[0], std::nullopt) << live;  // in the register, not in the file
    ports::ImportedAccount acc;
    acc.password_hash = "hash";
    for (auto [nir13, line] : {std::pair{kA, 2}, {kB, 3}, {kA, 5}, {kB, 6}, {kA, 9}}) {
      acc.nir13 = nir13;
      l->stage_account(acc, line);
    }
    const auto d = l->account_duplicates(20);
    ASSERT_EQ(d.size(), 2u) << live;
    EXPECT_EQ(d[0].nir13, kA);
    EXPECT_EQ(d[0].first_line, 2);
    EXPECT_EQ(d[0].line, 9);
    EXPECT_EQ(d[0].times, 3);
    EXPECT_EQ(d[1].nir13, kB);
    EXPECT_EQ(d[1].first_line, 3);
    EXPECT_EQ(l->account_duplicates(1).size(), 1u);
    l.reset();  // refused
    EXPECT_FALSE(store->find_member(kA).has_value()) << live;
    EXPECT_FALSE(store->find_member(kB).has_value()) << live;
  }
  // The connection goes back to the pool clean: nothing staged is left for the next import.
  auto counts = load(first_extract());
  EXPECT_EQ(counts.added, 2);
  EXPECT_FALSE(store->find_member(kA)->account.has_value());
}

// The port does not lean on the caller's checks: a row naming an organisme that is not in the
// organismes file is refused at apply(), on a first load (SQLite loads it with foreign keys off
// and checks them before the commit) and on a sync alike, and nothing is applied. The sync runs
// after a refused first load on the pooled connection: foreign keys are back on for it.
TEST_P(RegisterImportContract, ARowNamingAnUnknownOrganismeIsRefused) {
  for (bool live : {false, true}) {
    if (live) (void)load({entry(kC, "c@example.org")});
    auto l = loader->begin_register_load(1000);
    auto a = entry(kA, "");
    a.organisme = "CPAM-99";
    l->stage(entry(kB, ""), 2);
    l->stage(a, 3);
    ASSERT_TRUE(l->duplicates(20).empty());
    EXPECT_ANY_THROW((void)l->apply(organismes(), t0)) << live;
    l.reset();
    EXPECT_FALSE(store->find_member(kA).has_value()) << live;
    if (!live) {
      EXPECT_FALSE(store->find_member(kB).has_value());
    }
  }
}

TEST_P(RegisterImportContract, IdleLockoutCountersArePurgedButNeverAPermanentLock) {
  auto set = [&](const std::string& key, int failures, Instant last, std::optional<Instant> until, bool permanent) {
    (void)store->update_lockout(key, [&](const lockout::Record&) {
      lockout::Record r;
      r.failures = failures;
      r.last_failure_at = last;
      r.locked_until = until;
      r.permanently_locked = permanent;
      return r;
    });
  };
  set("1000000000001", 1, t0 - days(40), std::nullopt, false);               // a sprayed unknown NIR
  set("1000000000002#device", 2, t0 - days(31), std::nullopt, false);        // an old device counter
  set("1000000000003", 3, t0 - days(40), t0 - days(40) + 20min, false);      // a lock long over
  set("1000000000004", 6, t0 - days(400), std::nullopt, true);               // permanent: kept
  set("1000000000005", 1, t0 - days(2), std::nullopt, false);                // recent: kept
  ports::RetentionCutoffs c{};
  c.counters_idle_before = t0 - days(30);
  c.counters_unlocked_before = t0;
  EXPECT_EQ(retention->purge(c).counters, 3);
  EXPECT_EQ(store->read_lockout("1000000000001"), lockout::Record{});
  EXPECT_TRUE(store->read_lockout("1000000000004").permanently_locked);
  EXPECT_EQ(store->read_lockout("1000000000005").failures, 1);
  EXPECT_EQ(retention->purge(c).counters, 0);
}

// What a spray leaves in the attempt log: attempts on NIRs the register does not know go once
// their shadow counter may be forgotten; members' attempts stay for the log's own retention.
TEST_P(RegisterImportContract, SprayedAttemptsOnUnknownNirsArePurgedWithTheirCounters) {
  (void)load(first_extract());
  const std::string unknown_old = "1999999999901", unknown_recent = "1999999999902";
  store->record_attempt(unknown_old, t0 - days(40), "wrong_password", "192.0.2.1");
  store->record_attempt(kA, t0 - days(40), "wrong_password", "192.0.2.1");
  store->record_attempt(unknown_recent, t0 - days(2), "wrong_password", "192.0.2.1");
  store->record_attempt(unknown_old, t0 - days(39), "wrong_password", "192.0.2.1");
  ports::RetentionCutoffs c{};
  c.attempts_before = t0 - days(365);
  c.counters_idle_before = t0 - days(30);
  c.counters_unlocked_before = t0;
  EXPECT_EQ(retention->purge(c).attempts, 2);
  EXPECT_TRUE(store->recent_attempts(unknown_old, 10).empty());
  EXPECT_EQ(store->recent_attempts(kA, 10).size(), 1u);
  EXPECT_EQ(store->recent_attempts(unknown_recent, 10).size(), 1u);
  EXPECT_EQ(retention->purge(c).attempts, 0);
}

MC_CONTRACT_BACKENDS(Backends, RegisterImportContract);

}  // namespace
}  // namespace mc::contract
