#include "adapters/storage/postgres/pg_db.hpp"
#include "adapters/storage/postgres/pg_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace mc::storage::pg {
namespace {

TEST(Classify, LostConnectionIsUnavailableWhateverTheState) {
  EXPECT_EQ(classify("", false), Failure::unavailable);
  EXPECT_EQ(classify("23505", false), Failure::unavailable);
}

TEST(Classify, ServerGoingAwayIsUnavailable) {
  for (auto s : {"08006", "08001", "08P01", "57P01", "57P02", "57P03", "57014", "53300", "53100", "58030", "25006", "55P03"})
    EXPECT_EQ(classify(s, true), Failure::unavailable) << s;
}

TEST(Classify, SerializationFailureAndDeadlockAreRetried) {
  EXPECT_EQ(classify("40001", true), Failure::retry);
  EXPECT_EQ(classify("40P01", true), Failure::retry);
}

TEST(Classify, ConstraintViolationsAndBugsAreErrors) {
  for (auto s : {"23503", "23505", "42601", "42P01", "22P02", ""}) EXPECT_EQ(classify(s, true), Failure::other) << s;
}

std::string value_of(const ConnParams& p, const std::string& key) {
  auto it = std::find_if(p.rbegin(), p.rend(), [&](const auto& kv) { return kv.first == key; });
  return it == p.rend() ? std::string() : it->second;
}

TEST(ConnectionParams, UrlWinsOverDefaults) {
  auto p = connection_params("postgresql://mc:secret@127.0.0.1:5499/moncompte?connect_timeout=2&application_name=x");
  EXPECT_EQ(value_of(p, "host"), "127.0.0.1");
  EXPECT_EQ(value_of(p, "port"), "5499");
  EXPECT_EQ(value_of(p, "dbname"), "moncompte");
  EXPECT_EQ(value_of(p, "user"), "mc");
  EXPECT_EQ(value_of(p, "password"), "secret");
  EXPECT_EQ(value_of(p, "connect_timeout"), "2");
  EXPECT_EQ(value_of(p, "application_name"), "x");
  EXPECT_EQ(std::count_if(p.begin(), p.end(), [](const auto& kv) { return kv.first == "connect_timeout"; }), 1);
}

TEST(ConnectionParams, DefaultsApplyAndOptionsAreAppended) {
  auto plain = connection_params("postgresql://127.0.0.1/moncompte");
  EXPECT_EQ(value_of(plain, "connect_timeout"), "3");  // storage.wait_ms's default, in seconds
  EXPECT_NE(value_of(plain, "options").find("statement_timeout="), std::string::npos);

  auto p = connection_params("postgresql://127.0.0.1/moncompte?options=-csearch_path%3Dtenant1");
  auto options = value_of(p, "options");
  EXPECT_NE(options.find("statement_timeout="), std::string::npos);
  EXPECT_NE(options.find("-csearch_path=tenant1"), std::string::npos);
  EXPECT_GT(options.find("-csearch_path"), options.find("statement_timeout"));  // the URL's come last and win
}

TEST(ConnectionParams, StorageWaitBoundsConnectStatementsAndLocks) {
  auto p = connection_params("postgresql://127.0.0.1/moncompte", std::chrono::milliseconds(1500));
  EXPECT_EQ(value_of(p, "connect_timeout"), "2");  // libpq's minimum, whole seconds
  auto options = value_of(p, "options");
  EXPECT_NE(options.find("statement_timeout=1500"), std::string::npos) << options;
  EXPECT_NE(options.find("lock_timeout=1500"), std::string::npos) << options;
  EXPECT_EQ(value_of(connection_params("postgresql://h/db", std::chrono::milliseconds(4200)), "connect_timeout"), "5");
}

TEST(ConnectionParams, MultiHostUrlsPassThroughUntouched) {
  auto p = connection_params("postgresql://db1:5432,db2:5432/moncompte?target_session_attrs=read-write");
  EXPECT_EQ(value_of(p, "host"), "db1,db2");
  EXPECT_EQ(value_of(p, "port"), "5432,5432");
  EXPECT_EQ(value_of(p, "target_session_attrs"), "read-write");
}

TEST(CauseOf, SaysWhatFailed) {
  using C = StorageError::Cause;
  EXPECT_EQ(cause_of("", false), C::connection_lost);
  EXPECT_EQ(cause_of("53100", true), C::full);
  EXPECT_EQ(cause_of("25006", true), C::read_only);
  EXPECT_EQ(cause_of("55P03", true), C::locked);
  EXPECT_EQ(cause_of("57014", true), C::locked);
  EXPECT_EQ(cause_of("57P01", true), C::connection_lost);
  EXPECT_EQ(cause_of("08006", true), C::connection_lost);
  EXPECT_EQ(cause_of("58030", true), C::io);
}

TEST(StorageErrorType, IsAStdExceptionCarryingWhatFailed) {
  try {
    throw StorageError(StorageError::Cause::full, "postgresql", "statement", "[53100] could not extend file");
  } catch (const std::exception& e) {
    auto* s = dynamic_cast<const StorageError*>(&e);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->backend(), "postgresql");
    EXPECT_EQ(s->operation(), "statement");
    EXPECT_EQ(to_string(s->cause()), "full");
    EXPECT_NE(std::string(e.what()).find("could not extend file"), std::string::npos);
  }
}

