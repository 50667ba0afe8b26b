#pragma once
// What else is held about one member, for "Mes données" (issue 17 item 5, RGPD right of access):
// the messages sent to them, every code issued to them, the attestations issued, their open
// sessions. Read-only, and never a secret: no code digest, no message body (links and codes),
// no session identifier, no attestation short code.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace mc::ports {

// One e-mail of the outbox (the body is not read: it holds links and codes, and is wiped once sent).
struct MessageSent {
  Instant created_at{};
  std::string kind;     // "reset_link", "notice_password_changed", …
  std::string subject;  // fixed French text, never a code
  std::string status;   // "pending" | "sent" | "failed"
  std::optional<Instant> done_at;
};

// One code issued (reset, activation, e-mail verification), whatever became of it.
struct CodeIssued {
  std::string purpose;  // token::to_string(Purpose)
  std::string channel;  // "email" | "postal" | "counter"
  Instant created_at{}, expires_at{};
  std::optional<Instant> used_at, voided_at;
  int failed_tries = 0;
  std::string detail;  // the new e-mail address being verified, or empty
};

struct AttestationIssued {
  Instant issued_at{};
  std::string payload;  // the signed content (the rights it attests)
};

struct OpenSession {
  std::string kind;         // "member"
  std::string auth_method;  // "password" | "franceconnect"
  Instant created_at{}, last_seen_at{};
};

class MemberRecords {
 public:
  virtual ~MemberRecords() = default;
  // E-mails about the member `nir13` (outbox::Mail::member; never matched by address, which
  // relatives may share), newest first, at most 500.
  [[nodiscard]] virtual std::vector<MessageSent> mails_of(std::string_view nir13) = 0;
  // Newest first, at most 500.
  [[nodiscard]] virtual std::vector<CodeIssued> codes_of(std::string_view nir13) = 0;
  [[nodiscard]] virtual std::vector<AttestationIssued> attestations_of(std::string_view nir13) = 0;
  [[nodiscard]] virtual std::vector<OpenSession> sessions_of(std::string_view nir13) = 0;
};

}  // namespace mc::ports
