// SmtpSender against a real SMTP server (tests/tools/smtp_sink.py on aiosmtpd); what arrived
// is read back with Python's e-mail parser, independent of our MIME code.
#include "adapters/mail/smtp_sender.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <thread>

#include "adapters/mail/message_samples.hpp"
#include "adapters/mail/test_support.hpp"

namespace mc::mail {
namespace {

using testing::SilentServer;
using testing::SmtpSink;

#define REQUIRE_SINK(sink) \
  if (!(sink).ok()) GTEST_SKIP() << (sink).error()

SmtpConfig config_for(const SmtpSink& sink) {
  SmtpConfig c;
  c.url = sink.url();
  c.connect_timeout = std::chrono::seconds(5);
  c.timeout = std::chrono::seconds(20);
  return c;
}

// Python's email package returns text with "\n" line ends; so do our bodies.
TEST(SmtpSender, EveryKindOfMailArrivesIntactWithItsHeaders) {
  SmtpSink sink;
  REQUIRE_SINK(sink);
  SmtpSender sender(config_for(sink));
  const auto mails = testing::every_mail(testing::sample_member("maelle.richard@exemple.fr").entry);
  for (const auto& m : mails) {
    const auto r = sender.send(m);
    ASSERT_TRUE(r) << m.kind << ": " << r.error().message;
  }
  ASSERT_TRUE(sink.wait_for(mails.size()));
  const auto files = sink.messages();
  ASSERT_EQ(files.size(), mails.size());
  for (std::size_t i = 0; i < mails.size(); ++i) {
    SCOPED_TRACE(mails[i].kind);
    const auto j = SmtpSink::decode(files[i]);
    ASSERT_TRUE(j.is_object());
    EXPECT_EQ(j["from"], "Assurance Maladie <assurance-maladie@info.ameli.fr>");
    EXPECT_EQ(j["to"], "maelle.richard@exemple.fr");
    EXPECT_EQ(j["subject"], mails[i].subject);
    const bool ascii = std::all_of(mails[i].subject.begin(), mails[i].subject.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    EXPECT_EQ(j["raw_subject"].get<std::string>().starts_with("=?UTF-8?B?"), !ascii) << j["raw_subject"];
    EXPECT_EQ(j["mime_version"], "1.0");
    EXPECT_EQ(j["content_type"], "multipart/alternative");
    EXPECT_EQ(j["parts"], nlohmann::json::array({"text/plain", "text/html"}));
    EXPECT_EQ(j["transfer_encodings"], nlohmann::json::array({"quoted-printable", "quoted-printable"}));
    EXPECT_EQ(j["charsets"], nlohmann::json::array({"utf-8", "utf-8"}));
    EXPECT_EQ(j["text"], mails[i].text);
    EXPECT_EQ(j["html"], mails[i].html);
    EXPECT_TRUE(j["message_id"].get<std::string>().ends_with("@info.ameli.fr>")) << j["message_id"];
    EXPECT_FALSE(j["date"].get<std::string>().empty());
    const auto env = SmtpSink::envelope(files[i]);
    EXPECT_EQ(env["mail_from"], "assurance-maladie@info.ameli.fr");
    EXPECT_EQ(env["rcpt_tos"], nlohmann::json::array({"maelle.richard@exemple.fr"}));
  }
  // Message-IDs are unique.
  EXPECT_NE(SmtpSink::decode(files[0])["message_id"], SmtpSink::decode(files[1])["message_id"]);
}

TEST(SmtpSender, TheResetLinkArrivesClickable) {
  SmtpSink sink;
  REQUIRE_SINK(sink);
  SmtpSender sender(config_for(sink));
  const std::string link = testing::kBaseUrl + "/reinitialiser?token=0123456789abcdef0123456789abcdef";
  const auto mail = messages::MessagesFr(testing::kBaseUrl)
                        .reset_link(testing::sample_member("a@exemple.fr").entry, link, minutes(30));
  ASSERT_TRUE(sender.send(mail));
  ASSERT_TRUE(sink.wait_for(1));
  const auto j = SmtpSink::decode(sink.messages().at(0));
  EXPECT_NE(j["text"].get<std::string>().find("\n" + link + "\n"), std::string::npos);
  EXPECT_NE(j["html"].get<std::string>().find("href=\"" + link + "\""), std::string::npos);
  EXPECT_EQ(j["subject"], "Réinitialisation du mot de passe de votre compte ameli");
}

TEST(SmtpSender, ConfiguredSenderAndDisplayName) {
  SmtpSink sink;
  REQUIRE_SINK(sink);
  auto cfg = config_for(sink);
  cfg.from_address = "ne-pas-repondre@moncompte.example.fr";
  cfg.from_name = "Caisse primaire d'assurance maladie";
  SmtpSender sender(cfg);
  ASSERT_TRUE(sender.send({"a@exemple.fr", "Objet", "Texte", "", "x"}));
  ASSERT_TRUE(sink.wait_for(1));
  const auto j = SmtpSink::decode(sink.messages().at(0));
  EXPECT_EQ(j["from"], "Caisse primaire d'assurance maladie <ne-pas-repondre@moncompte.example.fr>");
  EXPECT_TRUE(j["message_id"].get<std::string>().ends_with("@moncompte.example.fr>"));
  EXPECT_EQ(j["content_type"], "text/plain");
}

TEST(SmtpSender, ManyMailsOverOneConnection) {
  SmtpSink sink;
  REQUIRE_SINK(sink);
  SmtpSender sender(config_for(sink));
  const auto start = std::chrono::steady_clock::now();
  constexpr int kCount = 50;
  for (int i = 0; i < kCount; ++i) {
    const auto r = sender.send({"a@exemple.fr", "Message " + std::to_string(i), "Texte é", "<p>é</p>", "x"});
    ASSERT_TRUE(r) << r.error().message;
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(sink.wait_for(kCount));
  RecordProperty("mails_per_second", std::to_string(static_cast<int>(kCount * 1000.0 / ms)));
  std::printf("[ measure  ] %d mails in %.0f ms (%.1f ms each)\n", kCount, ms, ms / kCount);
}

// Sending one mail to `to` fails, permanently or not, with a message that says `what`.
void expect_failure(SmtpSender& sender, const char* to, bool permanent, const char* what) {
  const auto r = sender.send({to, "Objet", "Texte", "", "x"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().permanent, permanent) << r.error().message;
  EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
}

TEST(SmtpSender, ServerDownIsATransientError) {
  SmtpConfig cfg;
  cfg.url = "smtp://127.0.0.1:" + std::to_string(testing::unused_port());
  SmtpSender sender(cfg);
  expect_failure(sender, "a@exemple.fr", false, "connect");
}

TEST(SmtpSender, RefusedRecipientIsPermanent) {
  SmtpSink sink({"--reject-rcpt", "^inconnu@"});
  REQUIRE_SINK(sink);
  SmtpSender sender(config_for(sink));
  ASSERT_NO_FATAL_FAILURE(expect_failure(sender, "inconnu@exemple.fr", true, "550"));
  // The same connection still works for the next one.
  EXPECT_TRUE(sender.send({"connu@exemple.fr", "Objet", "Texte", "", "x"}));
  ASSERT_TRUE(sink.wait_for(1));
}

TEST(SmtpSender, TemporaryRejectionIsTransient) {
  SmtpSink sink({"--fail-first", "1"});
  REQUIRE_SINK(sink);
  SmtpSender sender(config_for(sink));
  ASSERT_NO_FATAL_FAILURE(expect_failure(sender, "a@exemple.fr", false, "451"));
  const auto second = sender.send({"a@exemple.fr", "Objet", "Texte", "", "x"});
  EXPECT_TRUE(second) << second.error().message;
  EXPECT_TRUE(sink.wait_for(1));
}

TEST(SmtpSender, InvalidAddressIsRefusedBeforeConnecting) {
  SmtpConfig cfg;
  cfg.url = "smtp://127.0.0.1:" + std::to_string(testing::unused_port());
  SmtpSender sender(cfg);
  const auto r = sender.send({"a@exemple.fr>\r\nRCPT TO:<b@exemple.fr", "Objet", "Texte", "", "x"});
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().permanent);
  EXPECT_EQ(r.error().message, "invalid recipient address");
}

TEST(SmtpSender, AuthenticatesWhenConfigured) {
  SmtpSink sink({"--auth", "moncompte:s3cret"});
  REQUIRE_SINK(sink);
  auto cfg = config_for(sink);
  cfg.username = "moncompte";
  cfg.password = "s3cret";
  SmtpSender good(cfg);
  const auto ok = good.send({"a@exemple.fr", "Objet", "Texte", "", "x"});
  EXPECT_TRUE(ok) << ok.error().message;
  cfg.password = "wrong";
  SmtpSender bad(cfg);
  const auto r = bad.send({"a@exemple.fr", "Objet", "Texte", "", "x"});
  ASSERT_FALSE(r);
  EXPECT_FALSE(r.error().permanent);  // a configuration problem: keep the mail for later
  EXPECT_NE(r.error().message.find("535"), std::string::npos) << r.error().message;
  EXPECT_TRUE(sink.wait_for(1));
}

TEST(SmtpSender, TimesOutOnASilentServer) {
  SilentServer server;
  ASSERT_TRUE(server.ok());
  SmtpConfig cfg;
  cfg.url = server.url();
  cfg.timeout = std::chrono::milliseconds(300);
  SmtpSender sender(cfg);
  expect_failure(sender, "a@exemple.fr", false, "imeout");
}

TEST(SmtpSender, StopTokenAbortsATransfer) {
  SilentServer server;
  ASSERT_TRUE(server.ok());
  SmtpConfig cfg;
  cfg.url = server.url();
  cfg.timeout = std::chrono::hours(1);  // only the stop request can end it
  SmtpSender sender(cfg);
  std::stop_source stop;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stop.request_stop();
  });
  const auto r = sender.send({"a@exemple.fr", "Objet", "Texte", "", "x"}, stop.get_token());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("interrupted"), std::string::npos) << r.error().message;
}

// TLS: a throw-away certificate for 127.0.0.1 made with the openssl command.
class Certificate {
 public:
  Certificate() {
    const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
                            " -addext subjectAltName=IP:127.0.0.1 -keyout '" +
                            key().string() + "' -out '" + cert().string() + "' >/dev/null 2>&1";
    ok_ = std::system(cmd.c_str()) == 0;
  }
  bool ok() const { return ok_; }
  std::filesystem::path cert() const { return dir_.path() / "cert.pem"; }
  std::filesystem::path key() const { return dir_.path() / "key.pem"; }

