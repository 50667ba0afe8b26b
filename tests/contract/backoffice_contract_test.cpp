// Contract for the back office (ports::BackOfficeStore): staff, advisor actions with their audit
// entry in the same transaction, the help queue, and one audit chain under concurrency.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/ports/audit_sealer.hpp"
#include "core/ports/backoffice_store.hpp"
#include "core/ports/code_store.hpp"
#include "core/ports/import_batch.hpp"
#include "core/ports/outbox_store.hpp"
#include "core/ports/store.hpp"
#include "store_contract.hpp"

namespace mc::contract {
namespace {

using namespace std::chrono_literals;
const Instant t0 = from_millis(1'800'000'000'000);
const std::string kNir = "2951099126111";
const std::string kNoAccount = "1850575123456";

ports::AuditSealer sealer(const std::string& action, const std::string& subject = kNir, Instant at = t0) {
  return [=](const staff::ChainHead& head) {
    staff::AuditDraft d{at, "marie.dupont", "conseiller", action, subject, "appel du 36 46", "phone: nir", "{}"};
    return staff::seal(d, head, fake_sha);
  };
}

ports::ImportBatch members() {
  Members m;
  for (const auto& nir : {kNir, kNoAccount}) {
    auto& r = m.add(nir);
    r.address = "12 rue des Lilas";
    r.postal_code = "75015";
    r.city = "Paris";
    r.phone = "0601020304";
    if (nir == kNoAccount) r.given_names = "Paul";
  }
  m.account(kNir).lock = lockout::Record{6, {}, true, t0};
  return m.batch();
}

staff::StaffMember staff_member(std::string login, staff::Role role = staff::Role::conseiller) {
  staff::StaffMember m;
  m.login = std::move(login);
  m.role = role;
  m.password_hash = "phc";
  m.totp_secret = "JBSWY3DPEHPK3PXP";
  m.created_at = t0;
  m.created_by = "cli";
  return m;
}

class BackOfficeContract : public ContractTest {
 protected:
  void SetUp() override {
    open(bo, codes, outbox);
    if (!store) return;
    store->import_batch(members(), t0);
  }

  std::optional<staff::ChainBreak> verify_chain() {
    staff::ChainVerifier v(fake_sha);
    std::int64_t after = 0;
    for (;;) {
      auto page = bo->audit_entries(after, 100);
      if (page.empty()) break;
      for (const auto& e : page) v.add(e);
      after = page.back().seq;
    }
    v.finish(bo->audit_head());
    return v.broken();
  }

  ports::BackOfficeStore* bo = nullptr;
  ports::CodeStore* codes = nullptr;
  ports::OutboxStore* outbox = nullptr;
};

TEST_P(BackOfficeContract, StaffAreAddedOnceWithTheirAuditEntry) {
  EXPECT_TRUE(bo->add_staff(staff_member("marie.dupont"), sealer("staff_add", "marie.dupont")));
  EXPECT_FALSE(bo->add_staff(staff_member("marie.dupont", staff::Role::superviseur), sealer("staff_add", "marie.dupont")));
  auto m = bo->find_staff("marie.dupont");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->role, staff::Role::conseiller);
  EXPECT_EQ(m->totp_secret, "JBSWY3DPEHPK3PXP");
  EXPECT_FALSE(m->last_totp_step);
  EXPECT_TRUE(m->active);
  EXPECT_FALSE(bo->find_staff("nobody"));
  EXPECT_EQ(bo->audit_head().seq, 1);  // the refused duplicate wrote nothing
  EXPECT_TRUE(bo->add_staff(staff_member("fs.lyon", staff::Role::france_services), sealer("staff_add", "fs.lyon")));
  auto all = bo->list_staff();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].login, "fs.lyon");
  EXPECT_FALSE(verify_chain());
}