// No server needed: nothing listens on port 1, so connecting is refused at once.
TEST(Pool, AfterAFailedConnectItBacksOffThenTriesAgain) {
  PoolOptions options;
  options.backoff_min = std::chrono::milliseconds(200);
  options.backoff_max = std::chrono::milliseconds(200);
  Pool pool(connection_params("postgresql://127.0.0.1:1/none"), options);
  auto failure = [&]() -> std::string {
    try {
      (void)pool.acquire();
    } catch (const StorageError& e) {
      EXPECT_EQ(e.cause(), StorageError::Cause::connection_lost);
      return e.what();
    }
    ADD_FAILURE() << "connected to nothing";
    return {};
  };
  EXPECT_EQ(failure().find("backing off"), std::string::npos);  // a real attempt
  EXPECT_NE(failure().find("backing off"), std::string::npos);  // answered at once meanwhile
  EXPECT_EQ(pool.stats().connect_failures, 1u);
  EXPECT_EQ(pool.stats().open, 0u);
  // After the pause the next caller tries again (polled: the pause is a lower bound only).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (pool.stats().connect_failures < 2 && std::chrono::steady_clock::now() < deadline) {
    (void)failure();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(pool.stats().connect_failures, 2u);
}

TEST(ConnectionParams, BadUrlIsAConfigurationErrorWithoutThePassword) {
  try {
    (void)connection_params("postgresql://mc:hunter2@127.0.0.1/db?nosuchoption=1");
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
    EXPECT_NE(what.find("nosuchoption"), std::string::npos) << what;
  }
}

TEST(Redact, HidesOnlyThePassword) {
  EXPECT_EQ(redact("postgresql://mc:secret@db.internal:5432/moncompte"), "postgresql://mc:***@db.internal:5432/moncompte");
  EXPECT_EQ(redact("postgresql://mc@db.internal/moncompte"), "postgresql://mc@db.internal/moncompte");
  EXPECT_EQ(redact("postgresql://db.internal:5432/moncompte"), "postgresql://db.internal:5432/moncompte");
}

TEST(Params, NullsAndTextForms) {
  auto p = params(std::string_view("a"), std::int64_t{42}, true, std::optional<std::int64_t>{}, 7);
  auto v = p.pointers();
  ASSERT_EQ(p.size(), 5);
  EXPECT_STREQ(v[0], "a");
  EXPECT_STREQ(v[1], "42");
  EXPECT_STREQ(v[2], "t");
  EXPECT_EQ(v[3], nullptr);
  EXPECT_STREQ(v[4], "7");
}

}  // namespace
}  // namespace mc::storage::pg
