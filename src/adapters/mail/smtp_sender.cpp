#include "adapters/mail/smtp_sender.hpp"

#include <curl/curl.h>
#include <openssl/rand.h>

#include <cstring>
#include <stdexcept>

#include "adapters/mail/mime.hpp"

namespace mc::mail {
namespace {

void global_init() {
  // curl_global_init is not thread-safe; other adapters (oidc) call it too, which is fine:
  // it is reference-counted.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string random_hex(std::size_t bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  std::string out;
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 0x0f];
  }
  return out;
}

struct Upload {
  std::string_view data;
  std::size_t pos = 0;
};

std::size_t read_body(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, up->data.size() - up->pos);
  std::memcpy(buffer, up->data.data() + up->pos, n);
  up->pos += n;
  return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::stop_token*>(user)->stop_requested() ? 1 : 0;
}

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

SmtpSender::SmtpSender(SmtpConfig config) : config_(std::move(config)) {
  global_init();
  curl_ = curl_easy_init();
  if (!curl_) throw std::runtime_error("curl_easy_init failed");
}

SmtpSender::~SmtpSender() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

std::expected<void, SendError> SmtpSender::send(const outbox::Mail& mail, std::stop_token stop) {
  if (!mime::valid_address(mail.to)) return std::unexpected(SendError{"invalid recipient address", true});
  const auto at = config_.from_address.find('@');
  const std::string domain = at == std::string::npos ? "localhost" : config_.from_address.substr(at + 1);
  mime::Envelope env{
      .from_name = config_.from_name,
      .from_address = config_.from_address,
      .date = mime::rfc5322_date(std::chrono::system_clock::now()),
      .message_id = "<" + random_hex(16) + "@" + domain + ">",
      .boundary = "=_mc_" + random_hex(12),
  };
  const auto message = mime::build_message(mail, env);
  if (!message) return std::unexpected(SendError{message.error(), true});

  std::lock_guard lock(mutex_);
  CURL* c = static_cast<CURL*>(curl_);
  // Options are set afresh each time; reset keeps the open connection for reuse.
  curl_easy_reset(c);
  Upload upload{*message};
  char errbuf[CURL_ERROR_SIZE] = {};
  const std::string mail_from = "<" + config_.from_address + ">";
  std::unique_ptr<curl_slist, SlistDeleter> rcpt(curl_slist_append(nullptr, ("<" + mail.to + ">").c_str()));

  curl_easy_setopt(c, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");  // a typo in the config cannot read files
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_body);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message->size()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_USE_SSL, config_.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, config_.verify_tls ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, config_.verify_tls ? 2L : 0L);
  if (!config_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, config_.ca_file.c_str());
  if (!config_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, config_.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &stop);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);

  const CURLcode rc = curl_easy_perform(c);
  long smtp_code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &smtp_code);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);  // errbuf goes out of scope
  if (rc == CURLE_OK) return {};

  if (rc == CURLE_ABORTED_BY_CALLBACK) return std::unexpected(SendError{"interrupted: the worker is stopping", false});
  std::string text = curl_easy_strerror(rc);
  if (errbuf[0] != '\0') text += std::string(": ") + errbuf;
  if (smtp_code >= 400) text += " (SMTP " + std::to_string(smtp_code) + ")";
  // Only a refused recipient is final; a refused sender or AUTH is our configuration, which
  // someone will fix: those mails must still go out then.
  const bool refused_rcpt = std::strncmp(errbuf, "RCPT failed", 11) == 0;
  const bool permanent = refused_rcpt && (smtp_code == 550 || smtp_code == 551 || smtp_code == 553);
  return std::unexpected(SendError{std::move(text), permanent});
}

}  // namespace mc::mail
