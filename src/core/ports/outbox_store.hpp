#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/outbox.hpp"
#include "core/time.hpp"

namespace mc::ports {

// Durable e-mail and letter outboxes, drained by delivery workers (several processes may run
// one each: a row is claimed with a lease, so it is sent by one worker at a time).
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  virtual void enqueue_mail(const outbox::Mail& mail, Instant now) = 0;
  virtual void enqueue_letter(const outbox::Letter& letter, Instant now) = 0;
  // The oldest due item, leased until now + lease (its next_attempt_at moves forward).
  [[nodiscard]] virtual std::optional<outbox::PendingMail> claim_mail(Instant now, Duration lease) = 0;
  [[nodiscard]] virtual std::optional<outbox::PendingLetter> claim_letter(Instant now, Duration lease) = 0;
  virtual void mail_done(std::int64_t id, Instant now) = 0;
  virtual void letter_done(std::int64_t id, Instant now, const std::string& file_name) = 0;
  // Another try at `retry_at`, or given up ("failed") when `give_up`.
  virtual void mail_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) = 0;
  virtual void letter_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) = 0;
  struct Counts {
    std::int64_t pending = 0, failed = 0, sent = 0;
  };
  [[nodiscard]] virtual Counts mail_counts() = 0;
  [[nodiscard]] virtual Counts letter_counts() = 0;
};

}  // namespace mc::ports
