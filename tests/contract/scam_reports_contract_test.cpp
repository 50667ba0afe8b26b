// Contract for members' scam reports (issue 16, item 5): stored masked as given, a queue of
// unlabelled reports, labelling once (two advisors: one wins) with its audit entry, discarding,
// and housekeeping of unlabelled reports only (every backend).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/ports/audit_sealer.hpp"
#include "core/ports/backoffice_store.hpp"
#include "core/ports/retention_store.hpp"
#include "core/ports/scam_report_store.hpp"
#include "core/ports/store.hpp"
#include "core/staff/audit.hpp"
#include "store_contract.hpp"

namespace mc::contract {
namespace {

using namespace std::chrono_literals;
const Instant t0 = from_millis(1'800'000'000'000);

ports::AuditSealer sealer(const std::string& action, std::int64_t id) {
  return [=](const staff::ChainHead& head) {
    staff::AuditDraft d{t0, "marie.dupont", "conseiller", action, "scam_report:" + std::to_string(id), "", "", "{}"};
    return staff::seal(d, head, fake_sha);
  };
}

ports::ScamReport sample(std::string text, Instant at) {
  ports::ScamReport r;
  r.channel = "sms";
  r.sender = "+33 6 XX XX XX XX";
  r.text = std::move(text);
  r.verdict = "suspicious";
  r.created_at = at;
  return r;
}

class ScamReportsContract : public ContractTest {
 protected:
  void SetUp() override { open(reports, bo, retention); }
  ports::ScamReportStore* reports = nullptr;
  ports::BackOfficeStore* bo = nullptr;
  ports::RetentionStore* retention = nullptr;
};

TEST_P(ScamReportsContract, StoresAndListsTheQueueOldestFirst) {
  ports::ScamReport e = sample("Ameli : « remboursement » de 87,40 € — répondez OUI", t0);
  e.channel = "email";
  e.subject = "Remboursement en attente";
  e.sender = "Assurance Maladie <[e-mail masqué]@ameli-securite.net>";
  const auto a = reports->add_scam_report(e);
  const auto b = reports->add_scam_report(sample("second", t0 + 1min));
  EXPECT_GT(b, a);
  auto q = reports->scam_reports(false, 0, 10);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].id, a);
  EXPECT_EQ(q[0].channel, "email");
  EXPECT_EQ(q[0].subject, "Remboursement en attente");
  EXPECT_EQ(q[0].sender, e.sender);
  EXPECT_EQ(q[0].text, e.text);  // UTF-8 kept byte for byte
  EXPECT_EQ(q[0].verdict, "suspicious");
  EXPECT_EQ(q[0].created_at, t0);
  EXPECT_FALSE(q[0].label);
  EXPECT_EQ(reports->scam_reports(false, a, 10).size(), 1u);  // paging by id
  EXPECT_EQ(reports->scam_reports(false, 0, 1).size(), 1u);
  EXPECT_TRUE(reports->scam_reports(true, 0, 10).empty());
  auto found = reports->find_scam_report(b);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->text, "second");
  EXPECT_FALSE(reports->find_scam_report(b + 100));
}

TEST_P(ScamReportsContract, LabelsOnceWithItsAuditEntry) {
  const auto id = reports->add_scam_report(sample("à étiqueter", t0));
  const auto before = bo->audit_head().seq;
  EXPECT_TRUE(reports->label_scam_report(id, report::Label::scam, "marie.dupont", t0 + 1h, sealer("scam_report_label", id)));
  EXPECT_EQ(bo->audit_head().seq, before + 1);
  EXPECT_FALSE(reports->label_scam_report(id, report::Label::legit, "paul.durand", t0 + 2h, sealer("scam_report_label", id)));
  EXPECT_EQ(bo->audit_head().seq, before + 1);  // a refused label writes no audit entry
  auto r = reports->find_scam_report(id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->label, report::Label::scam);
  EXPECT_EQ(r->labelled_by, "marie.dupont");
  EXPECT_EQ(r->labelled_at, t0 + 1h);
  EXPECT_TRUE(reports->scam_reports(false, 0, 10).empty());
  EXPECT_EQ(reports->scam_reports(true, 0, 10).size(), 1u);
  EXPECT_FALSE(reports->label_scam_report(id + 50, report::Label::scam, "marie.dupont", t0, sealer("scam_report_label", id)));
}

TEST_P(ScamReportsContract, TwoAdvisorsLabellingAtOnceOneWins) {
  const auto id = reports->add_scam_report(sample("concurrent", t0));
  auto other = backend().open_same();
  auto* other_reports = &other->scam_reports();
  ASSERT_NE(other_reports, nullptr);
  std::atomic<int> wins{0};
  std::thread x([&] { wins += reports->label_scam_report(id, report::Label::scam, "a.one", t0, sealer("l", id)); });
  std::thread y([&] { wins += other_reports->label_scam_report(id, report::Label::legit, "b.two", t0, sealer("l", id)); });
  x.join();
  y.join();
  EXPECT_EQ(wins.load(), 1);
}

TEST_P(ScamReportsContract, DiscardRemovesWithItsAuditEntry) {
  const auto id = reports->add_scam_report(sample("à jeter", t0));
  const auto before = bo->audit_head().seq;
  EXPECT_TRUE(reports->discard_scam_report(id, sealer("scam_report_discard", id)));
  EXPECT_EQ(bo->audit_head().seq, before + 1);
  EXPECT_FALSE(reports->find_scam_report(id));
  EXPECT_FALSE(reports->discard_scam_report(id, sealer("scam_report_discard", id)));
  EXPECT_EQ(bo->audit_head().seq, before + 1);
}

TEST_P(ScamReportsContract, HousekeepingPurgesOnlyOldUnlabelledReports) {
  const auto old_unlabelled = reports->add_scam_report(sample("vieux, jamais étiqueté", t0));
  const auto old_labelled = reports->add_scam_report(sample("vieux, étiqueté", t0));
  const auto fresh = reports->add_scam_report(sample("récent", t0 + 100 * 24h));
  ASSERT_TRUE(reports->label_scam_report(old_labelled, report::Label::legit, "marie.dupont", t0, sealer("l", old_labelled)));
  ports::RetentionCutoffs c;  // every other cutoff at the epoch: nothing else is touched
  c.scam_reports_unlabelled_before = t0 + 90 * 24h;
  auto p = retention->purge(c);
  EXPECT_EQ(p.scam_reports, 1);
  EXPECT_FALSE(reports->find_scam_report(old_unlabelled));
  EXPECT_TRUE(reports->find_scam_report(old_labelled));
  EXPECT_TRUE(reports->find_scam_report(fresh));
  EXPECT_EQ(retention->purge(c).scam_reports, 0);
}

MC_CONTRACT_BACKENDS(Backends, ScamReportsContract);

}  // namespace
}  // namespace mc::contract
