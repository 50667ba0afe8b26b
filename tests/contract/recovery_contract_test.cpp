// Contract for codes, outboxes, rate limits and account changes (every backend).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/ports/account_store.hpp"
#include "core/ports/code_store.hpp"
#include "core/ports/import_batch.hpp"
#include "core/ports/outbox_store.hpp"
#include "core/ports/rate_limiter.hpp"
#include "core/ports/retention_store.hpp"
#include "core/ports/store.hpp"
#include "store_contract.hpp"

namespace mc::contract {
namespace {

using namespace std::chrono_literals;
const Instant t0 = from_millis(1'800'000'000'000);
const std::string kNir = "2951099126111";

ports::ImportBatch one_member() {
  Members m;
  m.add(kNir);
  m.add("1850575123456");
  m.account(kNir, "old-hash");
  return m.batch();
}

token::CodeRecord code(std::string hash, Instant at = t0, Duration valid = 30min) {
  token::CodeRecord c;
  c.nir13 = kNir;
  c.purpose = token::Purpose::password_reset;
  c.channel = token::Channel::email;
  c.secret_hash = std::move(hash);
  c.created_at = at;
  c.expires_at = at + valid;
  return c;
}

class RecoveryContract : public ContractTest {
 protected:
  void SetUp() override {
    open(codes, outbox, limiter, accounts);
    if (!store) return;
    store->import_batch(one_member(), t0);
  }
  ports::CodeStore* codes = nullptr;
  ports::OutboxStore* outbox = nullptr;
  ports::RateLimiter* limiter = nullptr;
  ports::AccountStore* accounts = nullptr;
};

TEST_P(RecoveryContract, IssuingVoidsOlderCodesAndQueuesTheMailAtomically) {
  outbox::Mail m{"elodie@example.org", "Objet é", "texte", "<p>html</p>", "reset_link"};
  auto first = codes->issue_code(code("h1"), false, m, std::nullopt);
  auto second = codes->issue_code(code("h2", t0 + 1min), false, m, std::nullopt);
  EXPECT_NE(first, second);
  EXPECT_TRUE(codes->find_code_by_hash("h1")->voided_at);
  EXPECT_FALSE(codes->find_code_by_hash("h2")->voided_at);
  EXPECT_EQ(codes->find_open_code(kNir, token::Purpose::password_reset)->secret_hash, "h2");
  EXPECT_EQ(outbox->mail_counts().pending, 2);
  EXPECT_EQ(codes->redeem(first, t0 + 2min, {kNir}), ports::RedeemResult::unusable);
}

TEST_P(RecoveryContract, RedeemSetsThePasswordLiftsTheTemporaryLockAndEndsSessions) {
  (void)store->update_lockout(kNir, [](const lockout::Record&) { return lockout::Record{3, t0 + 20min, false, t0}; });
  store->create_session({"s1", kNir, "member", t0, t0, "c", "password", ""});
  auto id = codes->issue_code(code("h1"), false, std::nullopt, std::nullopt);
  ports::CredentialChange ch{kNir, std::string("new-hash")};
  ch.lift_temporary_lock = true;
  ch.end_sessions = true;
  ch.notice = outbox::Mail{"elodie@example.org", "Mot de passe modifié", "t", "", "security_notice", ""};
  EXPECT_EQ(codes->redeem(id, t0 + 5min, ch), ports::RedeemResult::ok);
  EXPECT_EQ(store->find_member(kNir)->account->password_hash, "new-hash");
  EXPECT_EQ(store->read_lockout(kNir), lockout::Record{});
  EXPECT_FALSE(store->find_session("s1"));
  EXPECT_EQ(outbox->mail_counts().pending, 1);
  EXPECT_EQ(codes->redeem(id, t0 + 6min, ch), ports::RedeemResult::unusable);  // single use
}

TEST_P(RecoveryContract, RedeemNeverLiftsAPermanentLockAndKeepsTheCode) {
  (void)store->update_lockout(kNir, [](const lockout::Record&) { return lockout::Record{6, {}, true, t0}; });
  auto id = codes->issue_code(code("h1"), false, std::nullopt, std::nullopt);
  ports::CredentialChange ch{kNir, std::string("new-hash")};
  ch.lift_temporary_lock = true;
  EXPECT_EQ(codes->redeem(id, t0, ch), ports::RedeemResult::permanently_locked);
  EXPECT_EQ(store->find_member(kNir)->account->password_hash, "old-hash");
  EXPECT_TRUE(store->read_lockout(kNir).permanently_locked);
}

TEST_P(RecoveryContract, ExpiredAndExhaustedCodesCannotBeRedeemed) {
  auto id = codes->issue_code(code("h1"), false, std::nullopt, std::nullopt);
  EXPECT_EQ(codes->redeem(id, t0 + 30min, {kNir}), ports::RedeemResult::unusable);
  auto id2 = codes->issue_code(code("h2", t0 + 1min), false, std::nullopt, std::nullopt);
  for (int i = 1; i <= token::kMaxCodeTries; ++i) EXPECT_EQ(codes->record_code_failure(id2), i);
  EXPECT_EQ(codes->redeem(id2, t0 + 2min, {kNir}), ports::RedeemResult::unusable);
}

TEST_P(RecoveryContract, ConcurrentRedeemsSucceedOnce) {
  for (int round = 0; round < 5; ++round) {
    auto id = codes->issue_code(code("race" + std::to_string(round)), false, std::nullopt, std::nullopt);
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    threads.reserve(6);
    for (int t = 0; t < 6; ++t)
      threads.emplace_back([&, t] {
        std::unique_ptr<ports::Storage> other;
        auto* c = codes;
        if (t % 2) {
          other = backend().open_same();
          c = &other->codes();
        }
        ports::CredentialChange ch{kNir, std::string("hash-") + std::to_string(t)};
        if (c->redeem(id, t0 + 1min, ch) == ports::RedeemResult::ok) ++ok;
      });
    for (auto& th : threads) th.join();
    EXPECT_EQ(ok.load(), 1);
  }
}

TEST_P(RecoveryContract, PendingAccountCreationAndActivation) {
  token::CodeRecord c = code("act");
  c.nir13 = "1850575123456";
  c.purpose = token::Purpose::activation;
  auto id = codes->issue_code(c, true, std::nullopt, std::nullopt);
  auto m = store->find_member("1850575123456");
  ASSERT_TRUE(m->account);
  EXPECT_EQ(m->account->state, account::State::pending);
  ports::CredentialChange ch{"1850575123456", std::string("pw")};
  ch.activate = true;
  ch.mark_email_verified = true;
  ch.new_email = "nouvelle@example.org";
  EXPECT_EQ(codes->redeem(id, t0, ch), ports::RedeemResult::ok);
  m = store->find_member("1850575123456");
  EXPECT_EQ(m->account->state, account::State::active);
  EXPECT_TRUE(m->account->email_verified);
  EXPECT_EQ(m->entry.email, "nouvelle@example.org");
}

TEST_P(RecoveryContract, OutboxClaimLeaseRetryAndDone) {
  outbox->enqueue_mail({"a@example.org", "s", "t", "h", "k"}, t0);
  auto c1 = outbox->claim_mail(t0, 60s);
  ASSERT_TRUE(c1);
  EXPECT_EQ(c1->mail.to, "a@example.org");
  EXPECT_FALSE(outbox->claim_mail(t0 + 1s, 60s));  // leased
  outbox->mail_failed(c1->id, "connection refused", t0 + 10s, false);
  EXPECT_FALSE(outbox->claim_mail(t0 + 5s, 60s));
  auto c2 = outbox->claim_mail(t0 + 11s, 60s);
  ASSERT_TRUE(c2);
  EXPECT_EQ(c2->attempts, 1);
  outbox->mail_done(c2->id, t0 + 12s);
  EXPECT_EQ(outbox->mail_counts().sent, 1);
  EXPECT_EQ(outbox->mail_counts().pending, 0);

  outbox::Letter l{"reset_code", "Élodie MARTIN", {"1 rue de la Paix"}, "75002", "Paris", "Votre code", {"p1", "p2"}, "ABCD2345", ""};
  outbox->enqueue_letter(l, t0);
  auto cl = outbox->claim_letter(t0, 60s);
  ASSERT_TRUE(cl);
  EXPECT_EQ(cl->letter.recipient_name, "Élodie MARTIN");
  EXPECT_EQ(cl->letter.paragraphs.size(), 2u);
  EXPECT_EQ(cl->letter.code, "ABCD2345");
  outbox->letter_failed(cl->id, "disk full", t0 + 1s, true);
  EXPECT_EQ(outbox->letter_counts().failed, 1);
}

TEST_P(RecoveryContract, RateLimiterSlidingWindow) {
  EXPECT_EQ(limiter->hit("ip:1", t0, 1h), 1);
  EXPECT_EQ(limiter->hit("ip:1", t0 + 10min, 1h), 2);
  EXPECT_EQ(limiter->hit("ip:2", t0 + 10min, 1h), 1);
  EXPECT_EQ(limiter->hit("ip:1", t0 + 65min, 1h), 2);
}

TEST_P(RecoveryContract, ChangePasswordKeepsTheCurrentSession) {
  store->create_session({"keep", kNir, "member", t0, t0, "c", "password", ""});
  store->create_session({"other", kNir, "member", t0, t0, "c", "password", ""});
  ports::AccountChange change{kNir, t0};
  change.password_hash = "changed";
  change.keep_session_hash = "keep";
  change.notice = outbox::Mail{"e@example.org", "s", "t", "", "security_notice", ""};
  EXPECT_TRUE(accounts->update(change));
  EXPECT_EQ(store->find_member(kNir)->account->password_hash, "changed");
  EXPECT_TRUE(store->find_session("keep"));
  EXPECT_FALSE(store->find_session("other"));
  EXPECT_EQ(outbox->mail_counts().pending, 1);
}

TEST_P(RecoveryContract, ContactChangeAndItsNoticeAreOneWrite) {
  store->create_session({"other", kNir, "member", t0, t0, "c", "password", ""});
  const auto before = store->find_member(kNir)->entry;
  ports::AccountChange change{kNir, t0};
  change.contact = account::ContactChange{};
  change.contact->phone = "+33698765432";
  change.notice = outbox::Mail{"e@example.org", "Votre numéro", "t", "", "security_notice", kNir};
  EXPECT_TRUE(accounts->update(change));
  const auto after = store->find_member(kNir);
  EXPECT_EQ(after->entry.phone, "+33698765432");
  // Only what the change names is written: the rest of the entry, the password, the sessions.
  EXPECT_EQ(after->entry.email, before.email);
  EXPECT_EQ(after->entry.address, before.address);
  EXPECT_EQ(after->account->password_hash, "old-hash");
  EXPECT_TRUE(store->find_session("other"));
  EXPECT_EQ(outbox->mail_counts().pending, 1);

  // No account: neither the change nor its notice.
  ports::AccountChange stranger{"1850575123456", t0};
  stranger.contact = change.contact;
  stranger.notice = change.notice;
  EXPECT_FALSE(accounts->update(stranger));
  EXPECT_NE(store->find_member("1850575123456")->entry.phone, "+33698765432");
  EXPECT_EQ(outbox->mail_counts().pending, 1);
}

TEST_P(RecoveryContract, InactivityWarningsOnceThenDeactivation) {
  // The imported account signed in at t0 (import time) — nothing is due yet.
  EXPECT_TRUE(accounts->take_inactivity_warnings(t0 - 1h, t0).empty());
  auto warned = accounts->take_inactivity_warnings(t0 + 1h, t0 + 2h);
  ASSERT_EQ(warned.size(), 1u);
  EXPECT_TRUE(accounts->take_inactivity_warnings(t0 + 1h, t0 + 3h).empty());
  EXPECT_EQ(accounts->deactivate_idle(t0 + 1h), 1);
  EXPECT_EQ(store->find_member(kNir)->account->state, account::State::inactive);
}

TEST_P(RecoveryContract, PurgeRemovesWhatIsOverAndKeepsTheRest) {
  auto* retention = &owner->retention();
  ASSERT_TRUE(retention);
  const auto days = [](int n) { return std::chrono::hours(24 * n); };
  auto session = [&](std::string id, Instant created, Instant seen) {
    store->create_session({std::move(id), kNir, "member", created, seen, "csrf", "password", ""});
  };
  session("past-absolute", t0 - 10h, t0 - 1min);
  session("past-idle", t0 - 1h, t0 - 30min);
  session("live", t0 - 1h, t0 - 1min);
  (void)limiter->hit("quiet", t0 - days(3), 1h);  // a key hit once, never again: nothing else prunes it
  (void)limiter->hit("busy", t0, 1h);
  (void)codes->issue_code(code("old", t0 - days(40)), false, std::nullopt, std::nullopt);
  (void)codes->issue_code(code("new", t0), false, std::nullopt, std::nullopt);
  store->record_attempt(kNir, t0 - days(400), "wrong_password", "192.0.2.1");
  store->record_attempt(kNir, t0, "wrong_password", "192.0.2.1");
  const outbox::Mail mail{"elodie@example.org", "Objet", "texte", "", "reset_link", ""};
  outbox->enqueue_mail(mail, t0 - days(40));
  auto sent = outbox->claim_mail(t0 - days(40), 60s);
  ASSERT_TRUE(sent);
  outbox->mail_done(sent->id, t0 - days(40));
  outbox->enqueue_mail(mail, t0 - days(40));  // still pending: never purged
  outbox::Letter letter;
  letter.kind = "reset_code";
  letter.recipient_name = "Élodie MARTIN";
  outbox->enqueue_letter(letter, t0 - days(40));
  auto printed = outbox->claim_letter(t0 - days(40), 60s);
  ASSERT_TRUE(printed);
  outbox->letter_done(printed->id, t0 - days(40), "lettre.pdf");

  const ports::RetentionCutoffs cutoffs{t0 - 8h, t0 - 20min, t0 - days(2), t0 - days(30), t0 - days(365), t0 - days(30)};
  const auto purged = retention->purge(cutoffs);
  EXPECT_EQ(purged.sessions, 2);
  EXPECT_EQ(purged.rate_hits, 1);
  EXPECT_EQ(purged.codes, 1);
  EXPECT_EQ(purged.attempts, 1);
  EXPECT_EQ(purged.mails, 1);
  EXPECT_EQ(purged.letters, 1);

  EXPECT_FALSE(store->find_session("past-absolute"));
  EXPECT_FALSE(store->find_session("past-idle"));
  EXPECT_TRUE(store->find_session("live"));
  EXPECT_EQ(limiter->hit("quiet", t0, days(5)), 1);
  EXPECT_EQ(limiter->hit("busy", t0, days(5)), 2) << "the hit of t0 and this one";
  EXPECT_FALSE(codes->find_code_by_hash("old"));
  EXPECT_TRUE(codes->find_code_by_hash("new"));
  EXPECT_EQ(store->recent_attempts(kNir, 10).size(), 1u);
  EXPECT_EQ(outbox->mail_counts().sent, 0);
  EXPECT_EQ(outbox->mail_counts().pending, 1);
  EXPECT_EQ(outbox->letter_counts().sent, 0);

  const auto again = retention->purge(cutoffs);
  EXPECT_EQ(again.sessions + again.rate_hits + again.codes + again.attempts + again.mails + again.letters, 0);
}

MC_CONTRACT_BACKENDS(Backends, RecoveryContract);

}  // namespace
}  // namespace mc::contract
