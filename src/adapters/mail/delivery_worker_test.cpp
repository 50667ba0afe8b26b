// DeliveryWorker with an in-memory OutboxStore, a hand-moved clock and a real SMTP server.
#include "adapters/mail/delivery_worker.hpp"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <type_traits>

#include "adapters/mail/message_samples.hpp"
#include "adapters/mail/test_support.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/outbox_store.hpp"

namespace mc::mail {
namespace {

using testing::SmtpSink;
using namespace std::chrono_literals;

const Instant kT0 = from_millis(1741000000000);

class ManualClock final : public ports::Clock {
 public:
  Instant now() const override { return from_millis(ms_.load()); }
  void advance(Duration d) { ms_ += d.count(); }

 private:
  std::atomic<std::int64_t> ms_{to_millis(kT0)};
};

// The OutboxStore contract, in memory: oldest due first, a claim moves next_attempt_at
// forward by the lease, failures count attempts.
class FakeOutboxStore final : public ports::OutboxStore {
 public:
  struct Row {
    std::optional<outbox::Mail> mail;
    std::optional<outbox::Letter> letter;
    int attempts = 0;
    Instant next_attempt_at;
    std::string status = "pending";  // pending, sent, failed
    std::string last_error, file_name;
    std::vector<Instant> retries;    // retry_at of each failure
  };

  void enqueue_mail(const outbox::Mail& mail, Instant now) override {
    std::lock_guard lock(mutex_);
    rows_[++next_id_] = Row{.mail = mail, .next_attempt_at = now};
  }
  void enqueue_letter(const outbox::Letter& letter, Instant now) override {
    std::lock_guard lock(mutex_);
    rows_[++next_id_] = Row{.letter = letter, .next_attempt_at = now};
  }
  std::optional<outbox::PendingMail> claim_mail(Instant now, Duration lease) override {
    return claim<outbox::PendingMail>(now, lease, &Row::mail);
  }
  std::optional<outbox::PendingLetter> claim_letter(Instant now, Duration lease) override {
    return claim<outbox::PendingLetter>(now, lease, &Row::letter);
  }
  void mail_done(std::int64_t id, Instant) override { done(id, ""); }
  void letter_done(std::int64_t id, Instant, const std::string& file) override { done(id, file); }
  void mail_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) override {
    failed(id, error, retry_at, give_up);
  }
  void letter_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) override {
    failed(id, error, retry_at, give_up);
  }
  Counts mail_counts() override { return counts(true); }
  Counts letter_counts() override { return counts(false); }

  Row row(std::int64_t id) {
    std::lock_guard lock(mutex_);
    return rows_.at(id);
  }
  void set_down(bool down) { down_ = down; }

  // Polls `pred(row)` until true; false after a generous deadline (never asserts on time).
  bool wait_until(std::int64_t id, const std::function<bool(const Row&)>& pred) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred(row(id))) return true;
      std::this_thread::sleep_for(5ms);
    }
    return false;
  }

 private:
  void check_up() {
    if (down_) throw std::runtime_error("database is locked");
  }
  // The oldest due row of the kind `item` (mails or letters), leased until now + lease.
  template <class Pending, class Item>
  std::optional<Pending> claim(Instant now, Duration lease, std::optional<Item> Row::*item) {
    std::lock_guard lock(mutex_);
    check_up();
    if (auto* r = due(now, std::is_same_v<Item, outbox::Mail>)) {
      r->second.next_attempt_at = now + lease;
      return Pending{r->first, *(r->second.*item), r->second.attempts};
    }
    return std::nullopt;
  }
  std::pair<const std::int64_t, Row>* due(Instant now, bool mails) {
    for (auto& r : rows_)
      if (r.second.status == "pending" && r.second.mail.has_value() == mails && r.second.next_attempt_at <= now)
        return &r;
    return nullptr;
  }
  void done(std::int64_t id, const std::string& file) {
    std::lock_guard lock(mutex_);
    check_up();
    auto& r = rows_.at(id);
    r.status = "sent";
    r.file_name = file;
  }
  void failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) {
    std::lock_guard lock(mutex_);
    check_up();
    auto& r = rows_.at(id);
    ++r.attempts;
    r.last_error = error;
    r.next_attempt_at = retry_at;
    r.retries.push_back(retry_at);
    if (give_up) r.status = "failed";
  }
  Counts counts(bool mails) {
    std::lock_guard lock(mutex_);
    Counts c;
    for (auto& [id, r] : rows_) {
      if (r.mail.has_value() != mails) continue;
      if (r.status == "pending") ++c.pending;
      if (r.status == "failed") ++c.failed;
      if (r.status == "sent") ++c.sent;
    }
    return c;
  }

  std::mutex mutex_;
  std::map<std::int64_t, Row> rows_;
  std::int64_t next_id_ = 0;
  std::atomic<bool> down_{false};
};

