#pragma once
// Background delivery of the durable outboxes (SPEC §10): claims what is due, sends the
// e-mail or writes the letter, records the outcome; failures retry with outbox::backoff().
//
// Delivery is at least once: an item is leased while it is being handled, so if the process
// dies (kill -9) before recording the outcome, the lease runs out and the item is handled
// again after restart; a crash between "sent" and "recorded" may therefore send it twice.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <expected>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "adapters/mail/smtp_sender.hpp"
#include "core/outbox.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/outbox_store.hpp"

namespace mc::mail {

// Writes one letter to the print outbox; returns the file name, or an error (English, for
// logs). See letter_writer.hpp for the PDF one.
using LetterWriter = std::function<std::expected<std::string, std::string>(const outbox::Letter&)>;

struct WorkerOptions {
  Duration poll_interval{500};     // sleep when nothing is due (wake() cuts it short)
  Duration lease{60'000};          // longer than SmtpConfig::timeout
  Duration storage_retry{2'000};   // sleep after the store threw (database down)
  int max_attempts = outbox::kMaxAttempts;
};

// Monotonic counters, for /metrics.
struct DeliveryStats {
  std::uint64_t mails_sent = 0;
  std::uint64_t mail_failures = 0;   // failed attempts (each retry counts)
  std::uint64_t mails_given_up = 0;  // status "failed": needs a human
  std::uint64_t letters_written = 0;
  std::uint64_t letter_failures = 0;
  std::uint64_t letters_given_up = 0;
  std::uint64_t storage_errors = 0;  // exceptions from the store (or anything unexpected)
};

// What happened, for logs. No address, body or code in it: `kind` is Mail::kind/Letter::kind.
struct DeliveryEvent {
  std::string_view what;  // mail_sent, mail_retry, mail_given_up, letter_written, letter_retry,
                          // letter_given_up, storage_error
  std::int64_t id = 0;
  int attempt = 0;        // 1 for the first try
  std::string_view kind;
  std::string_view detail;  // error text, or the letter's file name
};

class DeliveryWorker {
 public:
  // `sender` may be null (no e-mail thread), `write_letter` empty (no letter thread). The
  // store, clock and sender must outlive the worker. The store is used from two threads.
  DeliveryWorker(ports::OutboxStore& store, const ports::Clock& clock, Sender* sender, LetterWriter write_letter,
                 WorkerOptions options = {}, std::function<void(const DeliveryEvent&)> on_event = {});
  ~DeliveryWorker();  // stop()
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  void start();  // starts the threads; no-op if running
  void stop();   // asks them to stop (aborting an SMTP transfer in progress) and joins
  void wake();   // something was just queued: look now rather than at the next poll

  // Handles everything due at clock.now() on the calling thread, then returns how many items
  // were handled (sent, written or failed). For tests and one-shot commands; store errors
  // propagate. Do not call while started.
  int drain();

  DeliveryStats stats() const;

 private:
  enum class Queue { mail, letter };
  void run(std::stop_token stop, Queue queue);
  bool step(Queue queue, std::stop_token stop);  // false when nothing was due
  bool step_mail(std::stop_token stop);
  bool step_letter();
  void emit(std::string_view what, std::int64_t id, int attempt, std::string_view kind, std::string_view detail);

  ports::OutboxStore& store_;
  const ports::Clock& clock_;
  Sender* sender_;
  LetterWriter write_letter_;
  WorkerOptions options_;
  std::function<void(const DeliveryEvent&)> on_event_;

  std::atomic<std::uint64_t> mails_sent_{0}, mail_failures_{0}, mails_given_up_{0};
  std::atomic<std::uint64_t> letters_written_{0}, letter_failures_{0}, letters_given_up_{0};
  std::atomic<std::uint64_t> storage_errors_{0};

  std::mutex mutex_;
  std::condition_variable_any cv_;
  std::uint64_t wakeups_ = 0;
  std::jthread mail_thread_, letter_thread_;
};

}  // namespace mc::mail
