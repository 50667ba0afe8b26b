#include "adapters/mail/delivery_worker.hpp"

#include <exception>

#include "core/ports/clock.hpp"
#include "core/ports/outbox_store.hpp"

namespace mc::mail {

DeliveryWorker::DeliveryWorker(ports::OutboxStore& store, const ports::Clock& clock, Sender* sender,
                               LetterWriter write_letter, WorkerOptions options,
                               std::function<void(const DeliveryEvent&)> on_event)
    : store_(store),
      clock_(clock),
      sender_(sender),
      write_letter_(std::move(write_letter)),
      options_(options),
      on_event_(std::move(on_event)) {}

DeliveryWorker::~DeliveryWorker() { stop(); }

void DeliveryWorker::start() {
  if (sender_ && !mail_thread_.joinable())
    mail_thread_ = std::jthread([this](std::stop_token stop) { run(stop, Queue::mail); });
  if (write_letter_ && !letter_thread_.joinable())
    letter_thread_ = std::jthread([this](std::stop_token stop) { run(stop, Queue::letter); });
}

void DeliveryWorker::stop() {
  // request_stop wakes a thread waiting in pause() (condition_variable_any + stop_token) and
  // makes SmtpSender abort a transfer in progress.
  for (auto* t : {&mail_thread_, &letter_thread_}) t->request_stop();
  for (auto* t : {&mail_thread_, &letter_thread_})
    if (t->joinable()) t->join();
  mail_thread_ = {};
  letter_thread_ = {};
}

void DeliveryWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wakeups_;
  }
  cv_.notify_all();
}

DeliveryStats DeliveryWorker::stats() const {
  return {mails_sent_.load(),      mail_failures_.load(),    mails_given_up_.load(), letters_written_.load(),
          letter_failures_.load(), letters_given_up_.load(), storage_errors_.load()};
}

int DeliveryWorker::drain() {
  int handled = 0;
  if (sender_)
    while (step(Queue::mail, {})) ++handled;
  if (write_letter_)
    while (step(Queue::letter, {})) ++handled;
  return handled;
}

void DeliveryWorker::run(std::stop_token stop, Queue queue) {
  while (!stop.stop_requested()) {
    std::uint64_t seen;
    {
      std::lock_guard lock(mutex_);
      seen = wakeups_;  // read before looking, so a wake() during the look is not lost
    }
    Duration wait = Duration::zero();
    try {
      if (!step(queue, stop)) wait = options_.poll_interval;
    } catch (const std::exception& e) {
      // The store is down (or anything else went wrong): never take the process with us.
      ++storage_errors_;
      emit("storage_error", 0, 0, queue == Queue::mail ? "mail" : "letter", e.what());
      wait = options_.storage_retry;
    } catch (...) {
      ++storage_errors_;
      emit("storage_error", 0, 0, queue == Queue::mail ? "mail" : "letter", "unknown exception");
      wait = options_.storage_retry;
    }
    if (wait == Duration::zero()) continue;
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, stop, wait, [&] { return wakeups_ != seen; });
  }
}

bool DeliveryWorker::step(Queue queue, std::stop_token stop) {
  return queue == Queue::mail ? step_mail(stop) : step_letter();
}

bool DeliveryWorker::step_mail(std::stop_token stop) {
  auto item = store_.claim_mail(clock_.now(), options_.lease);
  if (!item) return false;
  const int attempt = item->attempts + 1;

  std::expected<void, SendError> sent;
  try {
    sent = sender_->send(item->mail, stop);
  } catch (const std::exception& e) {
    sent = std::unexpected(SendError{std::string("sender threw: ") + e.what(), false});
  }
  const Instant now = clock_.now();
  if (sent) {
    store_.mail_done(item->id, now);
    ++mails_sent_;
    emit("mail_sent", item->id, attempt, item->mail.kind, {});
    return true;
  }
  if (stop.stop_requested() && !sent.error().permanent) {
    // Interrupted by shutdown: not the mail's fault, due again at once after restart.
    store_.mail_failed(item->id, sent.error().message, now, false);
    return true;
  }
  const bool give_up = sent.error().permanent || attempt >= options_.max_attempts;
  store_.mail_failed(item->id, sent.error().message, now + outbox::backoff(attempt), give_up);
  ++mail_failures_;
  if (give_up) ++mails_given_up_;
  emit(give_up ? "mail_given_up" : "mail_retry", item->id, attempt, item->mail.kind, sent.error().message);
  return true;
}

bool DeliveryWorker::step_letter() {
  auto item = store_.claim_letter(clock_.now(), options_.lease);
  if (!item) return false;
  const int attempt = item->attempts + 1;

  std::expected<std::string, std::string> written;
  try {
    written = write_letter_(item->letter);
  } catch (const std::exception& e) {
    written = std::unexpected(std::string("letter writer threw: ") + e.what());
  }
  const Instant now = clock_.now();
  if (written) {
    store_.letter_done(item->id, now, *written);
    ++letters_written_;
    emit("letter_written", item->id, attempt, item->letter.kind, *written);
    return true;
  }
  const bool give_up = attempt >= options_.max_attempts;
  store_.letter_failed(item->id, written.error(), now + outbox::backoff(attempt), give_up);
  ++letter_failures_;
  if (give_up) ++letters_given_up_;
  emit(give_up ? "letter_given_up" : "letter_retry", item->id, attempt, item->letter.kind, written.error());
  return true;
}

void DeliveryWorker::emit(std::string_view what, std::int64_t id, int attempt, std::string_view kind,
                          std::string_view detail) {
  if (!on_event_) return;
  try {
    on_event_(DeliveryEvent{what, id, attempt, kind, detail});
  } catch (...) {
    // Logging must not stop delivery.
  }
}

}  // namespace mc::mail
