#include "adapters/pdf/render.hpp"

#include "adapters/pdf/barcode.hpp"
#include "adapters/pdf/pdf_document.hpp"
#include "core/attestation/dates.hpp"

namespace mc::pdf {
namespace {

using detail::Document;
using detail::Style;
namespace att = mc::attestation;

constexpr float kLeft = 56;                        // ~2 cm margins
constexpr float kRight = Document::kWidth - 56;
constexpr float kTextWidth = kRight - kLeft;
constexpr float kTop = Document::kHeight - 48;
constexpr float kBottom = 92;                      // body stops above the footer
constexpr float kLeading = 14.5f;

const Style kBody{10.5f, false, detail::kBlack};
const Style kBodyBold{10.5f, true, detail::kBlack};
const Style kSmall{9, false, detail::kBlack};
const Style kSmallGrey{8.5f, false, detail::kGrey};
const Style kLabel{9, false, detail::kGrey};
const Style kHeading{11, true, detail::kBlue};

std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const auto nl = s.find('\n');
    std::string_view line = s.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) out.emplace_back(line);
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
  return out;
}

std::string phone_line(std::string_view phone) {
  if (phone.empty()) return {};
  std::string out = "Téléphone : " + std::string{phone};
  if (phone == "36 46" || phone == "3646") out += " (service gratuit + prix de l'appel)";
  return out;
}

// Sender block at the top left; returns the baseline below it.
float draw_sender(Document& doc, std::string_view name, const std::vector<std::string>& lines,
                  std::string_view phone) {
  float y = kTop;
  doc.text(kLeft, y, name, Style{11, true, detail::kBlue});
  y -= 13;
  for (const auto& l : lines) {
    doc.text(kLeft, y, l, kSmall);
    y -= 11.5f;
  }
  if (const auto p = phone_line(phone); !p.empty()) {
    doc.text(kLeft, y, p, kSmall);
    y -= 11.5f;
  }
  return y;
}

// Footer on every page: the anti-scam rule, and "Page n/N" when there are several pages.
void draw_footers(Document& doc) {
  const int n = doc.page_count();
  for (int i = 0; i < n; ++i) {
    doc.select_page(i);
    doc.line(kLeft, 66, kRight, 66, detail::kGrey, 0.4f);
    float y = 54;
    for (const auto& l : doc.wrap(kAntiScamReminder, 8.5f, kTextWidth - 60)) {
      doc.text(kLeft, y, l, kSmallGrey);
      y -= 10.5f;
    }
    if (n > 1) doc.text_right(kRight, 54, "Page " + std::to_string(i + 1) + "/" + std::to_string(n), kSmallGrey);
  }
}

bool document_fits_cp1252(const att::Rights* r, const Letter* l) {
  std::vector<std::string_view> all;
  if (r) {
    for (const auto* s : {&r->family_name, &r->given_names, &r->organisme_code, &r->organisme_name,
                          &r->organisme_address, &r->organisme_phone})
      all.push_back(*s);
  }
  if (l) {
    for (const auto* s : {&l->sender_name, &l->sender_phone, &l->recipient.name, &l->recipient.postal_code,
                          &l->recipient.city, &l->place, &l->reference, &l->subject, &l->salutation,
                          &l->closing, &l->signature})
      all.push_back(*s);
    for (const auto* v : {&l->sender_lines, &l->recipient.lines, &l->paragraphs, &l->paragraphs_after})
      for (const auto& s : *v) all.push_back(s);
    if (l->code_box) {
      all.push_back(l->code_box->label);
      all.push_back(l->code_box->code);
      all.push_back(l->code_box->note);
    }
  }
  for (auto s : all)
    if (!detail::fits_cp1252(s)) return false;
  return true;
}

struct AttestationDates {
  std::string issued_long, birth, from, to, valid_until_long;
};

std::expected<AttestationDates, std::string> attestation_dates(const att::Rights& r) {
  const auto issued = att::parse_iso_date(r.issue_date);
  const auto birth = att::parse_iso_date(r.birth_date);
  const auto from = att::parse_iso_date(r.rights_from);
  const auto to = att::parse_iso_date(r.rights_to);
  if (!issued || !birth || !from || !to) return std::unexpected{"attestation dates must be YYYY-MM-DD"};
  const auto until = att::parse_iso_date(att::validity_end(r));
  return AttestationDates{att::french_long_date(*issued), att::french_short_date(*birth),
                          att::french_short_date(*from), att::french_short_date(*to),
                          att::french_long_date(*until)};
}

// A labelled row inside a section: grey label on the left, value on the right.
float row(Document& doc, float y, std::string_view label, std::string_view value, const Style& style) {
  doc.text(kLeft + 12, y, label, kLabel);
  doc.text(kLeft + 190, y, value, style);
  return y - 17;
}

