#include "adapters/mail/letter_writer.hpp"

#include <cstdio>
#include <memory>

#include "adapters/mail/messages.hpp"

namespace mc::mail {

pdf::Letter to_pdf_letter(const outbox::Letter& letter, const LetterWriterConfig& config, Instant now) {
  pdf::Letter out;
  out.sender_name = config.sender_name;
  out.sender_lines = config.sender_lines;
  out.sender_phone = config.sender_phone;
  out.recipient = {letter.recipient_name, letter.address_lines, letter.postal_code, letter.city};
  out.place = config.place;
  const auto ymd = paris_date(now);
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  out.date = date;
  out.subject = letter.subject;
  if (letter.code.empty()) {
    out.paragraphs = letter.paragraphs;
  } else {
    if (!letter.paragraphs.empty()) out.paragraphs.push_back(letter.paragraphs.front());
    out.code_box = pdf::CodeBox{config.code_label, letter.code, {}};
    if (letter.paragraphs.size() > 1)
      out.paragraphs_after.assign(letter.paragraphs.begin() + 1, letter.paragraphs.end());
  }
  return out;
}

LetterWriter make_pdf_letter_writer(LetterWriterConfig config, const ports::Clock& clock,
                                    SpecialLetterRenderer special) {
  auto shared = std::make_shared<const LetterWriterConfig>(std::move(config));
  auto outbox = std::make_shared<pdf::PrintOutbox>(shared->dir);
  return [shared, outbox, &clock, special = std::move(special)](
             const outbox::Letter& letter) -> std::expected<std::string, std::string> {
    const Instant now = clock.now();
    const pdf::Letter cover = to_pdf_letter(letter, *shared, now);
    std::expected<pdf::Pdf, std::string> rendered;
    if (!letter.payload_json.empty()) {
      if (!special) return std::unexpected("no renderer for letters of kind '" + letter.kind + "' with a payload");
      rendered = special(letter, cover);
    } else {
      rendered = pdf::render_letter(cover, shared->render);
    }
    if (!rendered) return std::unexpected("render: " + rendered.error());
    const auto entry = outbox->put(letter.kind, cover.recipient, *rendered, now);
    if (!entry) return std::unexpected("print outbox: " + entry.error());
    return entry->file;
  };
}

}  // namespace mc::mail
