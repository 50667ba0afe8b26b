#include "adapters/mail/mime.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <sstream>
#include <string>
#include <utility>

namespace mc::mail::mime {
namespace {

std::string unbase64(std::string_view b64) {
  std::string out(b64.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
  if (n < 0) return "<bad base64>";
  std::size_t len = static_cast<std::size_t>(n);
  for (auto it = b64.rbegin(); it != b64.rend() && *it == '='; ++it) --len;  // DecodeBlock keeps padding bytes
  out.resize(len);
  return out;
}

// Splits "=?UTF-8?B?…?=\r\n =?UTF-8?B?…?=" into the decoded text of each word.
std::vector<std::string> decode_words(const std::string& header) {
  std::vector<std::string> words;
  std::size_t pos = 0;
  while ((pos = header.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const auto end = header.find("?=", pos + 10);
    words.push_back(unbase64(std::string_view(header).substr(pos + 10, end - pos - 10)));
    EXPECT_LE(end + 2 - pos, 75u) << "encoded word longer than 75 characters";
    pos = end + 2;
  }
  return words;
}

bool whole_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    i += n;
  }
  return true;
}

// Reference decoder for the round trip (RFC 2045 §6.7).
std::string unquote_printable(std::string_view qp) {
  std::string out;
  for (std::size_t i = 0; i < qp.size(); ++i) {
    if (qp[i] != '=') {
      out += qp[i];
    } else if (qp.substr(i + 1, 2) == "\r\n") {
      i += 2;
    } else {
      out += static_cast<char>(std::stoi(std::string(qp.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    }
  }
  return out;
}

TEST(Mime, ValidAddresses) {
  for (const char* good : {"maelle.richard@exemple.fr", "a+tag@sub.domaine.fr"})
    EXPECT_TRUE(valid_address(good)) << good;
  const std::string bad[] = {"",
                             "sans-arobase.fr",
                             "a@b@c.fr",
                             "@exemple.fr",
                             "a@",
                             "a@exemple..fr",
                             "a b@exemple.fr",
                             "a@exemple.fr\r\nBcc: x@y.fr",
                             "a@exemple.fr,b@exemple.fr",
                             "<a@exemple.fr>",
                             "maëlle@exemple.fr",
                             std::string(250, 'a') + "@b.fr"};
  for (const auto& address : bad) EXPECT_FALSE(valid_address(address)) << address;
}

TEST(Mime, AsciiHeaderTextIsLeftAlone) {
  EXPECT_EQ(encode_header_text("Password changed"), "Password changed");
}

TEST(Mime, AccentedHeaderTextIsEncodedWordsThatDecodeBack) {
  const std::string subject = "Réinitialisation de votre mot de passe";
  const std::string h = encode_header_text(subject);
  ASSERT_TRUE(h.starts_with("=?UTF-8?B?")) << h;
  std::string joined;
  for (const auto& w : decode_words(h)) joined += w;
  EXPECT_EQ(joined, subject);
}

TEST(Mime, LongHeaderTextIsFoldedBetweenCharacters) {
  std::string subject;
  for (int i = 0; i < 20; ++i) subject += "é€à ";
  const std::string h = encode_header_text(subject);
  const auto words = decode_words(h);
  ASSERT_GT(words.size(), 1u);
  std::string joined;
  for (const auto& w : words) {
    EXPECT_TRUE(whole_utf8(w)) << "a character was cut between two encoded words";
    joined += w;
  }
  EXPECT_EQ(joined, subject);
  // Folding is CRLF + space between words, nothing else.
  std::string unfolded = h;
  for (std::size_t p; (p = unfolded.find("\r\n ")) != std::string::npos;) unfolded.erase(p, 3);
  EXPECT_EQ(unfolded.find_first_of("\r\n"), std::string::npos);
}

TEST(Mime, HeaderTextCannotInjectHeaders) {
  EXPECT_EQ(encode_header_text("Bonjour\r\nBcc: x@y.fr"), "Bonjour  Bcc: x@y.fr");
  // "=?" in plain text would be read as an encoded word: it is encoded instead.
  EXPECT_TRUE(encode_header_text("a =?b?= c").starts_with("=?UTF-8?B?"));
}

TEST(Mime, Mailboxes) {
  EXPECT_EQ(format_mailbox("Assurance Maladie", "assurance-maladie@info.ameli.fr"),
            "Assurance Maladie <assurance-maladie@info.ameli.fr>");
  EXPECT_EQ(format_mailbox("", "a@b.fr"), "a@b.fr");
  EXPECT_EQ(format_mailbox("Caisse, \"Paris\"", "a@b.fr"), "\"Caisse, \\\"Paris\\\"\" <a@b.fr>");
  EXPECT_TRUE(format_mailbox("Sécurité sociale", "a@b.fr").starts_with("=?UTF-8?B?"));
}

TEST(Mime, QuotedPrintable) {
  const std::pair<const char*, const char*> cases[] = {
      {"é", "=C3=A9"},      {"a=b", "a=3Db"},     {"fin \nligne\t\n", "fin=20\r\nligne=09\r\n"},
      {"a\r\nb", "a\r\nb"}, {"\n\n", "\r\n\r\n"}, {"", ""},
  };
  for (const auto& [text, encoded] : cases) EXPECT_EQ(quoted_printable(text), encoded) << text;
}

TEST(Mime, QuotedPrintableLinesStayShortAndRoundTrip) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Réinitialisez été à ";
  text += "\nfin=ok \n";
  const std::string qp = quoted_printable(text);
  std::istringstream lines(qp);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    EXPECT_LE(line.size(), 76u) << line;
  }
  std::string expected = text;
  for (std::size_t p = 0; (p = expected.find('\n', p)) != std::string::npos; p += 2) expected.insert(p, "\r");
  EXPECT_EQ(unquote_printable(qp), expected);
}

TEST(Mime, DateInRfc5322Form) {
  const auto t = std::chrono::system_clock::time_point{std::chrono::seconds{1741000000}};
  EXPECT_EQ(rfc5322_date(t), "Mon, 03 Mar 2025 11:06:40 +0000");
}

Envelope test_envelope() {
  return {"Assurance Maladie", "assurance-maladie@info.ameli.fr", "Mon, 03 Mar 2025 11:06:40 +0000",
          "<abc@info.ameli.fr>", "=_mc_b0undary"};
}

TEST(Mime, MultipartAlternativeMessage) {
  outbox::Mail mail{"maelle@exemple.fr", "Mot de passe modifié", "Texte é\n",
                    "<p>HTML é</p>\n",   "password_changed",     ""};
  const auto m = build_message(mail, test_envelope());
  ASSERT_TRUE(m) << m.error();
  EXPECT_TRUE(m->starts_with("Date: Mon, 03 Mar 2025 11:06:40 +0000\r\n"));
  EXPECT_NE(m->find("\r\nFrom: Assurance Maladie <assurance-maladie@info.ameli.fr>\r\n"), std::string::npos);
  EXPECT_NE(m->find("\r\nTo: maelle@exemple.fr\r\n"), std::string::npos);
  EXPECT_NE(m->find("\r\nSubject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(m->find("\r\nMessage-ID: <abc@info.ameli.fr>\r\n"), std::string::npos);
  EXPECT_NE(m->find("\r\nMIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(m->find("\r\nContent-Type: multipart/alternative; boundary=\"=_mc_b0undary\"\r\n"), std::string::npos);
  const auto text_at = m->find("Content-Type: text/plain; charset=UTF-8");
  const auto html_at = m->find("Content-Type: text/html; charset=UTF-8");
  ASSERT_NE(text_at, std::string::npos);
  ASSERT_NE(html_at, std::string::npos);
  EXPECT_LT(text_at, html_at);
  EXPECT_NE(m->find("Texte =C3=A9"), std::string::npos);
  EXPECT_TRUE(m->ends_with("--=_mc_b0undary--\r\n"));
  // Bare LF never appears: every line ends with CRLF.
  for (std::size_t p = 0; (p = m->find('\n', p)) != std::string::npos; ++p) ASSERT_EQ((*m)[p - 1], '\r') << p;
}

TEST(Mime, TextOnlyMessageHasOnePart) {
  outbox::Mail mail{"maelle@exemple.fr", "Objet", "Texte\n", "", "x", ""};
  const auto m = build_message(mail, test_envelope());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->find("multipart"), std::string::npos);
  EXPECT_NE(m->find("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nTexte\r\n"),
            std::string::npos);
}

TEST(Mime, RefusesWhatCannotBeSent) {
  outbox::Mail ok{"maelle@exemple.fr", "Objet", "Texte", "", "x"};
  auto bad = ok;
  bad.to = "maelle@exemple.fr\r\nBcc: x@y.fr";
  EXPECT_FALSE(build_message(bad, test_envelope()));
  bad = ok;
  bad.subject = "";
  EXPECT_FALSE(build_message(bad, test_envelope()));
  bad = ok;
  bad.text = "";
  EXPECT_FALSE(build_message(bad, test_envelope()));
  auto env = test_envelope();
  env.from_address = "not an address";
  EXPECT_FALSE(build_message(ok, env));
}

}  // namespace
}  // namespace mc::mail::mime