// Section title with a pale band behind the rows below it; returns the first row baseline.
float section(Document& doc, float y, std::string_view title, int rows) {
  const float height = 24 + 17.0f * static_cast<float>(rows);
  doc.fill_rect(kLeft, y - height + 14, kTextWidth, height, detail::kPale);
  doc.text(kLeft + 12, y, title, kHeading);
  return y - 21;
}

void draw_attestation_page(Document& doc, const att::Rights& r, const AttestationDates& d,
                           const ModuleMatrix& symbol, std::string_view code, const RenderOptions& options) {
  doc.new_page();
  draw_sender(doc, r.organisme_name, split_lines(r.organisme_address), r.organisme_phone);
  doc.text_right(kRight, kTop, "Délivrée le " + d.issued_long, kSmall);

  float y = 700;
  doc.text(kLeft, y, "Attestation de droits à l'assurance maladie", Style{17, true, detail::kBlue});
  y -= 17;
  doc.text(kLeft, y, "Document à conserver", kLabel);
  y -= 30;

  y = section(doc, y, "Assuré(e)", 4);
  y = row(doc, y, "Nom", r.family_name, kBodyBold);
  y = row(doc, y, "Prénom(s)", r.given_names, kBodyBold);
  y = row(doc, y, "Date de naissance", d.birth, kBody);
  y = row(doc, y, "Numéro de sécurité sociale", att::format_nir(r.nir15), kBodyBold);
  y -= 14;

  y = section(doc, y, "Organisme de rattachement", 1);
  y = row(doc, y, "Caisse", r.organisme_name + " (" + r.organisme_code + ")", kBody);
  y -= 14;

  y = section(doc, y, "Vos droits", r.ald ? 3 : 2);
  y = row(doc, y, "Période", "Droits ouverts du " + d.from + " au " + d.to, kBodyBold);
  y = row(doc, y, "Complémentaire santé solidaire", r.css ? "oui" : "non", kBodyBold);
  if (r.ald) {
    doc.text(kLeft + 12, y,
             "Vous bénéficiez d'une prise en charge au titre d'une affection de longue durée.", kBody);
    y -= 17;
  }
  y -= 16;

  y = doc.paragraph(kLeft, y, kTextWidth,
                    "Cette attestation est valable jusqu'au " + d.valid_until_long +
                        ", sous réserve de modification de votre situation. Elle justifie de vos droits "
                        "auprès des professionnels de santé et des organismes qui vous la demandent. "
                        "Elle ne remplace pas votre carte Vitale.",
                    kSmall, 12.5f);

  // Verification block: the DataMatrix with its "2D-DOC" mention, and the short code.
  constexpr float kBoxTop = 250, kBoxHeight = 150, kSymbol = 110;
  doc.stroke_rect(kLeft, kBoxTop - kBoxHeight, kTextWidth, kBoxHeight, detail::kBlue, 0.8f);
  const float sx = kLeft + 30, sy = kBoxTop - kBoxHeight + (kBoxHeight - kSymbol) / 2;
  doc.datamatrix(symbol, sx, sy, kSymbol);
  doc.text_rotated_90(sx - 6, sy + kSymbol / 2 - 16, "2D-DOC", Style{7, true, detail::kBlack});
  const float tx = sx + kSymbol + 28, tw = kRight - 14 - tx;
  float ty = kBoxTop - 30;
  doc.text(tx, ty, "Vérification de l'authenticité", kHeading);
  ty -= 24;
  doc.text(tx, ty, "Code de vérification :", kSmall);
  doc.text(tx + doc.width("Code de vérification : ", 9), ty - 1, code, Style{14, true, detail::kBlack});
  ty -= 22;
  const std::string where = options.verify_url.empty()
                                ? std::string{"sur la page «\u00a0Vérifier une attestation\u00a0» de MonCompte"}
                                : "sur " + options.verify_url;
  doc.paragraph(tx, ty, tw,
                "Pour vérifier que ce document est authentique, scannez le code 2D-Doc ou saisissez le "
                "code de vérification " + where + ". Seules les initiales, la caisse et la période des "
                "droits seront affichées.",
                kSmallGrey, 11);
}

