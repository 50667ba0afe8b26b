// What a SQLite failure becomes (issue 14): a lock held elsewhere, a read-only database and a
// full disk are StorageError with their cause, within the wait they were given.
#include "adapters/storage/sqlite/sqlite_db.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "core/storage_wait.hpp"

namespace mc::storage::sqlite {
namespace {

class SqliteDbFailures : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("mc-sqlite-db-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.sqlite").string();
    Db setup(path_);
    setup.exec("CREATE TABLE t (x INTEGER)");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string path_;
};

StorageError::Cause cause_of_throw(const std::function<void()>& f) {
  try {
    f();
  } catch (const StorageError& e) {
    return e.cause();
  }
  ADD_FAILURE() << "no StorageError";
  return StorageError::Cause::io;
}

TEST_F(SqliteDbFailures, ALockHeldElsewhereIsLockedAfterTheWait) {
  Db holder(path_);
  holder.exec("BEGIN EXCLUSIVE");
  Db waiter(path_, std::chrono::milliseconds(200));
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(cause_of_throw([&] { Transaction tx(waiter); }), StorageError::Cause::locked);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(150));  // it did wait
  holder.exec("ROLLBACK");
  Transaction tx(waiter);  // and works again at once
  tx.commit();
}

TEST_F(SqliteDbFailures, TheRequestDeadlineShortensTheWait) {
  Db holder(path_);
  holder.exec("BEGIN EXCLUSIVE");
  Db waiter(path_, std::chrono::hours(1));  // without the deadline this would wait for an hour
  storage_wait::Scope budget(std::chrono::milliseconds(100));
  EXPECT_EQ(cause_of_throw([&] { Transaction tx(waiter); }), StorageError::Cause::locked);
  EXPECT_FALSE(waiter.in_transaction());
  holder.exec("ROLLBACK");
}

TEST_F(SqliteDbFailures, AReadOnlyDatabaseIsReadOnly) {
  Db db(path_);
  db.exec("PRAGMA query_only = 1");
  EXPECT_EQ(cause_of_throw([&] { db.prepare("INSERT INTO t (x) VALUES (1)").run(); }), StorageError::Cause::read_only);
}

TEST_F(SqliteDbFailures, AFullDatabaseIsFull) {
  Db db(path_);
  // max_page_count is SQLite's own quota: past it, writes fail with SQLITE_FULL as on a full disk.
  db.exec("PRAGMA journal_mode=DELETE");
  db.exec("PRAGMA max_page_count = 3");
  auto fill = [&] {
    Transaction tx(db);
    for (int i = 0; i < 10'000; ++i) db.prepare("INSERT INTO t (x) VALUES (randomblob(1000))").run();
    tx.commit();
  };
  EXPECT_EQ(cause_of_throw(fill), StorageError::Cause::full);
  EXPECT_FALSE(db.in_transaction());  // rolled back: nothing half-written
  auto count = db.prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.i64(0), 0);
}

TEST_F(SqliteDbFailures, BadSqlIsNotAStorageError) {
  Db db(path_);
  EXPECT_THROW(db.exec("SELECT * FROM no_such_table"), std::runtime_error);
  try {
    db.exec("SELECT * FROM no_such_table");
  } catch (const StorageError&) {
    ADD_FAILURE() << "a bug must not be answered 503";
  } catch (const std::runtime_error&) {
  }
}

}  // namespace
}  // namespace mc::storage::sqlite