using testing::sample_mail;

WorkerOptions fast() {
  WorkerOptions o;
  o.poll_interval = 10ms;
  o.storage_retry = 10ms;
  return o;
}

SmtpConfig smtp(std::string url) {
  SmtpConfig c;
  c.url = std::move(url);
  c.connect_timeout = 5s;
  c.timeout = 20s;
  return c;
}

#define REQUIRE_SINK(sink) \
  if (!(sink).ok()) GTEST_SKIP() << (sink).error()

TEST(DeliveryWorker, SendsQueuedMailsAndMarksThemSent) {
  SmtpSink sink;
  REQUIRE_SINK(sink);
  FakeOutboxStore store;
  ManualClock clock;
  SmtpSender sender(smtp(sink.url()));
  store.enqueue_mail(sample_mail("a@exemple.fr"), kT0);
  store.enqueue_mail(sample_mail("b@exemple.fr"), kT0);
  DeliveryWorker worker(store, clock, &sender, {}, fast());
  worker.start();
  ASSERT_TRUE(sink.wait_for(2));
  ASSERT_TRUE(store.wait_until(2, [](const auto& r) { return r.status == "sent"; }));
  EXPECT_EQ(store.row(1).status, "sent");
  worker.stop();
  EXPECT_EQ(worker.stats().mails_sent, 2u);
  EXPECT_EQ(worker.stats().mail_failures, 0u);
  EXPECT_EQ(SmtpSink::decode(sink.messages()[0])["to"], "a@exemple.fr");
  EXPECT_EQ(store.mail_counts().sent, 2);
}

TEST(DeliveryWorker, RetriesWithBackoffAndDeliversOnceTheServerIsUp) {
  const int port = testing::unused_port();
  FakeOutboxStore store;
  ManualClock clock;
  SmtpSender sender(smtp("smtp://127.0.0.1:" + std::to_string(port)));
  std::vector<std::string> events;
  std::mutex events_mutex;
  DeliveryWorker worker(store, clock, &sender, {}, fast(), [&](const DeliveryEvent& e) {
    std::lock_guard lock(events_mutex);
    events.push_back(std::string(e.what) + ":" + std::to_string(e.attempt));
  });
  store.enqueue_mail(sample_mail(), kT0);
  worker.start();

  // Server down: one failed attempt, due again after backoff(1) = 10 s.
  ASSERT_TRUE(store.wait_until(1, [](const auto& r) { return r.attempts == 1; }));
  auto row = store.row(1);
  EXPECT_EQ(row.status, "pending");
  EXPECT_EQ(row.next_attempt_at, kT0 + outbox::backoff(1));
  EXPECT_EQ(row.next_attempt_at, kT0 + 10s);
  EXPECT_NE(row.last_error.find("connect"), std::string::npos) << row.last_error;
  // The clock has not moved: it is not tried again however often the worker looks.
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(store.row(1).attempts, 1);

  SmtpSink sink({}, port);
  REQUIRE_SINK(sink);
  clock.advance(10s);
  worker.wake();
  ASSERT_TRUE(sink.wait_for(1));
  ASSERT_TRUE(store.wait_until(1, [](const auto& r) { return r.status == "sent"; }));
  worker.stop();
  EXPECT_EQ(store.row(1).attempts, 1);  // one failure, then success
  const auto s = worker.stats();
  EXPECT_EQ(s.mail_failures, 1u);
  EXPECT_EQ(s.mails_sent, 1u);
  EXPECT_EQ(s.mails_given_up, 0u);
  std::lock_guard lock(events_mutex);
  EXPECT_EQ(events, (std::vector<std::string>{"mail_retry:1", "mail_sent:2"}));
}

