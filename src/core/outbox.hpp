#pragma once
// Durable outboxes (SPEC §10): an e-mail or a letter is a row written in the same transaction as
// the code it carries; a delivery worker sends it later, retrying with backoff, so that nothing
// is lost when the process dies right after answering.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace mc::outbox {

struct Mail {
  std::string to;        // one address
  std::string subject;   // UTF-8, French
  std::string text;      // plain-text body
  std::string html;      // HTML body (may be empty)
  std::string kind;      // "reset_link", "activation_code", "security_notice", … (metrics, tests)
  // The NIR (13 digits) of the member it is about, or empty: "Mes données" lists a member's
  // e-mails by it, never by address (relatives often share one address).
  std::string member;
};

// A letter to the print house: the caller gives structured content; the worker renders the PDF.
struct Letter {
  std::string kind;  // "reset_code", "activation_code", "paper_attestation", "help_outcome", …
  std::string recipient_name;
  std::vector<std::string> address_lines;
  std::string postal_code, city;
  std::string subject;
  std::vector<std::string> paragraphs;
  std::string code;          // highlighted box (provisional code), may be empty
  std::string payload_json;  // extra data for special letters (e.g. the attestation), may be empty
};

struct PendingMail {
  std::int64_t id = 0;
  Mail mail;
  int attempts = 0;
};

struct PendingLetter {
  std::int64_t id = 0;
  Letter letter;
  int attempts = 0;
};

// Retry schedule: 10 s, 20 s, 40 s … capped at one hour; given up (status "failed", alerted by
// metrics) after `max_attempts`.
inline Duration backoff(int attempts) {
  std::int64_t s = 10;
  for (int i = 1; i < attempts && s < 3600; ++i) s *= 2;
  return Duration{std::min<std::int64_t>(s, 3600) * 1000};
}
inline constexpr int kMaxAttempts = 20;

}  // namespace mc::outbox
