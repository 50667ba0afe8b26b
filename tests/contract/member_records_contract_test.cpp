// Contract for what "Mes données" reads about one member (ports/member_records.hpp): the e-mails
// sent to their address (whatever its case), every code issued with what became of it, the
// attestations and the open sessions; only theirs, newest first (every backend).
#include <gtest/gtest.h>

#include "core/ports/attestation_store.hpp"
#include "core/ports/code_store.hpp"
#include "core/ports/member_records.hpp"
#include "core/ports/outbox_store.hpp"
#include "core/ports/store.hpp"
#include "core/token/token.hpp"
#include "store_contract.hpp"

namespace mc::contract {
namespace {

using namespace std::chrono_literals;
const Instant t0 = from_millis(1'800'000'000'000);
const std::string kNir = "2951099126111";
const std::string kOther = "1850575123456";

ports::ImportBatch members() {
  Members m;
  for (const auto& nir : {kNir, kOther}) {
    m.add(nir, nir == kNir ? "elodie@example.org" : "autre@example.org");
    m.account(nir);
  }
  return m.batch();
}

token::CodeRecord code(const std::string& nir, std::string hash, Instant at, token::Channel channel) {
  token::CodeRecord c;
  c.nir13 = nir;
  c.purpose = token::Purpose::password_reset;
  c.channel = channel;
  c.secret_hash = std::move(hash);
  c.created_at = at;
  c.expires_at = at + 30min;
  return c;
}

outbox::Mail mail(std::string to, std::string kind, std::string member) {
  return {std::move(to),
          "Réinitialisation du mot de passe de votre compte ameli",
          "lien https://x/?token=SECRET",
          "<p>SECRET</p>",
          std::move(kind),
          std::move(member)};
}

class MemberRecordsContract : public ContractTest {
 protected:
  void SetUp() override {
    open(records, codes, outbox, attestations);
    if (!store) return;
    store->import_batch(members(), t0);
  }
  ports::MemberRecords* records = nullptr;
  ports::CodeStore* codes = nullptr;
  ports::OutboxStore* outbox = nullptr;
  ports::AttestationStore* attestations = nullptr;
};

TEST_P(MemberRecordsContract, MailsAboutTheMemberNotEveryMailToTheirAddress) {
  outbox->enqueue_mail(mail("elodie@example.org", "reset_link", kNir), t0);
  // A relative sharing the family address: their mail is theirs, not Elodie's.
  outbox->enqueue_mail(mail("elodie@example.org", "activation_code", kOther), t0 + 1min);
  outbox->enqueue_mail(mail("nouvelle@example.org", "notice_password_changed", kNir), t0 + 2min);
  outbox->enqueue_mail(mail("elodie@example.org", "help_outcome", ""), t0 + 3min);  // before 0011: no one's
  auto claimed = outbox->claim_mail(t0 + 3min, 1min);
  ASSERT_TRUE(claimed);
  outbox->mail_done(claimed->id, t0 + 4min);  // the oldest due: the reset link, now sent

  auto rows = records->mails_of(kNir);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].kind, "notice_password_changed");
  EXPECT_EQ(rows[0].status, "pending");
  EXPECT_FALSE(rows[0].done_at);
  EXPECT_EQ(rows[0].created_at, t0 + 2min);
  EXPECT_EQ(rows[1].kind, "reset_link");
  EXPECT_EQ(rows[1].status, "sent");
  EXPECT_EQ(rows[1].subject, "Réinitialisation du mot de passe de votre compte ameli");
  ASSERT_TRUE(rows[1].done_at);
  EXPECT_EQ(*rows[1].done_at, t0 + 4min);
  ASSERT_EQ(records->mails_of(kOther).size(), 1U);
  EXPECT_EQ(records->mails_of(kOther)[0].kind, "activation_code");
  EXPECT_TRUE(records->mails_of("").empty());  // no member: nothing, not every mail without one
}

TEST_P(MemberRecordsContract, EveryCodeIssuedWithWhatBecameOfItOnlyTheMembers) {
  (void)codes->issue_code(code(kNir, "digest-1", t0, token::Channel::postal), false, std::nullopt, std::nullopt);
  (void)codes->issue_code(code(kNir, "digest-2", t0 + 1min, token::Channel::email), false, std::nullopt, std::nullopt);
  (void)codes->issue_code(code(kOther, "digest-3", t0 + 2min, token::Channel::email), false, std::nullopt,
                          std::nullopt);
  auto rows = records->codes_of(kNir);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].channel, "email");
  EXPECT_EQ(rows[0].purpose, "password_reset");
  EXPECT_EQ(rows[0].created_at, t0 + 1min);
  EXPECT_EQ(rows[0].expires_at, t0 + 31min);
  EXPECT_FALSE(rows[0].used_at);
  EXPECT_FALSE(rows[0].voided_at);
  EXPECT_EQ(rows[1].channel, "postal");
  ASSERT_TRUE(rows[1].voided_at);  // the newer code voided it
  EXPECT_EQ(*rows[1].voided_at, t0 + 1min);
}

TEST_P(MemberRecordsContract, AttestationsAndOpenSessionsOfTheMemberOnly) {
  attestations->record_attestation("ABCD-1234", R"({"rights":"a"})", kNir, t0);
  attestations->record_attestation("EFGH-5678", R"({"rights":"b"})", kNir, t0 + 1h);
  attestations->record_attestation("IJKL-9012", R"({"rights":"c"})", kOther, t0 + 2h);
  auto att = records->attestations_of(kNir);
  ASSERT_EQ(att.size(), 2U);
  EXPECT_EQ(att[0].issued_at, t0 + 1h);
  EXPECT_EQ(att[0].payload, R"({"rights":"b"})");

  store->create_session({"hash-1", kNir, "member", t0, t0 + 5min, "csrf", "franceconnect", "id-token"});
  store->create_session({"hash-2", kOther, "member", t0, t0, "csrf", "password", ""});
  store->create_session({"hash-3", kNir, "staff", t0, t0, "csrf", "password+totp", ""});  // a login that looks alike
  auto sessions = records->sessions_of(kNir);
  ASSERT_EQ(sessions.size(), 1U);
  EXPECT_EQ(sessions[0].auth_method, "franceconnect");
  EXPECT_EQ(sessions[0].last_seen_at, t0 + 5min);
}

MC_CONTRACT_BACKENDS(Backends, MemberRecordsContract);

}  // namespace
}  // namespace mc::contract