TEST(DeliveryWorker, GivesUpAfterTheLastAttempt) {
  FakeOutboxStore store;
  ManualClock clock;
  SmtpSender sender(smtp("smtp://127.0.0.1:" + std::to_string(testing::unused_port())));
  auto options = fast();
  options.max_attempts = 4;
  DeliveryWorker worker(store, clock, &sender, {}, options);
  store.enqueue_mail(sample_mail(), kT0);
  for (int i = 1; i <= 4; ++i) {
    EXPECT_EQ(worker.drain(), 1) << i;
    EXPECT_EQ(worker.drain(), 0) << "not due again before its backoff";
    clock.advance(outbox::backoff(i));
  }
  EXPECT_EQ(worker.drain(), 0);
  const auto row = store.row(1);
  EXPECT_EQ(row.status, "failed");
  EXPECT_EQ(row.attempts, 4);
  // 10 s, 20 s, 40 s between attempts.
  ASSERT_EQ(row.retries.size(), 4u);
  EXPECT_EQ(row.retries[1] - row.retries[0], 20s);
  EXPECT_EQ(row.retries[2] - row.retries[1], 40s);
  EXPECT_EQ(worker.stats().mails_given_up, 1u);
  EXPECT_EQ(worker.stats().mail_failures, 4u);
  EXPECT_EQ(store.mail_counts().failed, 1);
}

TEST(DeliveryWorker, RefusedRecipientIsGivenUpAtOnce) {
  SmtpSink sink({"--reject-rcpt", "^inconnu@"});
  REQUIRE_SINK(sink);
  FakeOutboxStore store;
  ManualClock clock;
  SmtpSender sender(smtp(sink.url()));
  DeliveryWorker worker(store, clock, &sender, {}, fast());
  store.enqueue_mail(sample_mail("inconnu@exemple.fr"), kT0);
  EXPECT_EQ(worker.drain(), 1);
  EXPECT_EQ(store.row(1).status, "failed");
  EXPECT_EQ(store.row(1).attempts, 1);
  EXPECT_EQ(worker.stats().mails_given_up, 1u);
}

TEST(DeliveryWorker, ALeaseLeftByACrashedProcessRunsOutAndTheMailGoesOut) {
  SmtpSink sink;
  REQUIRE_SINK(sink);
  FakeOutboxStore store;
  ManualClock clock;
  store.enqueue_mail(sample_mail(), kT0);
  // A previous process claimed it, then died (kill -9) before recording anything.
  ASSERT_TRUE(store.claim_mail(kT0, 60s));
  SmtpSender sender(smtp(sink.url()));
  DeliveryWorker worker(store, clock, &sender, {}, fast());
  EXPECT_EQ(worker.drain(), 0);  // still leased
  clock.advance(60s);
  EXPECT_EQ(worker.drain(), 1);
  EXPECT_EQ(store.row(1).status, "sent");
  EXPECT_TRUE(sink.wait_for(1));
}

