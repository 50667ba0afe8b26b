#pragma once
// The SQLite OutboxStore port (sqlite_recovery.cpp), over the connection pool its SqliteStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "core/ports/outbox_store.hpp"

namespace mc::storage {

class SqliteOutboxStore final : public ports::OutboxStore, SqlitePort {
 public:
  explicit SqliteOutboxStore(SqlitePool& pool) : SqlitePort(pool) {}

  void enqueue_mail(const outbox::Mail& mail, Instant now) override;
  void enqueue_letter(const outbox::Letter& letter, Instant now) override;
  std::optional<outbox::PendingMail> claim_mail(Instant now, Duration lease) override;
  std::optional<outbox::PendingLetter> claim_letter(Instant now, Duration lease) override;
  void mail_done(std::int64_t id, Instant now) override;
  void letter_done(std::int64_t id, Instant now, const std::string& file_name) override;
  void mail_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) override;
  void letter_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) override;
  Counts mail_counts() override;
  Counts letter_counts() override;
};

}  // namespace mc::storage