TEST_P(BackOfficeContract, ATotpStepIsAcceptedOnceAndNeverAnOlderOne) {
  ASSERT_TRUE(bo->add_staff(staff_member("marie.dupont"), sealer("staff_add")));
  EXPECT_TRUE(bo->accept_totp_step("marie.dupont", 100));
  EXPECT_FALSE(bo->accept_totp_step("marie.dupont", 100));
  EXPECT_FALSE(bo->accept_totp_step("marie.dupont", 99));
  EXPECT_TRUE(bo->accept_totp_step("marie.dupont", 101));
  EXPECT_EQ(bo->find_staff("marie.dupont")->last_totp_step, 101);
  EXPECT_FALSE(bo->accept_totp_step("nobody", 5));
}

TEST_P(BackOfficeContract, TwoProcessesUsingTheSameCodeAtOnceGetOneSuccess) {
  ASSERT_TRUE(bo->add_staff(staff_member("marie.dupont"), sealer("staff_add")));
  auto other = backend().open_same();
  auto* bo2 = &other->backoffice();
  for (std::int64_t step = 200; step < 220; ++step) {
    std::atomic<int> wins{0};
    std::thread a([&] { wins += bo->accept_totp_step("marie.dupont", step); });
    std::thread b([&] { wins += bo2->accept_totp_step("marie.dupont", step); });
    a.join();
    b.join();
    EXPECT_EQ(wins.load(), 1) << step;
  }
}

TEST_P(BackOfficeContract, DeactivationEndsStaffSessions) {
  ASSERT_TRUE(bo->add_staff(staff_member("marie.dupont"), sealer("staff_add")));
  store->create_session({"s1", "marie.dupont", "staff", t0, t0, "c", "password+totp", ""});
  store->create_session({"s2", "marie.dupont", "member", t0, t0, "c", "password", ""});
  EXPECT_TRUE(bo->set_staff_active("marie.dupont", false, sealer("staff_deactivate", "marie.dupont")));
  EXPECT_FALSE(bo->find_staff("marie.dupont")->active);
  EXPECT_FALSE(store->find_session("s1"));
  EXPECT_TRUE(store->find_session("s2"));
  EXPECT_FALSE(bo->set_staff_active("nobody", false, sealer("staff_deactivate", "nobody")));
  EXPECT_EQ(bo->audit_head().seq, 2);
}

TEST_P(BackOfficeContract, StaffLockoutIsClearedBySupervisorUnlock) {
  ASSERT_TRUE(bo->add_staff(staff_member("marie.dupont"), sealer("staff_add")));
  (void)store->update_lockout("staff:marie.dupont", [](const lockout::Record&) { return lockout::Record{6, {}, true, t0}; });
  EXPECT_TRUE(bo->unlock_staff("marie.dupont", sealer("staff_unlock", "marie.dupont")));
  EXPECT_EQ(store->read_lockout("staff:marie.dupont"), lockout::Record{});
  EXPECT_FALSE(bo->unlock_staff("nobody", sealer("staff_unlock", "nobody")));
}

TEST_P(BackOfficeContract, UnlockLiftsAPermanentLockWithItsAuditEntry) {
  ASSERT_TRUE(store->read_lockout(kNir).permanently_locked);
  ports::MemberChange ch{kNir, t0 + 1min};
  ch.expect = ports::MemberChange::Expect::account;
  ch.unlock = true;
  ch.attempt_note = "advisor_unlock";
  EXPECT_EQ(bo->apply(ch, sealer("unlock")), ports::ApplyResult::ok);
  EXPECT_EQ(store->read_lockout(kNir), lockout::Record{});
  auto attempts = store->recent_attempts(kNir, 50);
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_EQ(attempts[0].outcome, "advisor_unlock");
  auto log = bo->audit_entries(0, 10);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].draft.action, "unlock");
  EXPECT_EQ(log[0].draft.subject, kNir);
  EXPECT_EQ(log[0].prev_hash, staff::kGenesisHash);
  EXPECT_FALSE(verify_chain());
}

