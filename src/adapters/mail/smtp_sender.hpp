#pragma once
// E-mail over SMTP with libcurl (SPEC §10; docs/adr/0180-smtp-with-libcurl.md).
#include <chrono>
#include <expected>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>

#include "core/outbox.hpp"

namespace mc::mail {

struct SendError {
  std::string message;     // English, for logs and the outbox row; never contains the body
  bool permanent = false;  // retrying cannot help (the recipient was refused, bad address)
};

// What the delivery worker sends through; SmtpSender in production, fakes in tests.
class Sender {
 public:
  virtual ~Sender() = default;
  // `stop` aborts a transfer in progress (the worker is shutting down).
  virtual std::expected<void, SendError> send(const outbox::Mail& mail, std::stop_token stop = {}) = 0;
};

struct SmtpConfig {
  // "smtp://host:port" (STARTTLS when offered, see require_tls) or "smtps://host:port"
  // (TLS from the first byte). A path sets the EHLO name: "smtp://relay:25/moncompte.example".
  std::string url = "smtp://127.0.0.1:25";
  std::string from_address = "assurance-maladie@info.ameli.fr";
  std::string from_name = "Assurance Maladie";
  std::string username;  // AUTH only when set
  std::string password;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds timeout{30'000};  // whole transfer; keep it below the outbox lease
  bool require_tls = false;  // smtp://: refuse to send unless STARTTLS succeeds
  bool verify_tls = true;    // check the server's certificate and name
  std::string ca_file;       // extra CA bundle (PEM); the system store otherwise
};

// One connection to the relay, reused between messages; calls are serialised by a mutex
// (give each worker its own sender for parallel sending).
class SmtpSender final : public Sender {
 public:
  explicit SmtpSender(SmtpConfig config);
  ~SmtpSender() override;
  SmtpSender(const SmtpSender&) = delete;
  SmtpSender& operator=(const SmtpSender&) = delete;

  // Builds the MIME message (mime::build_message, Date = now, a random Message-ID on the
  // sender's domain) and submits it. Errors: "connection refused …", "timeout …",
  // "SMTP 550 …" with the server's code; permanent when the address is invalid or the
  // server refused the recipient with 550/551/553.
  std::expected<void, SendError> send(const outbox::Mail& mail, std::stop_token stop = {}) override;

  const SmtpConfig& config() const { return config_; }

 private:
  SmtpConfig config_;
  std::mutex mutex_;
  void* curl_ = nullptr;  // CURL*, kept for connection reuse
};

}  // namespace mc::mail