// Draws the letter on one or more new pages.
void draw_letter(Document& doc, const Letter& l) {
  doc.new_page();
  draw_sender(doc, l.sender_name, l.sender_lines, l.sender_phone);

  // Recipient in the window of a standard DL envelope (right side, ~5 cm from the top).
  constexpr float kRecipientX = 318;
  float ry = Document::kHeight - 150;
  doc.text(kRecipientX, ry, l.recipient.name, kBodyBold);
  ry -= 13.5f;
  for (const auto& line : l.recipient.lines) {
    doc.text(kRecipientX, ry, line, kBody);
    ry -= 13.5f;
  }
  doc.text(kRecipientX, ry, l.recipient.postal_code + " " + l.recipient.city, kBody);

  float y = Document::kHeight - 250;
  if (const auto date = att::parse_iso_date(l.date)) {
    const std::string when = (l.place.empty() ? std::string{"Le "} : l.place + ", le ") + att::french_long_date(*date);
    doc.text_right(kRight, y, when, kBody);
    y -= 28;
  }
  if (!l.reference.empty()) {
    doc.text(kLeft, y, "Référence : " + l.reference, kSmall);
    y -= 16;
  }
  if (!l.subject.empty()) {
    y = doc.paragraph(kLeft, y, kTextWidth, "Objet : " + l.subject, kBodyBold, kLeading);
    y -= 14;
  }

  auto ensure = [&](float needed) {
    if (y - needed < kBottom) {
      doc.new_page();
      y = kTop;
    }
  };
  auto paragraphs = [&](const std::vector<std::string>& list) {
    for (const auto& p : list) {
      for (const auto& line : doc.wrap(p, kBody.size, kTextWidth)) {
        ensure(kLeading);
        doc.text(kLeft, y, line, kBody);
        y -= kLeading;
      }
      y -= 7;
    }
  };

  if (!l.salutation.empty()) {
    doc.text(kLeft, y, l.salutation, kBody);
    y -= kLeading + 7;
  }
  paragraphs(l.paragraphs);
  if (l.code_box) {
    const auto& box = *l.code_box;
    const auto note = box.note.empty() ? std::vector<std::string>{} : doc.wrap(box.note, 9, kTextWidth - 40);
    const float height = 62 + 11.5f * static_cast<float>(note.size());
    ensure(height + 10);
    const float top = y + 4;
    doc.fill_rect(kLeft, top - height, kTextWidth, height, detail::kPale);
    doc.stroke_rect(kLeft, top - height, kTextWidth, height, detail::kBlue, 1.2f);
    doc.text_centered(kLeft + kTextWidth / 2, top - 18, box.label, Style{10, false, detail::kBlue});
    doc.text_centered(kLeft + kTextWidth / 2, top - 44, box.code, Style{20, true, detail::kBlack});
    float ny = top - 60;
    for (const auto& line : note) {
      doc.text_centered(kLeft + kTextWidth / 2, ny, line, Style{9, false, detail::kGrey});
      ny -= 11.5f;
    }
    y = top - height - 18;
  }
  paragraphs(l.paragraphs_after);
  if (!l.closing.empty()) paragraphs({l.closing});
  if (!l.signature.empty()) {
    ensure(kLeading + 10);
    y -= 10;
    doc.text_right(kRight, y, l.signature, kBodyBold);
  }
}

std::expected<Pdf, std::string> finish(Document& doc, std::string_view title) {
  draw_footers(doc);
  doc.set_title(title);
  auto bytes = doc.save();
  if (!bytes) return std::unexpected{bytes.error()};
  return Pdf{std::move(*bytes), doc.page_count()};
}

}  // namespace

std::expected<Pdf, std::string> render_attestation(const att::Rights& rights, std::string_view payload,
                                                   std::string_view code, const RenderOptions& options) {
  const auto dates = attestation_dates(rights);
  if (!dates) return std::unexpected{dates.error()};
  const auto symbol = encode_datamatrix(payload);
  if (!symbol) return std::unexpected{symbol.error()};
  Document doc{options.font_file, !document_fits_cp1252(&rights, nullptr)};
  draw_attestation_page(doc, rights, *dates, *symbol, code, options);
  return finish(doc, "Attestation de droits à l'assurance maladie");
}

std::expected<Pdf, std::string> render_letter(const Letter& letter, const RenderOptions& options) {
  Document doc{options.font_file, !document_fits_cp1252(nullptr, &letter)};
  draw_letter(doc, letter);
  return finish(doc, letter.subject.empty() ? "Courrier de l'Assurance Maladie" : letter.subject);
}

std::expected<Pdf, std::string> render_attestation_letter(const Letter& cover, const att::Rights& rights,
                                                          std::string_view payload, std::string_view code,
                                                          const RenderOptions& options) {
  const auto dates = attestation_dates(rights);
  if (!dates) return std::unexpected{dates.error()};
  const auto symbol = encode_datamatrix(payload);
  if (!symbol) return std::unexpected{symbol.error()};
  Document doc{options.font_file, !document_fits_cp1252(&rights, &cover)};
  draw_letter(doc, cover);
  draw_attestation_page(doc, rights, *dates, *symbol, code, options);
  return finish(doc, "Attestation de droits à l'assurance maladie");
}

}  // namespace mc::pdf
