#include "adapters/mail/letter_writer.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "adapters/mail/message_samples.hpp"
#include "adapters/mail/test_support.hpp"
#include "core/ports/clock.hpp"

namespace mc::mail {
namespace {

const Instant kT0 = from_millis(1741000000000);  // 2025-03-03T11:06:40Z

class FixedClock final : public ports::Clock {
 public:
  Instant now() const override { return kT0; }
};

const std::vector<std::string> kLines{"88 rue du Moulin"};

// A letter without a code, as the back office's help reply (app/backoffice/replies.cpp).
outbox::Letter help_outcome_letter() {
  outbox::Letter l;
  l.kind = "help_outcome";
  l.recipient_name = "Maëlle RICHARD";
  l.address_lines = kLines;
  l.postal_code = "75012";
  l.city = "Paris";
  l.subject = "Réponse à votre demande d'aide AIDE-1";
  l.paragraphs = {"Vous nous avez adressé une demande d'aide (référence AIDE-1).", "Votre compte a été débloqué."};
  return l;
}

TEST(LetterWriter, CodeBoxComesAfterTheFirstParagraph) {
  const auto letter = testing::sample_code_letter();
  LetterWriterConfig cfg;
  cfg.sender_lines = {"CPAM de Paris", "75948 Paris Cedex 19"};
  const auto pdf = to_pdf_letter(letter, cfg, kT0);
  EXPECT_EQ(pdf.recipient.name, "Maëlle RICHARD");
  EXPECT_EQ(pdf.recipient.lines, kLines);
  EXPECT_EQ(pdf.recipient.postal_code, "75012");
  EXPECT_EQ(pdf.recipient.city, "Paris");
  EXPECT_EQ(pdf.date, "2025-03-03");
  EXPECT_EQ(pdf.sender_phone, "36 46");
  EXPECT_EQ(pdf.sender_lines, cfg.sender_lines);
  EXPECT_EQ(pdf.subject, letter.subject);
  ASSERT_EQ(pdf.paragraphs.size(), 1u);
  EXPECT_EQ(pdf.paragraphs[0], letter.paragraphs[0]);
  ASSERT_TRUE(pdf.code_box);
  EXPECT_EQ(pdf.code_box->code, "K7MP-4XRT");
  EXPECT_EQ(pdf.code_box->label, "Votre code provisoire");
  EXPECT_EQ(pdf.paragraphs_after.size(), letter.paragraphs.size() - 1);
  EXPECT_EQ(pdf.paragraphs_after.back(), messages::kAntiScamReminder);
}

TEST(LetterWriter, TheDateIsTheDayInParis) {
  const auto date = [](std::int64_t ms) { return to_pdf_letter(help_outcome_letter(), {}, from_millis(ms)).date; };
  EXPECT_EQ(date(1741000000000), "2025-03-03");
  // 2025-03-31T22:30Z is 00:30 on 1 April in Paris (summer time since 30 March).
  EXPECT_EQ(date(1743460200000), "2025-04-01");
  // 2025-01-31T23:30Z is 00:30 on 1 February in Paris (winter time, UTC+1).
  EXPECT_EQ(date(1738366200000), "2025-02-01");
  // 2025-10-26T00:30Z: still summer time (ends at 01:00Z), 02:30 in Paris.
  EXPECT_EQ(date(1761438600000), "2025-10-26");
}

TEST(LetterWriter, WithoutACodeEveryParagraphIsInTheBody) {
  const auto letter = help_outcome_letter();
  const auto pdf = to_pdf_letter(letter, {}, kT0);
  EXPECT_FALSE(pdf.code_box);
  EXPECT_EQ(pdf.paragraphs, letter.paragraphs);
  EXPECT_TRUE(pdf.paragraphs_after.empty());
}

TEST(LetterWriter, WritesAPdfAndAManifestLineAddressedToTheMember) {
  testing::TempDir tmp;
  FixedClock clock;
  LetterWriterConfig cfg;
  cfg.dir = tmp.path() / "lettres";
  auto write = make_pdf_letter_writer(cfg, clock);
  const auto file = write(testing::sample_code_letter());
  ASSERT_TRUE(file) << file.error();
  EXPECT_TRUE(std::filesystem::exists(cfg.dir / *file));
  EXPECT_TRUE(file->ends_with(".pdf"));

  const auto manifest = pdf::PrintOutbox::read_manifest(cfg.dir);
  ASSERT_TRUE(manifest) << manifest.error();
  ASSERT_EQ(manifest->size(), 1u);
  const auto& e = manifest->front();
  EXPECT_EQ(e.kind, "reset_code");
  EXPECT_EQ(e.file, *file);
  EXPECT_EQ(e.recipient_name, "Maëlle RICHARD");
  EXPECT_EQ(e.address_lines, kLines);
  EXPECT_EQ(e.postal_code, "75012");
  EXPECT_EQ(e.city, "Paris");
  EXPECT_GE(e.pages, 1);

  // pdftotext (poppler-utils) is installed by scripts/deps.sh test: without it, this fails.
  ASSERT_EQ(std::system("command -v pdftotext >/dev/null 2>&1"), 0) << "pdftotext not installed (poppler-utils)";
  const auto txt = tmp.path() / "lettre.txt";
  ASSERT_EQ(std::system(("pdftotext -enc UTF-8 '" + (cfg.dir / *file).string() + "' '" + txt.string() + "'").c_str()),
            0);
  std::ifstream in(txt);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  for (char& c : text)
    if (c == '\n') c = ' ';
  for (const char* expected : {"K7MP-4XRT", "Maëlle RICHARD", "75012", "valable 15 jours", "36 46",
                               "ne vous demande jamais votre mot de passe"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
}

TEST(LetterWriter, LettersWithAPayloadNeedTheirOwnRenderer) {
  testing::TempDir tmp;
  FixedClock clock;
  LetterWriterConfig cfg;
  cfg.dir = tmp.path();
  outbox::Letter special = help_outcome_letter();
  special.kind = "paper_attestation";
  special.payload_json = R"({"x":1})";
  EXPECT_FALSE(make_pdf_letter_writer(cfg, clock)(special));

  std::string seen_payload;
  auto write = make_pdf_letter_writer(cfg, clock, [&](const outbox::Letter& l, const pdf::Letter& cover) {
    seen_payload = l.payload_json;
    return pdf::render_letter(cover, cfg.render);
  });
  const auto file = write(special);
  ASSERT_TRUE(file) << file.error();
  EXPECT_EQ(seen_payload, R"({"x":1})");
  EXPECT_NE(file->find("paper_attestation"), std::string::npos);
}

}  // namespace
}  // namespace mc::mail
