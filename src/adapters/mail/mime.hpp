#pragma once
// The MIME text of one e-mail (RFC 5322 + 2045–2047), built here rather than by curl_mime:
// libcurl's MIME API always wraps SMTP bodies in multipart/mixed and does not encode headers
// (docs/adr/0180-smtp-with-libcurl.md). Pure functions, no I/O: the sender adds the date and
// the random parts.
#include <chrono>
#include <expected>
#include <string>
#include <string_view>

#include "core/outbox.hpp"

namespace mc::mail::mime {

// A plausible single mailbox "local@domain": printable ASCII, no spaces, quotes, brackets,
// commas or control characters, one '@', at most 254 bytes. Anything else is refused rather
// than sent (it could smuggle headers or extra recipients).
bool valid_address(std::string_view address);

// Header text (Subject, display names): returned as is when it is printable ASCII, otherwise
// as RFC 2047 "=?UTF-8?B?…?=" words of at most 75 characters, cut between UTF-8 characters
// and folded with CRLF + space. CR, LF and other control characters become spaces.
std::string encode_header_text(std::string_view utf8);

// "Assurance Maladie <assurance-maladie@info.ameli.fr>"; the name is quoted or encoded as
// needed; the bare address when the name is empty.
std::string format_mailbox(std::string_view display_name, std::string_view address);

// Quoted-printable (RFC 2045 §6.7) of UTF-8 text: line ends (LF or CRLF) become CRLF hard
// breaks, lines are cut with soft breaks at 76 characters, trailing blanks are encoded.
std::string quoted_printable(std::string_view text);

// "Mon, 03 Mar 2025 11:06:40 +0000" (RFC 5322 §3.3, in UTC; English names whatever the locale).
std::string rfc5322_date(std::chrono::system_clock::time_point t);

struct Envelope {
  std::string from_name = "Assurance Maladie";
  std::string from_address = "assurance-maladie@info.ameli.fr";
  std::string date;        // rfc5322_date(...)
  std::string message_id;  // "<…@domain>"
  std::string boundary;    // must not occur in the bodies: "=_" never does in quoted-printable
};

// The whole message with CRLF line ends: multipart/alternative (text/plain then text/html,
// both UTF-8 quoted-printable) when mail.html is set, a single text/plain part otherwise.
// Errors (English, for logs): invalid recipient or sender address, empty subject or text.
std::expected<std::string, std::string> build_message(const outbox::Mail& mail, const Envelope& envelope);

}  // namespace mc::mail::mime