 private:
  testing::TempDir dir_;
  bool ok_ = false;
};

TEST(SmtpSender, ImplicitTlsWithAVerifiedCertificate) {
  Certificate c;
  if (!c.ok()) GTEST_SKIP() << "openssl command not available";
  SmtpSink sink({"--tls-cert", c.cert().string(), "--tls-key", c.key().string(), "--implicit-tls"});
  REQUIRE_SINK(sink);
  auto cfg = config_for(sink);
  cfg.url = "smtps://127.0.0.1:" + std::to_string(sink.port());
  // Unknown authority: refused.
  SmtpSender untrusted(cfg);
  const auto refused = untrusted.send({"a@exemple.fr", "Objet", "Texte", "", "x"});
  ASSERT_FALSE(refused);
  EXPECT_FALSE(refused.error().permanent);
  // With the certificate as CA: sent.
  cfg.ca_file = c.cert().string();
  SmtpSender trusted(cfg);
  const auto r = trusted.send({"a@exemple.fr", "Objet é", "Texte", "", "x"});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(sink.wait_for(1));
  EXPECT_EQ(SmtpSink::decode(sink.messages().at(0))["subject"], "Objet é");
}

TEST(SmtpSender, RequiredStartTls) {
  Certificate c;
  if (!c.ok()) GTEST_SKIP() << "openssl command not available";
  SmtpSink plain;
  SmtpSink tls({"--tls-cert", c.cert().string(), "--tls-key", c.key().string()});
  REQUIRE_SINK(plain);
  REQUIRE_SINK(tls);
  auto cfg = config_for(plain);
  cfg.require_tls = true;
  cfg.ca_file = c.cert().string();
  // No STARTTLS offered: nothing is sent in clear.
  SmtpSender to_plain(cfg);
  EXPECT_FALSE(to_plain.send({"a@exemple.fr", "Objet", "Texte", "", "x"}));
  cfg.url = tls.url();
  SmtpSender to_tls(cfg);
  const auto r = to_tls.send({"a@exemple.fr", "Objet", "Texte", "", "x"});
  EXPECT_TRUE(r) << r.error().message;
  EXPECT_TRUE(tls.wait_for(1));
  EXPECT_TRUE(plain.messages().empty());
}

}  // namespace
}  // namespace mc::mail