TEST_P(BackOfficeContract, APreconditionThatFailsWritesNothing) {
  ports::MemberChange ch{kNir, t0};
  ch.expect = ports::MemberChange::Expect::inactive;  // the account is active
  ch.reactivate = true;
  EXPECT_EQ(bo->apply(ch, sealer("reactivate")), ports::ApplyResult::conflict);
  ch.expect = ports::MemberChange::Expect::no_open_account;
  EXPECT_EQ(bo->apply(ch, sealer("create_account")), ports::ApplyResult::conflict);
  ch.expect = ports::MemberChange::Expect::account;
  ch.nir13 = kNoAccount;
  EXPECT_EQ(bo->apply(ch, sealer("unlock")), ports::ApplyResult::conflict);
  ch.nir13 = "1000000000000";
  ch.expect = ports::MemberChange::Expect::any;
  EXPECT_EQ(bo->apply(ch, sealer("unlock")), ports::ApplyResult::not_found);
  EXPECT_EQ(bo->audit_head().seq, 0);
  EXPECT_TRUE(bo->audit_entries(0, 10).empty());
}

TEST_P(BackOfficeContract, WhenTheAuditEntryCannotBeWrittenTheActionIsUndone) {
  ports::MemberChange ch{kNir, t0};
  ch.unlock = true;
  ch.contact = ports::ContactChange{std::string("new@example.org")};
  ch.mails.push_back({"elodie@example.org", "s", "t", "", "security_notice"});
  EXPECT_ANY_THROW((void)bo->apply(ch, [](const staff::ChainHead&) -> staff::AuditEntry { throw std::runtime_error("x"); }));
  EXPECT_TRUE(store->read_lockout(kNir).permanently_locked);
  EXPECT_EQ(store->find_member(kNir)->entry.email, "elodie@example.org");
  EXPECT_EQ(outbox->mail_counts().pending, 0);
  // A sealer that does not follow the head is refused too: there is one chain.
  EXPECT_ANY_THROW((void)bo->apply(ch, [](const staff::ChainHead&) {
    return staff::seal({t0, "x", "x", "x", "x", "x", "x", "{}"}, staff::ChainHead{41, std::string(64, 'f')}, fake_sha);
  }));
  EXPECT_EQ(bo->audit_head().seq, 0);
}

TEST_P(BackOfficeContract, ContactAndCivilStatusChangesTouchOnlyWhatIsGiven) {
  ports::MemberChange ch{kNir, t0};
  ch.contact = ports::ContactChange{std::string("new@example.org"), std::nullopt, std::string("3 place du Marché"),
                                    std::nullopt, std::nullopt};
  ch.civil_status = ports::CivilStatusChange{};
  ch.civil_status->family_name = "MARTIN-DURAND";
  ch.mails.push_back({"elodie@example.org", "Vos coordonnées", "t", "", "notice_contact_changed"});
  EXPECT_EQ(bo->apply(ch, sealer("update_contact")), ports::ApplyResult::ok);
  auto m = store->find_member(kNir);
  EXPECT_EQ(m->entry.email, "new@example.org");
  EXPECT_EQ(m->entry.address, "3 place du Marché");
  EXPECT_EQ(m->entry.phone, "0601020304");
  EXPECT_EQ(m->entry.postal_code, "75015");
  EXPECT_EQ(m->entry.family_name, "MARTIN-DURAND");
  EXPECT_EQ(m->entry.given_names, "Élodie");
  EXPECT_FALSE(m->account->email_verified);  // the new address is not proven by the member yet
  EXPECT_EQ(outbox->mail_counts().pending, 1);
}

TEST_P(BackOfficeContract, ReactivationRestartsTheIdleClock) {
  store->set_account_state(kNir, account::State::inactive);
  ports::MemberChange ch{kNir, t0 + 1h};
  ch.expect = ports::MemberChange::Expect::inactive;
  ch.reactivate = true;
  EXPECT_EQ(bo->apply(ch, sealer("reactivate")), ports::ApplyResult::ok);
  auto a = store->find_member(kNir)->account;
  EXPECT_EQ(a->state, account::State::active);
  EXPECT_EQ(a->last_login_at, t0 + 1h);
}