TEST(DeliveryWorker, StorageDownIsSurvivedAndRetried) {
  SmtpSink sink;
  REQUIRE_SINK(sink);
  FakeOutboxStore store;
  ManualClock clock;
  SmtpSender sender(smtp(sink.url()));
  store.enqueue_mail(sample_mail(), kT0);
  store.set_down(true);
  DeliveryWorker worker(store, clock, &sender, {}, fast());
  worker.start();
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (worker.stats().storage_errors < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  EXPECT_GE(worker.stats().storage_errors, 3u);
  store.set_down(false);
  ASSERT_TRUE(store.wait_until(1, [](const auto& r) { return r.status == "sent"; }));
  EXPECT_TRUE(sink.wait_for(1));
}

TEST(DeliveryWorker, WakeSendsWithoutWaitingForThePoll) {
  SmtpSink sink;
  REQUIRE_SINK(sink);
  FakeOutboxStore store;
  ManualClock clock;
  SmtpSender sender(smtp(sink.url()));
  auto options = fast();
  options.poll_interval = std::chrono::hours(1);  // only wake() can make it look again
  DeliveryWorker worker(store, clock, &sender, {}, options);
  worker.start();
  std::this_thread::sleep_for(50ms);  // let it find nothing and go to sleep
  store.enqueue_mail(sample_mail(), kT0);
  worker.wake();
  ASSERT_TRUE(sink.wait_for(1));
  ASSERT_TRUE(store.wait_until(1, [](const auto& r) { return r.status == "sent"; }));
}

TEST(DeliveryWorker, StopReturnsWhileIdleAndWhileSending) {
  FakeOutboxStore store;
  ManualClock clock;
  // Idle, with a poll interval of an hour: stop() must not wait for it.
  {
    SmtpSender sender(smtp("smtp://127.0.0.1:1"));
    auto options = fast();
    options.poll_interval = std::chrono::hours(1);
    DeliveryWorker worker(store, clock, &sender, [](const outbox::Letter&) { return std::string("x.pdf"); },
                          options);
    worker.start();
    std::this_thread::sleep_for(20ms);
    worker.stop();
  }
  // In the middle of an SMTP exchange with a server that never answers.
  testing::SilentServer server;
  ASSERT_TRUE(server.ok());
  auto cfg = smtp(server.url());
  cfg.timeout = std::chrono::hours(1);
  SmtpSender sender(cfg);
  store.enqueue_mail(sample_mail(), kT0);
  DeliveryWorker worker(store, clock, &sender, {}, fast());
  worker.start();
  ASSERT_TRUE(store.wait_until(1, [](const auto& r) { return r.next_attempt_at > kT0; }));  // claimed
  std::this_thread::sleep_for(50ms);
  worker.stop();
  // Released for the next start rather than left leased, and not counted as a failure.
  const auto row = store.row(1);
  EXPECT_EQ(row.status, "pending");
  EXPECT_EQ(row.next_attempt_at, kT0);
  EXPECT_EQ(worker.stats().mail_failures, 0u);
}

// --- Letters ---------------------------------------------------------------------------------

outbox::Letter sample_letter() { return testing::sample_code_letter(); }

TEST(DeliveryWorker, WritesLettersAndRecordsTheFileName) {
  FakeOutboxStore store;
  ManualClock clock;
  std::vector<std::string> written;
  DeliveryWorker worker(store, clock, nullptr, [&](const outbox::Letter& l) -> std::expected<std::string, std::string> {
    written.push_back(l.code);
    return "lettre-" + std::to_string(written.size()) + ".pdf";
  });
  store.enqueue_letter(sample_letter(), kT0);
  EXPECT_EQ(worker.drain(), 1);
  EXPECT_EQ(store.row(1).status, "sent");
  EXPECT_EQ(store.row(1).file_name, "lettre-1.pdf");
  EXPECT_EQ(written, std::vector<std::string>{"K7MP-4XRT"});
  EXPECT_EQ(worker.stats().letters_written, 1u);
}

TEST(DeliveryWorker, LetterFailuresAndExceptionsAreRetried) {
  FakeOutboxStore store;
  ManualClock clock;
  int calls = 0;
  DeliveryWorker worker(store, clock, nullptr, [&](const outbox::Letter&) -> std::expected<std::string, std::string> {
    ++calls;
    if (calls == 1) return std::unexpected("disk full");
    if (calls == 2) throw std::runtime_error("boom");
    return "ok.pdf";
  });
  store.enqueue_letter(sample_letter(), kT0);
  EXPECT_EQ(worker.drain(), 1);
  EXPECT_EQ(store.row(1).last_error, "disk full");
  clock.advance(outbox::backoff(1));
  EXPECT_EQ(worker.drain(), 1);
  EXPECT_NE(store.row(1).last_error.find("boom"), std::string::npos);
  EXPECT_EQ(store.row(1).next_attempt_at, clock.now() + outbox::backoff(2));
  clock.advance(outbox::backoff(2));
  EXPECT_EQ(worker.drain(), 1);
  EXPECT_EQ(store.row(1).status, "sent");
  EXPECT_EQ(worker.stats().letter_failures, 2u);
}

TEST(DeliveryWorker, MailsAndLettersRunOnTheirOwnThreads) {
  SmtpSink sink;
  REQUIRE_SINK(sink);
  FakeOutboxStore store;
  ManualClock clock;
  SmtpSender sender(smtp(sink.url()));
  DeliveryWorker worker(store, clock, &sender,
                        [](const outbox::Letter&) -> std::expected<std::string, std::string> { return "l.pdf"; },
                        fast());
  store.enqueue_mail(sample_mail(), kT0);
  store.enqueue_letter(sample_letter(), kT0);
  worker.start();
  ASSERT_TRUE(store.wait_until(1, [](const auto& r) { return r.status == "sent"; }));
  ASSERT_TRUE(store.wait_until(2, [](const auto& r) { return r.status == "sent"; }));
  EXPECT_EQ(store.row(2).file_name, "l.pdf");
}

}  // namespace
}  // namespace mc::mail
