#include "core/report/scam_report.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <utility>

namespace mc::report {
namespace {

// Each text and what masking leaves of it.
void expect_masked(std::initializer_list<std::pair<const char*, const char*>> cases) {
  for (const auto& [text, masked] : cases) EXPECT_EQ(mask_personal_data(text), masked) << text;
}

TEST(ScamReportMask, NirsInEveryForm) {
  expect_masked({
      {"NIR 185057800608436 merci", "NIR [NIR masqué] merci"},
      {"mon numéro : 1 85 05 78 006 084 36.", "mon numéro : [NIR masqué]."},
      {"2850578006084", "[NIR masqué]"},  // 13 digits, no key
      {"n° 2 85 05 78 006 084", "n° [NIR masqué]"},
      {"sécu\u00a01\u00a085\u00a005\u00a078\u00a0006\u00a0084\u00a036", "sécu\u00a0[NIR masqué]"},
  });
}

TEST(ScamReportMask, CodesOfFourToEightDigits) {
  expect_masked({
      {"Votre code est 482913.", "Votre code est [code masqué]."},
      {"code : 305 992", "code : [code masqué]"},
      {"PIN 4521 puis 12345678", "PIN [code masqué] puis [code masqué]"},
      {"dans 20 minutes, 3 essais", "dans 20 minutes, 3 essais"},
  });
}

TEST(ScamReportMask, KeepsAmountsDatesYearsAndPublicNumbers) {
  expect_masked({
      {"remboursement de 1 500 € le 12/03/2025", "remboursement de 1 500 € le 12/03/2025"},
      {"87,40 € et 1250 euros", "87,40 € et 1250 euros"},
      {"appelez le 36 46 ou signalez au 33700", "appelez le 36 46 ou signalez au 33700"},
      {"colis 6A123456789 de 24h", "colis 6A123456789 de 24h"},
  });
}

TEST(ScamReportMask, PhonesKeepTheirKind) {
  expect_masked({
      {"rappelez le 06 39 98 10 01", "rappelez le 06 XX XX XX XX"},
      {"au 0899 23 45 11 avant 17h", "au 0899 XX XX XX avant 17h"},
      {"WhatsApp +33 7 57 12 44 90", "WhatsApp +33 7 XX XX XX XX"},
      {"tel 0612345678", "tel 06 XX XX XX XX"},
      {"+44 20 7946 0958", "+44 XX XX XX XX XX"},
      {"composez le 118 218", "composez le 118 XXX"},
  });
}

TEST(ScamReportMask, EmailsKeepTheirDomain) {
  expect_masked({
      {"écrivez à jean.dupont+cpam@gmail.com svp", "écrivez à [e-mail masqué]@gmail.com svp"},
      {"Ameli <service@ameli-securite.net>", "Ameli <[e-mail masqué]@ameli-securite.net>"},
  });
}

TEST(ScamReportMask, LinksAreEvidenceAndStayWhole) {
  const char* links[] = {"https://ameli.fr@203.0.113.54/connexion", "http://3405803828/ameli",
                         "https://[::ffff:203.0.113.17]/ameli", "www.ameli-remb.com/r?id=12345678"};
  for (const char* l : links) EXPECT_EQ(mask_personal_data(l), l);
  EXPECT_EQ(mask_personal_data("Code 123456 : https://bit.ly/3xQ9amel"), "Code [code masqué] : https://bit.ly/3xQ9amel");
}

TEST(ScamReportMask, LongNumbersAndCards) {
  expect_masked({
      {"carte 4970 1012 3456 7890", "carte [numéro masqué]"},
      {"IBAN FR76 3000 6000 0112 3456 7890 189", "IBAN FR76 [numéro masqué]"},
  });
}

TEST(ScamReportMask, BoundedAndSafeOnOddInput) {
  std::string big(100000, '7');
  EXPECT_EQ(mask_personal_data(big), "[numéro masqué]");
  EXPECT_EQ(mask_personal_data("@@@ a@b 1-2-3 +"), "@@@ a@b 1-2-3 +");
  EXPECT_EQ(cap_utf8("été", 2), "é");
  EXPECT_EQ(cap_utf8("été", 3), "ét");
}

TEST(ScamReport, LabelsAndFamily) {
  EXPECT_EQ(parse_label("scam"), Label::scam);
  EXPECT_EQ(parse_label("legit"), Label::legit);
  EXPECT_FALSE(parse_label("spam"));
  EXPECT_EQ(to_string(Label::legit), "legit");
  EXPECT_EQ(family_of(from_millis(1'764'720'000'000)), "report-2025-12");  // 2025-12-03 UTC
}

}  // namespace
}  // namespace mc::report