TEST_P(BackOfficeContract, CreatingOnBehalfMakesAPendingAccountAndItsCode) {
  token::CodeRecord c;
  c.nir13 = kNoAccount;
  c.purpose = token::Purpose::activation;
  c.channel = token::Channel::counter;
  c.secret_hash = "counter-hash";
  c.created_at = t0;
  c.expires_at = t0 + 24h;
  ports::MemberChange ch{kNoAccount, t0};
  ch.expect = ports::MemberChange::Expect::no_open_account;
  ch.create_pending_account = true;
  ch.code = c;
  EXPECT_EQ(bo->apply(ch, sealer("create_account", kNoAccount)), ports::ApplyResult::ok);
  EXPECT_EQ(store->find_member(kNoAccount)->account->state, account::State::pending);
  auto open = codes->find_open_code(kNoAccount, token::Purpose::activation);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->channel, token::Channel::counter);
  // Again (a pending account may get a new code): the older code is voided.
  c.secret_hash = "second";
  ch.code = c;
  EXPECT_EQ(bo->apply(ch, sealer("create_account", kNoAccount)), ports::ApplyResult::ok);
  EXPECT_TRUE(codes->find_code_by_hash("counter-hash")->voided_at);
}

TEST_P(BackOfficeContract, SearchByNameAndBirthDate) {
  auto found = bo->search_members("martin", "1995-10-01", 10);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].given_names, "Paul");  // ordered by given names
  EXPECT_FALSE(found[0].has_account);
  EXPECT_TRUE(found[1].has_account);
  EXPECT_TRUE(bo->search_members("MARTIN", "1995-10-02", 10).empty());
  EXPECT_EQ(bo->search_members("MARTIN", "1995-10-01", 1).size(), 1u);
}

staff::HelpRequest help(std::string ref, staff::Category c, Instant at) {
  staff::HelpRequest r;
  r.reference = std::move(ref);
  r.nir13 = kNir;
  r.birth_date = "1995-10-01";
  r.phone = "0601020304";
  r.category = c;
  r.text = "Mon compte est bloqué et j'attends mes indemnités.";
  r.created_at = at;
  return r;
}

TEST_P(BackOfficeContract, TheHelpQueueIsOrderedByUrgencyThenAge) {
  bo->file_help_request(help("AIDE-AAAA-AAAA", staff::Category::other, t0), nullptr);
  bo->file_help_request(help("AIDE-BBBB-BBBB", staff::Category::attestation_now, t0 + 1min), nullptr);
  bo->file_help_request(help("AIDE-CCCC-CCCC", staff::Category::daily_allowances, t0 + 5min), nullptr);
  bo->file_help_request(help("AIDE-DDDD-DDDD", staff::Category::maternity, t0 + 2min), nullptr);
  bo->file_help_request(help("AIDE-EEEE-EEEE", staff::Category::daily_allowances, t0 + 3min), nullptr);
  auto filing = sealer("file_help_request", "AIDE-FFFF-FFFF");
  bo->file_help_request(help("AIDE-FFFF-FFFF", staff::Category::long_term_illness, t0 + 4min), &filing);
  auto q = bo->help_queue(staff::HelpStatus::open, 50);
  std::vector<std::string> refs;
  refs.reserve(q.size());
  for (const auto& r : q) refs.push_back(r.reference.substr(5, 1));
  EXPECT_EQ(refs, (std::vector<std::string>{"E", "C", "D", "F", "B", "A"}));
  auto sorted = q;
  staff::order_queue(sorted);
  for (std::size_t i = 0; i < q.size(); ++i) EXPECT_EQ(sorted[i].reference, q[i].reference);
  EXPECT_EQ(bo->audit_head().seq, 1);  // only the staff filing is audited
  EXPECT_EQ(q[0].text, "Mon compte est bloqué et j'attends mes indemnités.");
}

