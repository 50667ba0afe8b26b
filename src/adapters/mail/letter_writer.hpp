#pragma once
// The letter side of delivery: an outbox::Letter rendered to PDF (mc::pdf::render_letter) and
// dropped in the print outbox folder with its manifest line (mc::pdf::PrintOutbox).
#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "adapters/mail/delivery_worker.hpp"
#include "adapters/pdf/print_outbox.hpp"
#include "adapters/pdf/render.hpp"
#include "core/outbox.hpp"
#include "core/ports/clock.hpp"

namespace mc::mail {

struct LetterWriterConfig {
  std::filesystem::path dir;  // outbox.letters_dir
  std::string sender_name = "Assurance Maladie";
  std::vector<std::string> sender_lines;  // the organisme's postal address; may be empty
  std::string sender_phone = "36 46";
  std::string place;                      // "Bobigny" -> "Bobigny, le …"; may be empty
  std::string code_label = "Votre code provisoire";
  pdf::RenderOptions render;
};

// Letters with a payload_json (e.g. the paper attestation) need a renderer of their own; it
// gets the letter and the cover built from it.
using SpecialLetterRenderer =
    std::function<std::expected<pdf::Pdf, std::string>(const outbox::Letter& letter, const pdf::Letter& cover)>;

// The cover letter for `letter`: recipient, subject, paragraphs, dated (Paris) at `now`.
// Letter::code goes in a box after the first paragraph, the other paragraphs after it.
pdf::Letter to_pdf_letter(const outbox::Letter& letter, const LetterWriterConfig& config, Instant now);

// The calendar date in metropolitan France (CET/CEST) at `t` (the date printed on letters).
std::chrono::year_month_day paris_date(Instant t);

// A LetterWriter for DeliveryWorker: renders, writes the PDF + manifest line, and returns the
// PDF's file name. Letters with a payload_json go to `special` (an error when it is empty).
LetterWriter make_pdf_letter_writer(LetterWriterConfig config, const ports::Clock& clock,
                                    SpecialLetterRenderer special = {});

}  // namespace mc::mail
