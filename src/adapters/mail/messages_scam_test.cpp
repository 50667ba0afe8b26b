// Our own e-mails must look genuine to our own scam checker (SPEC §4, §8).
#include <gtest/gtest.h>

#include "adapters/mail/message_samples.hpp"
#include "adapters/mail/messages.hpp"
#include "core/scam/checker.hpp"

namespace mc::mail {
namespace {

std::string describe(const scam::Result& r) {
  std::string out = std::string(scam::to_string(r.verdict)) + " score " + std::to_string(r.score);
  for (const auto& reason : r.reasons) out += "\n  " + reason.code + ": " + reason.message;
  return out;
}

void expect_no_sign(const scam::Checker& checker, const Site& site) {
  const Recipient to{"maelle.richard@exemple.fr", "Maëlle RICHARD"};
  for (const auto& m : testing::every_mail(site, to)) {
    SCOPED_TRACE(m.kind + " on " + site.base_url);
    scam::Message msg{m.text, "Assurance Maladie <assurance-maladie@info.ameli.fr>", m.subject, scam::Channel::email};
    const auto r = checker.check(msg);
    EXPECT_EQ(r.verdict, scam::Verdict::no_sign) << describe(r);
    EXPECT_TRUE(r.reasons.empty()) << describe(r);
  }
}

TEST(MessagesScamCheck, EveryMailIsNoSignWithAnAmeliBaseUrl) {
  expect_no_sign(scam::Checker::builtin(), Site{.base_url = "https://moncompte.ameli.fr"});
}

TEST(MessagesScamCheck, EveryMailIsNoSignWithTheServiceHostDeclaredOfficial) {
  // What the service does at start-up: the host of public.base_url becomes official.
  const auto checker = scam::Checker::builtin().with_official_domains({"moncompte.example.fr"});
  expect_no_sign(checker, Site{.base_url = "https://moncompte.example.fr"});
}

TEST(MessagesScamCheck, LetterTextsAreNoSignToo) {
  const Site site{.base_url = "https://moncompte.ameli.fr"};
  const PostalRecipient to{"Mme Maëlle RICHARD", {"88 rue du Moulin"}, "75012", "Paris"};
  const Instant until = from_millis(1742256000000);
  for (const auto& l : {reset_code_letter(site, to, "K7MP-4XRT", until), activation_code_letter(site, to, "K7MP-4XRT", until),
                        help_outcome_letter(site, to, "AIDE-1", "Votre compte a été débloqué.")}) {
    SCOPED_TRACE(l.kind);
    std::string text = l.subject + "\n";
    for (const auto& p : l.paragraphs) text += p + "\n";
    const auto r = scam::Checker::builtin().check({text, "", l.subject, scam::Channel::email});
    EXPECT_EQ(r.verdict, scam::Verdict::no_sign) << describe(r);
  }
}

}  // namespace
}  // namespace mc::mail