TEST_P(BackOfficeContract, ARequestIsClaimedOnceAndResolvedByItsClaimer) {
  bo->file_help_request(help("AIDE-AAAA-AAAA", staff::Category::maternity, t0), nullptr);
  EXPECT_TRUE(bo->claim_help_request("AIDE-AAAA-AAAA", "marie.dupont", t0 + 1min, sealer("claim", "AIDE-AAAA-AAAA")));
  EXPECT_FALSE(bo->claim_help_request("AIDE-AAAA-AAAA", "paul.leroy", t0 + 2min, sealer("claim", "AIDE-AAAA-AAAA")));
  EXPECT_TRUE(bo->help_queue(staff::HelpStatus::open, 10).empty());
  outbox::Letter letter;
  letter.kind = "help_outcome";
  letter.paragraphs = {"Votre demande est traitée."};
  EXPECT_FALSE(bo->resolve_help_request("AIDE-AAAA-AAAA", "paul.leroy", false, "fait", staff::Reply::postal, t0 + 3min,
                                        std::nullopt, letter, sealer("resolve", "AIDE-AAAA-AAAA")));
  EXPECT_TRUE(bo->resolve_help_request("AIDE-AAAA-AAAA", "marie.dupont", false, "Attestation envoyée par courrier.",
                                       staff::Reply::postal, t0 + 4min, std::nullopt, letter,
                                       sealer("resolve", "AIDE-AAAA-AAAA")));
  auto r = bo->find_help_request("AIDE-AAAA-AAAA");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, staff::HelpStatus::resolved);
  EXPECT_EQ(r->claimed_by, "marie.dupont");
  EXPECT_EQ(r->claimed_at, t0 + 1min);
  EXPECT_EQ(r->resolved_at, t0 + 4min);
  EXPECT_EQ(r->outcome, "Attestation envoyée par courrier.");
  EXPECT_EQ(r->replied_by, "postal");
  EXPECT_EQ(outbox->letter_counts().pending, 1);
  EXPECT_EQ(bo->audit_head().seq, 2);
  EXPECT_FALSE(bo->find_help_request("AIDE-ZZZZ-ZZZZ"));
  // A supervisor may close a request someone else claimed.
  bo->file_help_request(help("AIDE-BBBB-BBBB", staff::Category::other, t0), nullptr);
  ASSERT_TRUE(bo->claim_help_request("AIDE-BBBB-BBBB", "paul.leroy", t0, sealer("claim", "AIDE-BBBB-BBBB")));
  EXPECT_TRUE(bo->resolve_help_request("AIDE-BBBB-BBBB", "chef", true, "clos", staff::Reply::email, t0 + 1min,
                                       outbox::Mail{"elodie@example.org", "s", "t", "", "help_outcome", ""},
                                       std::nullopt, sealer("resolve", "AIDE-BBBB-BBBB")));
  EXPECT_EQ(outbox->mail_counts().pending, 1);
}

TEST_P(BackOfficeContract, ConcurrentAppendsFromTwoConnectionsKeepOneValidChain) {
  auto other = backend().open_same();
  auto* bo2 = &other->backoffice();
  ASSERT_TRUE(bo2);
  constexpr int kEach = 40;
  auto work = [&](ports::BackOfficeStore* s, const char* who) {
    for (int i = 0; i < kEach; ++i) {
      if (i % 2) {
        ports::MemberChange ch{kNir, t0};
        ch.unlock = true;
        (void)s->apply(ch, sealer(std::string("unlock-") + who));
      } else {
        (void)s->append_audit(sealer(std::string("lookup-") + who));
      }
    }
  };
  std::thread a(work, bo, "a");
  std::thread b(work, bo2, "b");
  a.join();
  b.join();
  EXPECT_EQ(bo->audit_head().seq, 2 * kEach);
  EXPECT_FALSE(verify_chain());
  auto all = bo->audit_entries(0, 1000);
  ASSERT_EQ(all.size(), static_cast<std::size_t>(2 * kEach));
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].seq, static_cast<std::int64_t>(i + 1));
  EXPECT_EQ(bo->audit_entries(70, 1000).size(), 10u);
}

MC_CONTRACT_BACKENDS(Backends, BackOfficeContract);

}  // namespace
}  // namespace mc::contract
