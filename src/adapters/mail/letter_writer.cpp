#include "adapters/mail/letter_writer.hpp"

#include <chrono>
#include <cstdio>
#include <memory>

#include "core/ports/clock.hpp"

namespace mc::mail {

std::chrono::year_month_day paris_date(Instant t) {
  namespace ch = std::chrono;  // mc::days/hours (config helpers) would shadow the chrono types
  // Metropolitan France: UTC+1, UTC+2 from the last Sunday of March to the last Sunday of
  // October at 01:00 UTC (EU rule). libstdc++ 12 has no time-zone database.
  const ch::year y = ch::year_month_day{ch::floor<ch::days>(t)}.year();
  const auto last_sunday = [&](ch::month m) {
    return ch::sys_days{ch::year_month_weekday_last{y, m, ch::weekday_last{ch::Sunday}}} + ch::hours{1};
  };
  const bool summer = t >= last_sunday(ch::March) && t < last_sunday(ch::October);
  return ch::year_month_day{ch::floor<ch::days>(t + ch::hours{summer ? 2 : 1})};
}

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
