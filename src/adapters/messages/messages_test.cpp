// The texts the service really sends (MessagesFr, wired in src/main/wiring.cpp): every e-mail and
// letter follows the rules that let a member tell it from a fake (SPEC §4, §8), and our own scam
// checker rates each one `no_sign`. The e-mails' delivery is tested through the outbox by the
// Node suites (tests/recovery/, tests/integration/login_devices.test.mjs).
#include "core/ports/messages.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "adapters/messages/messages_fr.hpp"
#include "core/scam/checker.hpp"

namespace mc::messages {
namespace {

using Notice = ports::Messages::Notice;

const std::string kBase = "https://moncompte.ameli.fr";

account::RegisterEntry maelle() {
  account::RegisterEntry e;
  e.nir13 = "2850875115104";
  e.given_names = "Maëlle";
  e.family_name = "RICHARD";
  e.email = "maelle.richard@exemple.fr";
  e.address = "88 rue du Moulin";
  e.postal_code = "75012";
  e.city = "Paris";
  return e;
}

account::Member member_of(const account::RegisterEntry& e) {
  account::Member m;
  m.entry = e;
  return m;
}

constexpr const auto& kEveryNotice = ports::Messages::kEveryNotice;

std::vector<outbox::Mail> every_mail(const MessagesFr& m, const account::RegisterEntry& to) {
  std::vector<outbox::Mail> out = {
      m.reset_link(to, kBase + "/reinitialiser?token=0123456789abcdef0123456789abcdef", minutes(30)),
      m.activation_code_mail(to, "K7MP4XRT", days(15)),
      m.email_verification(to, "nouvelle@exemple.fr", kBase + "/verifier-email?token=0123456789abcdef0123456789abcdef",
                           hours(24)),
  };
  for (Notice n : kEveryNotice) out.push_back(m.notice(n, to, to.email));
  return out;
}

std::vector<outbox::Letter> every_letter(const MessagesFr& m, const account::Member& to) {
  return {m.reset_code_letter(to, "K7MP4XRT", days(15)), m.activation_code_letter(to, "K7MP4XRT", days(15))};
}

std::vector<std::string> links_in(const std::string& s) {
  static const std::regex url(R"(https?://[^\s"'<>]+)");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), url); it != std::sregex_iterator(); ++it)
    out.push_back(it->str());
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string describe(const scam::Result& r) {
  std::string out = std::string(scam::to_string(r.verdict)) + " score " + std::to_string(r.score);
  for (const auto& reason : r.reasons) out += "\n  " + reason.code + ": " + reason.message;
  return out;
}

TEST(MessagesFr, EveryMailHasBothPartsTheReminderAndOnlyLinksOnTheBaseUrl) {
  const MessagesFr fr(kBase);
  for (const auto& m : every_mail(fr, maelle())) {
    SCOPED_TRACE(m.kind);
    EXPECT_FALSE(m.kind.empty());
    EXPECT_FALSE(m.subject.empty());
    EXPECT_TRUE(m.text.starts_with("Bonjour Maëlle RICHARD,\n\n")) << m.text;
    EXPECT_NE(m.text.find(kAntiScamReminder), std::string::npos);
    EXPECT_NE(m.html.find(kAntiScamReminder), std::string::npos);  // no character of it needs escaping
    EXPECT_NE(m.html.find("<html lang=\"fr\">"), std::string::npos);
    // Nothing is fetched from elsewhere: no images, scripts, styles or frames by address.
    for (const char* tag : {"<img", "<script", "<link", "<iframe", "src=", "url("})
      EXPECT_EQ(lower(m.html).find(tag), std::string::npos) << tag;
    const auto text_links = links_in(m.text);
    const auto html_links = links_in(m.html);
    EXPECT_EQ(text_links.size() * 2, html_links.size());  // each link: its href and the address shown
    for (const auto& l : text_links) EXPECT_TRUE(l.starts_with(kBase + "/")) << l;
    for (const auto& l : html_links) EXPECT_TRUE(l.starts_with(kBase + "/")) << l;
  }
}

TEST(MessagesFr, MailsGoToTheAddressGiven) {
  const MessagesFr fr(kBase);
  const auto e = maelle();
  EXPECT_EQ(fr.reset_link(e, kBase + "/x", minutes(30)).to, e.email);
  EXPECT_EQ(fr.email_verification(e, "nouvelle@exemple.fr", kBase + "/x", hours(24)).to, "nouvelle@exemple.fr");
  // The contact-change notice goes to the OLD address, which the caller passes.
  EXPECT_EQ(fr.notice(Notice::contact_changed, e, "ancienne@exemple.fr").to, "ancienne@exemple.fr");
}

TEST(MessagesFr, NoUrgencyThreatOrRequestWording) {
  const char* banned[] = {"immédiatement",   "dernière relance",          "suspendu", "suspension", "sous 24",
                          "sous 48",         "confirmer vos coordonnées", "urgent",   "sans délai", "carte bancaire",
                          "communiquez-nous"};
  const MessagesFr fr(kBase);
  for (const auto& m : every_mail(fr, maelle())) {
    SCOPED_TRACE(m.kind);
    // The reminder names bank details on purpose: look at everything else.
    std::string body = lower(m.subject + "\n" + m.text);
    const std::string reminder = lower(kAntiScamReminder);
    body.erase(body.find(reminder), reminder.size());
    for (const char* word : banned) EXPECT_EQ(body.find(word), std::string::npos) << word;
    EXPECT_FALSE(std::regex_search(body, std::regex(R"(\b(rib|iban|bic)\b)")));
  }
}

TEST(MessagesFr, OnlyOfficialPhoneNumbers) {
  // Any French number (0X XX XX XX XX), premium or not, would be a scam sign.
  static const std::regex french_number(R"(\b0[1-9](?:[ .]?\d{2}){4}\b)");
  const MessagesFr fr(kBase);
  const auto e = maelle();
  for (const auto& m : every_mail(fr, e)) {
    SCOPED_TRACE(m.kind);
    EXPECT_FALSE(std::regex_search(m.text, french_number));
    EXPECT_NE(m.text.find("36 46"), std::string::npos);
  }
  for (const auto& l : every_letter(fr, member_of(e))) {
    SCOPED_TRACE(l.kind);
    for (const auto& p : l.paragraphs) EXPECT_FALSE(std::regex_search(p, french_number)) << p;
  }
}

TEST(MessagesFr, ValuesAreEscapedInHtml) {
  const MessagesFr fr(kBase);
  auto evil = maelle();
  evil.given_names = "<script>alert(1)</script>";
  evil.family_name = "R&D";
  for (const auto& m : every_mail(fr, evil)) {
    SCOPED_TRACE(m.kind);
    EXPECT_EQ(m.html.find("<script>"), std::string::npos);
    EXPECT_NE(m.html.find("&lt;script&gt;alert(1)&lt;/script&gt; R&amp;D"), std::string::npos);
    EXPECT_TRUE(m.text.starts_with("Bonjour <script>alert(1)</script> R&D,"));  // plain text stays as typed
  }
}

TEST(MessagesFr, LinksAndCodesAreInTheMail) {
  const MessagesFr fr(kBase);
  const auto e = maelle();
  const auto reset = fr.reset_link(e, kBase + "/reinitialiser?token=abc", minutes(30));
  EXPECT_NE(reset.text.find(kBase + "/reinitialiser?token=abc"), std::string::npos);
  EXPECT_NE(reset.text.find("valable 30 minutes"), std::string::npos);
  const auto code = fr.activation_code_mail(e, "K7MP4XRT", days(15));
  EXPECT_NE(code.text.find("K7MP-4XRT"), std::string::npos);
  EXPECT_NE(code.html.find("K7MP-4XRT"), std::string::npos);
  EXPECT_NE(code.text.find("valable 15 jours"), std::string::npos);
}

TEST(MessagesFr, LockNoticesSayHowToGetBackIn) {
  const MessagesFr fr(kBase);
  const auto e = maelle();
  const auto temp = fr.notice(Notice::temporarily_locked, e, e.email);
  EXPECT_EQ(temp.kind, "notice_temporarily_locked");
  EXPECT_NE(temp.text.find("20 minutes"), std::string::npos);
  EXPECT_NE(temp.text.find(kBase + "/mot-de-passe-oublie"), std::string::npos);
  for (Notice n : {Notice::permanently_locked, Notice::unknown_devices_permanently_locked}) {
    const auto perm = fr.notice(n, e, e.email);
    SCOPED_TRACE(perm.kind);
    EXPECT_NE(perm.text.find("36 46"), std::string::npos);
    EXPECT_NE(perm.text.find(kBase + "/aide/compte-bloque"), std::string::npos);
    EXPECT_EQ(perm.text.find("réessayez"), std::string::npos);
  }
  const auto devices = fr.notice(Notice::unknown_devices_temporarily_locked, e, e.email);
  EXPECT_NE(devices.text.find("ne sont pas bloqués"), std::string::npos);
  EXPECT_NE(devices.text.find("pendant 20 minutes"), std::string::npos);
}

TEST(MessagesFr, TemporaryLockNoticesStateTheConfiguredLength) {
  const MessagesFr fr(kBase, minutes(45));
  const auto e = maelle();
  for (Notice n : {Notice::temporarily_locked, Notice::unknown_devices_temporarily_locked}) {
    const auto m = fr.notice(n, e, e.email);
    SCOPED_TRACE(m.kind);
    EXPECT_NE(m.text.find("bloquée pendant 45 minutes."), std::string::npos) << m.text;
    EXPECT_EQ(m.text.find("20 minutes"), std::string::npos);
  }
}

TEST(MessagesFr, CodeLettersSayWhatToDoWithTheCode) {
  const MessagesFr fr(kBase);
  for (const auto& l : every_letter(fr, member_of(maelle()))) {
    SCOPED_TRACE(l.kind);
    EXPECT_EQ(l.code, "K7MP-4XRT");
    EXPECT_EQ(l.recipient_name, "Maëlle RICHARD");
    EXPECT_EQ(l.postal_code, "75012");
    ASSERT_GE(l.paragraphs.size(), 2u);
    // The PDF prints the code box after the first paragraph: it announces the code.
    EXPECT_TRUE(l.paragraphs.front().ends_with(" :")) << l.paragraphs.front();
    EXPECT_NE(l.paragraphs[1].find(kBase + "/"), std::string::npos);
    EXPECT_EQ(l.paragraphs.back(), kAntiScamReminder);
  }
}

TEST(MessagesFr, FrenchDurations) {
  EXPECT_EQ(duration_fr(minutes(30)), "30 minutes");
  EXPECT_EQ(duration_fr(hours(24)), "24 heures");
  EXPECT_EQ(duration_fr(days(15)), "15 jours");
  EXPECT_EQ(duration_fr(Duration{3000}), "3 secondes");
}

// Reasons the checker notes (score 0, verdict still no_sign) on three live texts: the e-mail
// verification asks to « Confirmez votre adresse », and the unknown-device lock notices speak of
// « appareils inconnus ». Pinned here so that no other reason creeps in; rewording those texts
// (and emptying this list) is left to a follow-up, as their subjects are asserted by the suites.
std::vector<std::string> known_reasons(const std::string& kind) {
  if (kind == "email_verification") return {"asks_identity"};
  if (kind == "notice_unknown_devices_locked" || kind == "notice_unknown_devices_locked_permanently")
    return {"fake_alert"};
  return {};
}

// Our own e-mails and letters must look genuine to our own scam checker (SPEC §4, §8).
void expect_no_sign(const scam::Checker& checker, const std::string& base_url) {
  const MessagesFr fr(base_url);
  const auto e = maelle();
  for (const auto& m : every_mail(fr, e)) {
    SCOPED_TRACE(m.kind + " on " + base_url);
    const auto r =
        checker.check({m.text, "Assurance Maladie <assurance-maladie@info.ameli.fr>", m.subject, scam::Channel::email});
    EXPECT_EQ(r.verdict, scam::Verdict::no_sign) << describe(r);
    std::vector<std::string> codes;
    codes.reserve(r.reasons.size());
    for (const auto& reason : r.reasons) codes.push_back(reason.code);
    EXPECT_EQ(codes, known_reasons(m.kind)) << describe(r);
  }
  for (const auto& l : every_letter(fr, member_of(e))) {
    SCOPED_TRACE(l.kind + " on " + base_url);
    std::string text = l.subject + "\n";
    for (const auto& p : l.paragraphs) text += p + "\n";
    const auto r = checker.check({text, "", l.subject, scam::Channel::email});
    EXPECT_EQ(r.verdict, scam::Verdict::no_sign) << describe(r);
  }
}

TEST(MessagesFr, EveryMailAndLetterIsNoSignWithAnAmeliBaseUrl) { expect_no_sign(scam::Checker::builtin(), kBase); }

TEST(MessagesFr, EveryMailAndLetterIsNoSignWithTheServiceHostDeclaredOfficial) {
  // What the service does at start-up: the host of public.base_url becomes official.
  expect_no_sign(scam::Checker::builtin().with_official_domains({"moncompte.example.fr"}),
                 "https://moncompte.example.fr");
}

}  // namespace
}  // namespace mc::messages
