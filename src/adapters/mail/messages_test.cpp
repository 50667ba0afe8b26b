#include "adapters/mail/messages.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "adapters/mail/message_samples.hpp"

namespace mc::mail {
namespace {

const Site kSite{.base_url = "https://moncompte.ameli.fr/"};
const Recipient kTo{"maelle.richard@exemple.fr", "Maëlle RICHARD"};

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

TEST(Messages, EveryMailHasBothPartsTheReminderAndOnlyLinksOnTheBaseUrl) {
  for (const auto& m : testing::every_mail(kSite, kTo)) {
    SCOPED_TRACE(m.kind);
    EXPECT_EQ(m.to, kTo.email);
    EXPECT_FALSE(m.kind.empty());
    EXPECT_FALSE(m.subject.empty());
    EXPECT_TRUE(m.text.starts_with("Bonjour Maëlle RICHARD,\n\n"));
    EXPECT_NE(m.text.find(kAntiScamReminder), std::string::npos);
    EXPECT_NE(m.html.find(html_escape(kAntiScamReminder)), std::string::npos);
    EXPECT_NE(m.html.find("<html lang=\"fr\">"), std::string::npos);
    // Nothing is fetched from elsewhere: no images, scripts, styles or frames by address.
    for (const char* tag : {"<img", "<script", "<link", "<iframe", "src=", "url("})
      EXPECT_EQ(lower(m.html).find(tag), std::string::npos) << tag;
    const auto text_links = links_in(m.text);
    const auto html_links = links_in(m.html);
    EXPECT_FALSE(text_links.empty());
    EXPECT_EQ(text_links.size() * 3, html_links.size());  // the button, then the address shown and its href
    for (const auto& l : text_links) EXPECT_TRUE(l.starts_with("https://moncompte.ameli.fr/")) << l;
    for (const auto& l : html_links) EXPECT_TRUE(l.starts_with("https://moncompte.ameli.fr/")) << l;
  }
}

TEST(Messages, NoUrgencyThreatOrRequestWording) {
  const char* banned[] = {"immédiatement", "dernière relance", "suspendu", "suspension", "sous 24", "sous 48",
                          "confirmer vos coordonnées", "confirmez", "expire", "urgent", "sans délai",
                          "coordonnées bancaires par", "carte bancaire", "désactiv", "supprim"};
  for (const auto& m : testing::every_mail(kSite, kTo)) {
    SCOPED_TRACE(m.kind);
    // The reminder names bank details on purpose: look at everything else.
    std::string body = lower(m.subject + "\n" + m.text);
    body.erase(body.find(lower(std::string(kAntiScamReminder))), kAntiScamReminder.size());
    for (const char* word : banned) EXPECT_EQ(body.find(word), std::string::npos) << word;
    EXPECT_FALSE(std::regex_search(body, std::regex(R"(\b(rib|iban|bic)\b)")));
  }
}

TEST(Messages, OnlyOfficialPhoneNumbers) {
  // Any French number (0X XX XX XX XX), premium or not, would be a scam sign.
  static const std::regex french_number(R"(\b0[1-9](?:[ .]?\d{2}){4}\b)");
  for (const auto& m : testing::every_mail(kSite, kTo)) {
    SCOPED_TRACE(m.kind);
    EXPECT_FALSE(std::regex_search(m.text, french_number));
    EXPECT_NE(m.text.find("36 46"), std::string::npos);
  }
}

TEST(Messages, ResetLinkCarriesTheTokenAndItsValidity) {
  const auto m = reset_link(kSite, kTo, "a+b/c=", minutes(30));
  EXPECT_EQ(m.kind, "reset_link");
  EXPECT_EQ(m.subject, "Réinitialisation de votre mot de passe");
  EXPECT_NE(m.text.find("https://moncompte.ameli.fr/mot-de-passe/nouveau?jeton=a%2Bb%2Fc%3D"), std::string::npos);
  EXPECT_NE(m.text.find("valable 30 minutes"), std::string::npos);
  EXPECT_NE(m.text.find("Réinitialiser votre mot de passe"), std::string::npos);
  EXPECT_NE(m.text.find("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message"), std::string::npos);
  EXPECT_NE(m.html.find(">Réinitialiser votre mot de passe</a>"), std::string::npos);
}

TEST(Messages, ActivationCodeShowsTheCodeInBothParts) {
  const auto m = activation_code(kSite, kTo, "K7MP-4XRT", days(15));
  EXPECT_NE(m.text.find("Votre code provisoire : K7MP-4XRT"), std::string::npos);
  EXPECT_NE(m.html.find("K7MP-4XRT"), std::string::npos);
  EXPECT_NE(m.text.find("valable 15 jours"), std::string::npos);
}

TEST(Messages, ValuesAreEscapedInHtml) {
  const Recipient evil{"x@exemple.fr", "<script>alert(1)</script>"};
  const auto m = help_request_outcome(kSite, evil, "R&D", "Réponse <b>en gras</b>\ndeuxième ligne");
  EXPECT_EQ(m.html.find("<script>"), std::string::npos);
  EXPECT_NE(m.html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(m.html.find("R&amp;D"), std::string::npos);
  EXPECT_NE(m.html.find("Réponse &lt;b&gt;en gras&lt;/b&gt;<br>deuxième ligne"), std::string::npos);
  EXPECT_NE(m.text.find("    Réponse <b>en gras</b>\n    deuxième ligne"), std::string::npos);
}

TEST(Messages, GreetingWithoutAName) {
  const auto m = password_changed(kSite, Recipient{"x@exemple.fr", ""});
  EXPECT_TRUE(m.text.starts_with("Bonjour,\n\n"));
}

TEST(Messages, ContactChangeSaysItGoesToTheOldAddressOnlyWhenTheEmailChanged) {
  const auto email = contact_details_changed(kSite, kTo, {ContactField::email});
  EXPECT_NE(email.text.find("ancienne adresse e-mail"), std::string::npos);
  EXPECT_NE(email.text.find("- votre adresse e-mail\n"), std::string::npos);
  const auto phone = contact_details_changed(kSite, kTo, {ContactField::phone});
  EXPECT_EQ(phone.text.find("ancienne adresse"), std::string::npos);
  EXPECT_NE(phone.text.find("- votre numéro de téléphone\n"), std::string::npos);
}

TEST(Messages, LockNotices) {
  const auto temp = account_locked_temporarily(kSite, kTo, minutes(20));
  EXPECT_NE(temp.text.find("bloqué pendant 20 minutes"), std::string::npos);
  EXPECT_NE(temp.text.find("https://moncompte.ameli.fr/mot-de-passe-oublie"), std::string::npos);
  const auto perm = account_locked_permanently(kSite, kTo);
  EXPECT_NE(perm.text.find("36 46"), std::string::npos);
  EXPECT_EQ(perm.text.find("réessayez"), std::string::npos);
}

TEST(Messages, InactivityWarningGivesTheDate) {
  const auto m = inactivity_warning(kSite, kTo, from_millis(1744459200000));
  EXPECT_NE(m.text.find("d'ici le 12 avril 2025"), std::string::npos);
}

TEST(Messages, FrenchDurations) {
  EXPECT_EQ(french_duration(minutes(30)), "30 minutes");
  EXPECT_EQ(french_duration(minutes(1)), "1 minute");
  EXPECT_EQ(french_duration(Duration{90'000}), "2 minutes");
  EXPECT_EQ(french_duration(minutes(60)), "1 heure");
  EXPECT_EQ(french_duration(hours(24)), "24 heures");
  EXPECT_EQ(french_duration(days(2)), "2 jours");
  EXPECT_EQ(french_duration(days(15)), "15 jours");
  EXPECT_EQ(french_duration(Duration{0}), "1 minute");
}

TEST(Messages, FrenchDatesInParisTime) {
  EXPECT_EQ(french_date(from_millis(1741000000000)), "3 mars 2025");
  // 2025-03-31T22:30Z is 00:30 on 1 April in Paris (summer time since 30 March).
  EXPECT_EQ(french_date(from_millis(1743460200000)), "1er avril 2025");
  // 2025-01-31T23:30Z is 00:30 on 1 February in Paris (winter time, UTC+1).
  EXPECT_EQ(french_date(from_millis(1738366200000)), "1er février 2025");
  // 2025-10-26T00:30Z: still summer time (ends at 01:00Z), 02:30 in Paris.
  EXPECT_EQ(french_date(from_millis(1761438600000)), "26 octobre 2025");
}

TEST(Messages, SiteLinks) {
  Site s{.base_url = "https://moncompte.example.fr//"};
  EXPECT_EQ(s.link("/connexion"), "https://moncompte.example.fr/connexion");
  EXPECT_EQ(s.link("aide"), "https://moncompte.example.fr/aide");
  EXPECT_EQ(s.link("/x", "é t"), "https://moncompte.example.fr/x?jeton=%C3%A9%20t");
}

TEST(Messages, CodeLettersSayWhatToDoWithTheCode) {
  const PostalRecipient to{"Mme Maëlle RICHARD", {"88 rue du Moulin"}, "75012", "Paris"};
  const auto l = reset_code_letter(kSite, to, "K7MP-4XRT", from_millis(1742256000000));  // 2025-03-18T00:00Z
  EXPECT_EQ(l.kind, "reset_code");
  EXPECT_EQ(l.code, "K7MP-4XRT");
  EXPECT_EQ(l.recipient_name, "Mme Maëlle RICHARD");
  EXPECT_EQ(l.postal_code, "75012");
  ASSERT_GE(l.paragraphs.size(), 3u);
  std::string all;
  for (const auto& p : l.paragraphs) all += p + "\n";
  EXPECT_NE(all.find("valable jusqu'au 18 mars 2025"), std::string::npos);
  EXPECT_NE(all.find("https://moncompte.ameli.fr/connexion"), std::string::npos);
  EXPECT_NE(all.find("numéro de sécurité sociale et ce code provisoire"), std::string::npos);
  EXPECT_EQ(l.paragraphs.back(), kAntiScamReminder);

  const auto a = activation_code_letter(kSite, to, "ABCD-2345", from_millis(1742256000000));
  EXPECT_EQ(a.kind, "activation_code");
  EXPECT_EQ(a.paragraphs.back(), kAntiScamReminder);
  const auto h = help_outcome_letter(kSite, to, "AIDE-1", "Compte débloqué.");
  EXPECT_EQ(h.kind, "help_outcome");
  EXPECT_TRUE(h.code.empty());
  EXPECT_EQ(h.paragraphs.back(), kAntiScamReminder);
}

}  // namespace
}  // namespace mc::mail
