#pragma once
// PDF documents sent to members: the attestation de droits, letters for the print outbox
// (SPEC §10), and the paper attestation by post (cover letter + attestation in one file).
// All text is UTF-8 and French; rendering is libharu with an embedded DejaVu Sans font.
#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/attestation/attestation.hpp"

namespace mc::pdf {

// Printed at the foot of every letter and attestation.
inline constexpr std::string_view kAntiScamReminder =
    "L'Assurance Maladie ne vous demande jamais votre mot de passe ni vos coordonnées "
    "bancaires par SMS ou par e-mail.";

struct Pdf {
  std::vector<std::uint8_t> bytes;
  int pages = 0;
};

struct RenderOptions {
  // fonts-dejavu-core. Tests and packagers may point elsewhere.
  std::filesystem::path font_file = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  // Shown under the barcode ("… sur https://…/verifier"); a generic wording when empty.
  std::string verify_url;
};

// Renders one A4 page. `payload` is what build_payload() returned (it goes in the
// DataMatrix as is); `code` is short_code(payload). Organisme address lines are separated
// by '\n' in rights.organisme_address. Errors: bad dates in `rights`, font not found,
// payload too long for a DataMatrix, libharu failure.
std::expected<Pdf, std::string> render_attestation(const attestation::Rights& rights,
                                                   std::string_view payload, std::string_view code,
                                                   const RenderOptions& options = {});

struct PostalAddress {
  std::string name;                // "Mme Maëlle RICHARD"
  std::vector<std::string> lines;  // street, building, "BP …" (no postal code / city)
  std::string postal_code;
  std::string city;
};

// A highlighted box, e.g. the "code provisoire" of a postal password reset.
struct CodeBox {
  std::string label;  // "Votre code provisoire"
  std::string code;   // printed large, monospaced look
  std::string note;   // "Ce code est valable jusqu'au …", may be empty
};

struct Letter {
  std::string sender_name;                 // organisme name
  std::vector<std::string> sender_lines;   // its postal address
  std::string sender_phone;                // "36 46" (the free-service mention is added)
  PostalAddress recipient;
  std::string place;                       // "Bobigny" -> "Bobigny, le 3 mars 2025"; may be empty
  std::string date;                        // YYYY-MM-DD
  std::string reference;                   // optional "Référence : …"
  std::string subject;                     // "Objet : " is added
  std::string salutation = "Madame, Monsieur,";
  std::vector<std::string> paragraphs;     // before the code box
  std::optional<CodeBox> code_box;
  std::vector<std::string> paragraphs_after;  // after the code box
  std::string closing =
      "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.";
  std::string signature = "Votre caisse d'Assurance Maladie";
};

// One or more pages (long bodies continue on the next page); each page has the footer
// with the anti-scam reminder and "Page n/N".
std::expected<Pdf, std::string> render_letter(const Letter& letter, const RenderOptions& options = {});

// Paper attestation by post: the cover letter followed by the attestation page.
std::expected<Pdf, std::string> render_attestation_letter(const Letter& cover,
                                                          const attestation::Rights& rights,
                                                          std::string_view payload,
                                                          std::string_view code,
                                                          const RenderOptions& options = {});

}  // namespace mc::pdf
