#include "adapters/pdf/render.hpp"

#include <gtest/gtest.h>

#include "adapters/pdf/ecdsa_keyring.hpp"
#include "adapters/pdf/test_tools.hpp"
#include "core/attestation/test_rights.hpp"

namespace mc::pdf {
namespace {

using namespace testing;
namespace att = mc::attestation;
const auto kT0 = std::chrono::system_clock::time_point{std::chrono::seconds{1741000000}};

// The PDF prints the caisse's address on two lines and the ALD mention.
att::Rights jean_pierre() {
  att::Rights r = att::testing::jean_pierre();
  r.organisme_address = "195 avenue Paul Vaillant-Couturier\n93014 Bobigny Cedex";
  r.ald = true;
  return r;
}

Letter reset_letter() {
  Letter l;
  l.sender_name = "CPAM du Rhône";
  l.sender_lines = {"276 cours Émile Zola", "69100 Villeurbanne"};
  l.sender_phone = "36 46";
  l.recipient = {"Mme Maëlle RICHARD", {"88 rue du Moulin", "Bâtiment B"}, "75012", "Paris"};
  l.place = "Villeurbanne";
  l.date = "2025-03-03";
  l.subject = "Votre code provisoire pour accéder à votre compte";
  l.paragraphs = {"Vous avez demandé à recevoir par courrier un code provisoire pour créer un nouveau mot de passe."};
  l.code_box = CodeBox{"Votre code provisoire", "K7P-29Q-X4M", "Ce code est valable jusqu'au 2 avril 2025."};
  l.paragraphs_after = {"Si vous n'êtes pas à l'origine de cette demande, appelez le 36 46."};
  return l;
}

std::string text_of(const Pdf& pdf, const TempDir& tmp) {
  write_file(tmp.path() / "doc.pdf", pdf.bytes);
  return pdf_text(tmp.path() / "doc.pdf");
}

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_tool("pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) not installed";
    auto ring = signing::EcdsaKeyring::open(tmp_.path() / "keys", kT0);
    ASSERT_TRUE(ring) << ring.error();
    ring_ = std::move(*ring);
  }
  TempDir tmp_;
  std::unique_ptr<signing::EcdsaKeyring> ring_;
};

TEST_F(RenderTest, AttestationShowsEveryMentionWithAccents) {
  const auto r = jean_pierre();
  const auto payload = *att::build_payload(r, *ring_);
  const std::string code = att::short_code(payload);
  const auto pdf = render_attestation(r, payload, code);
  ASSERT_TRUE(pdf) << pdf.error();
  EXPECT_EQ(pdf->pages, 1);
  const std::string t = text_of(*pdf, tmp_);
  for (const char* s : {"Attestation de droits à l'assurance maladie", "LE GOFF", "Jean-Pierre", "18/03/1997",
                        "1 97 03 99 139 092 47", "CPAM de la Seine-Saint-Denis (CPAM-93)",
                        "195 avenue Paul Vaillant-Couturier", "93014 Bobigny Cedex",
                        "Téléphone : 36 46 (service gratuit + prix de l'appel)",
                        "Droits ouverts du 01/01/2024 au 31/12/2027", "Complémentaire santé solidaire",
                        "Vous bénéficiez d'une prise en charge au titre d'une affection de longue durée",
                        "Délivrée le 3 mars 2025", "valable jusqu'au 2 mars 2026", "Document à conserver",
                        "2D-DOC", "L'Assurance Maladie ne vous demande jamais votre mot de passe"}) {
    EXPECT_NE(t.find(s), std::string::npos) << "missing: " << s << "\n" << t;
  }
  EXPECT_NE(t.find(code), std::string::npos) << code;
  EXPECT_NE(t.find("oui"), std::string::npos);
}

TEST_F(RenderTest, NoAldLineWithoutAld) {
  auto r = jean_pierre();
  r.ald = false;
  r.css = false;
  const auto payload = *att::build_payload(r, *ring_);
  const auto pdf = render_attestation(r, payload, att::short_code(payload));
  ASSERT_TRUE(pdf);
  const std::string t = text_of(*pdf, tmp_);
  EXPECT_EQ(t.find("affection de longue durée"), std::string::npos);
  EXPECT_NE(t.find("non"), std::string::npos);
}

// The barcode on the page, rasterised by poppler and read by libdmtx, gives back the exact
// payload, whose signature verifies; one changed byte and it does not.
TEST_F(RenderTest, PrintedBarcodeDecodesAndVerifies) {
  if (!have_tool("pdftoppm") || !have_tool("dmtxread")) GTEST_SKIP() << "pdftoppm/dmtxread not installed";
  const auto r = jean_pierre();
  const auto payload = *att::build_payload(r, *ring_);
  const auto pdf = render_attestation(r, payload, att::short_code(payload));
  ASSERT_TRUE(pdf);
  write_file(tmp_.path() / "doc.pdf", pdf->bytes);
  // 200 dpi, grey, cropped around the verification block (lower left of the page).
  run("pdftoppm -r 200 -gray -x 100 -y 1600 -W 600 -H 500 " + quote(tmp_.path() / "doc.pdf") + " " +
      quote(tmp_.path() / "page"));
  std::filesystem::path image;
  for (const auto& e : std::filesystem::directory_iterator(tmp_.path()))
    if (e.path().extension() == ".pgm") image = e.path();
  ASSERT_FALSE(image.empty()) << "pdftoppm produced no image";
  const std::string decoded = run("dmtxread -N1 -m 20000 " + quote(image));
  ASSERT_EQ(decoded, payload);

  // Verified by a keyring loaded afresh from the key folder, as the public page would.
  auto verifier = signing::EcdsaKeyring::open(tmp_.path() / "keys", kT0);
  ASSERT_TRUE(verifier);
  const auto v = att::verify_payload(decoded, **verifier);
  EXPECT_TRUE(v.genuine);
  EXPECT_EQ(v.initials, "J.-P. L.");
  EXPECT_EQ(v.organisme_name, "CPAM de la Seine-Saint-Denis");
  EXPECT_EQ(v.rights_to, "2027-12-31");
  EXPECT_EQ(att::short_code(decoded), att::short_code(payload));
  std::string changed = decoded;
  changed[40] = changed[40] == '1' ? '2' : '1';
  EXPECT_FALSE(att::verify_payload(changed, **verifier).genuine);
}

TEST_F(RenderTest, LetterWithCodeBoxAndAntiScamFooter) {
  const auto pdf = render_letter(reset_letter());
  ASSERT_TRUE(pdf) << pdf.error();
  EXPECT_EQ(pdf->pages, 1);
  const std::string t = text_of(*pdf, tmp_);
  for (const char* s : {"CPAM du Rhône", "276 cours Émile Zola", "Mme Maëlle RICHARD", "88 rue du Moulin",
                        "Bâtiment B", "75012 Paris", "Villeurbanne, le 3 mars 2025",
                        "Objet : Votre code provisoire pour accéder à votre compte", "Madame, Monsieur,",
                        "Votre code provisoire", "K7P-29Q-X4M", "valable jusqu'au 2 avril 2025",
                        "Si vous n'êtes pas à l'origine de cette demande",
                        "salutations distinguées", "Votre caisse d'Assurance Maladie",
                        "L'Assurance Maladie ne vous demande jamais votre mot de passe ni vos coordonnées"}) {
    EXPECT_NE(t.find(s), std::string::npos) << "missing: " << s << "\n" << t;
  }
  EXPECT_EQ(t.find("Page 1/"), std::string::npos);
}

TEST_F(RenderTest, LongLetterContinuesOnNumberedPages) {
  Letter l = reset_letter();
  l.code_box.reset();
  for (int i = 0; i < 40; ++i)
    l.paragraphs.push_back("Paragraphe " + std::to_string(i) +
                           " : les règles de sécurité de votre compte évoluent, voici ce qui change pour vous.");
  const auto pdf = render_letter(l);
  ASSERT_TRUE(pdf);
  ASSERT_GE(pdf->pages, 2);
  const std::string t = text_of(*pdf, tmp_);
  EXPECT_NE(t.find("Page 1/" + std::to_string(pdf->pages)), std::string::npos);
  EXPECT_NE(t.find("Paragraphe 39"), std::string::npos);
  // The anti-scam reminder is on every page.
  std::size_t count = 0;
  for (auto pos = t.find("ne vous demande jamais"); pos != std::string::npos;
       pos = t.find("ne vous demande jamais", pos + 1))
    ++count;
  EXPECT_EQ(count, static_cast<std::size_t>(pdf->pages));
}

TEST_F(RenderTest, PaperAttestationByPostIsCoverLetterPlusAttestation) {
  const auto r = jean_pierre();
  const auto payload = *att::build_payload(r, *ring_);
  Letter cover = reset_letter();
  cover.subject = "Votre attestation de droits";
  cover.code_box.reset();
  cover.paragraphs = {"Vous trouverez ci-joint votre attestation de droits à l'assurance maladie."};
  const auto pdf = render_attestation_letter(cover, r, payload, att::short_code(payload));
  ASSERT_TRUE(pdf) << pdf.error();
  EXPECT_EQ(pdf->pages, 2);
  const std::string t = text_of(*pdf, tmp_);
  EXPECT_NE(t.find("Objet : Votre attestation de droits"), std::string::npos);
  EXPECT_NE(t.find("Attestation de droits à l'assurance maladie"), std::string::npos);
  EXPECT_NE(t.find("Page 2/2"), std::string::npos);
  EXPECT_NE(t.find(att::short_code(payload)), std::string::npos);
}

// Names outside Windows-1252 switch the font to UTF-8 loading and still print.
TEST_F(RenderTest, NamesOutsideWindows1252StillPrint) {
  auto r = jean_pierre();
  r.given_names = "Łukasz";
  r.family_name = "ȘTEFĂNESCU";
  const auto payload = *att::build_payload(r, *ring_);
  const auto pdf = render_attestation(r, payload, att::short_code(payload));
  ASSERT_TRUE(pdf) << pdf.error();
  const std::string t = text_of(*pdf, tmp_);
  EXPECT_NE(t.find("Łukasz"), std::string::npos) << t;
  EXPECT_NE(t.find("ȘTEFĂNESCU"), std::string::npos);
  EXPECT_NE(t.find("Attestation de droits à l'assurance maladie"), std::string::npos);
}

TEST_F(RenderTest, ReportsErrorsInsteadOfCrashing) {
  const auto r = jean_pierre();
  const auto payload = *att::build_payload(r, *ring_);
  RenderOptions missing;
  missing.font_file = "/nonexistent/font.ttf";
  EXPECT_FALSE(render_attestation(r, payload, "X", missing));
  EXPECT_FALSE(render_letter(reset_letter(), missing));
  auto bad = r;
  bad.rights_to = "31/12/2027";
  EXPECT_FALSE(render_attestation(bad, payload, "X"));
}

}  // namespace
}  // namespace mc::pdf
