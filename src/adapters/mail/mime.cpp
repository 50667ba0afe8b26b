#include "adapters/mail/mime.hpp"

#include <openssl/evp.h>

#include <array>
#include <ctime>

namespace mc::mail::mime {
namespace {

bool printable_ascii(unsigned char c) { return c >= 0x20 && c < 0x7f; }

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// Length of the UTF-8 sequence starting with `lead` (1 for stray bytes, so that malformed
// input still moves forward).
std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xf0 && lead < 0xf8) return 4;
  if (lead >= 0xe0) return lead < 0xf0 ? 3 : 1;
  if (lead >= 0xc0) return 2;
  return 1;
}

std::string without_controls(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return out;
}

}  // namespace

bool valid_address(std::string_view a) {
  if (a.empty() || a.size() > 254) return false;
  const auto at = a.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == a.size() || a.find('@', at + 1) != std::string_view::npos)
    return false;
  for (unsigned char c : a) {
    if (c <= 0x20 || c >= 0x7f) return false;
    if (std::string_view("<>()[],;:\\\"").find(static_cast<char>(c)) != std::string_view::npos) return false;
  }
  const auto domain = a.substr(at + 1);
  return domain.front() != '.' && domain.back() != '.' && domain.find("..") == std::string_view::npos;
}

std::string encode_header_text(std::string_view utf8) {
  const std::string text = without_controls(utf8);
  bool plain = text.find("=?") == std::string::npos;
  for (unsigned char c : text) plain = plain && printable_ascii(c);
  if (plain) return text;

  // 75 - len("=?UTF-8?B??=") = 63 characters of base64, i.e. 45 bytes of text per word.
  constexpr std::size_t kBytesPerWord = 45;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = i;
    while (end < text.size()) {
      const std::size_t n = std::min(utf8_length(static_cast<unsigned char>(text[end])), text.size() - end);
      if (end + n - i > kBytesPerWord) break;
      end += n;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(std::string_view(text).substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string format_mailbox(std::string_view display_name, std::string_view address) {
  if (display_name.empty()) return std::string(address);
  const std::string name = without_controls(display_name);
  bool ascii = true, special = false;
  for (unsigned char c : name) {
    ascii = ascii && printable_ascii(c);
    special = special || std::string_view("()<>[]:;@\\,.\"").find(static_cast<char>(c)) != std::string_view::npos;
  }
  std::string shown;
  if (!ascii) {
    shown = encode_header_text(name);
  } else if (special) {
    shown = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') shown += '\\';
      shown += c;
    }
    shown += '"';
  } else {
    shown = name;
  }
  return shown + " <" + std::string(address) + ">";
}

std::string quoted_printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t start = 0;
  while (start <= text.size()) {
    auto nl = text.find('\n', start);
    const bool has_break = nl != std::string_view::npos;
    if (!has_break) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    std::size_t col = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      const bool last = i + 1 == line.size();
      char token[3];
      std::size_t len = 1;
      if ((c == ' ' || c == '\t') ? !last : (c >= 33 && c <= 126 && c != '=')) {
        token[0] = static_cast<char>(c);
      } else {
        token[0] = '=';
        token[1] = kHex[c >> 4];
        token[2] = kHex[c & 0x0f];
        len = 3;
      }
      // 75 characters + the '=' of the soft break: never more than 76 on a line.
      if (col + len > 75) {
        out += "=\r\n";
        col = 0;
      }
      out.append(token, len);
      col += len;
    }
    if (!has_break) break;
    out += "\r\n";
    start = nl + 1;
    if (start == text.size()) break;
  }
  return out;
}

std::string rfc5322_date(std::chrono::system_clock::time_point t) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[static_cast<std::size_t>(tm.tm_wday)],
                tm.tm_mday, kMonths[static_cast<std::size_t>(tm.tm_mon)], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::expected<std::string, std::string> build_message(const outbox::Mail& mail, const Envelope& env) {
  if (!valid_address(mail.to)) return std::unexpected("invalid recipient address");
  if (!valid_address(env.from_address)) return std::unexpected("invalid sender address");
  if (mail.subject.empty()) return std::unexpected("empty subject");
  if (mail.text.empty()) return std::unexpected("empty text body");

  std::string m;
  m.reserve(mail.text.size() + mail.html.size() + 1024);
  m += "Date: " + env.date + "\r\n";
  m += "From: " + format_mailbox(env.from_name, env.from_address) + "\r\n";
  m += "To: " + mail.to + "\r\n";
  m += "Subject: " + encode_header_text(mail.subject) + "\r\n";
  m += "Message-ID: " + env.message_id + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  // RFC 3834: keeps vacation responders from answering an address nobody reads.
  m += "Auto-Submitted: auto-generated\r\n";
  m += "Content-Language: fr\r\n";

  const auto part_headers = [](std::string_view type) {
    return "Content-Type: " + std::string(type) +
           "; charset=UTF-8\r\n"
           "Content-Transfer-Encoding: quoted-printable\r\n";
  };
  if (mail.html.empty()) {
    m += part_headers("text/plain") + "\r\n";
    m += quoted_printable(mail.text);
    if (!m.ends_with("\r\n")) m += "\r\n";
    return m;
  }
  m += "Content-Type: multipart/alternative; boundary=\"" + env.boundary + "\"\r\n\r\n";
  // Plain text first: clients show the last alternative they can render (RFC 2046 §5.1.4).
  m += "--" + env.boundary + "\r\n" + part_headers("text/plain") + "\r\n" + quoted_printable(mail.text) + "\r\n";
  m += "--" + env.boundary + "\r\n" + part_headers("text/html") + "\r\n" + quoted_printable(mail.html) + "\r\n";
  m += "--" + env.boundary + "--\r\n";
  return m;
}

}  // namespace mc::mail::mime
