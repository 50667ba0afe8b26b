// SQLite: the streaming register import (ports::RegisterLoader, issue 15).
//
// Rows go into a TEMP table through one prepared statement inside one transaction: the temp
// database is this connection's own file, so staging takes no lock on the main database and the
// service keeps signing people in meanwhile. The database then finds duplicate NIRs with an index
// built after loading. Into an empty register the merge is one transaction (secondary indexes
// dropped and rebuilt after the load); into a live register it is a series of short write
// transactions of at most `batch_rows` rows, so that a sign-in waits at most one batch.
#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"
#include "adapters/storage/sqlite/sqlite_register_loader.hpp"
#include "adapters/storage/sqlite/sqlite_sql.hpp"

namespace mc::storage {

namespace {

namespace sql = sqlite_sql::import;

std::int64_t scalar(Db& db, const char* statement, std::string_view lo = {}, std::string_view hi = {}) {
  auto st = db.prepare(statement);
  if (!lo.empty() || !hi.empty()) st.bind(1, lo).bind(2, hi);
  return st.step() ? st.i64(0) : 0;
}

// A row of kDuplicates, kAccountDuplicates: NIR, first line, last line, times.
ports::DuplicateNir duplicate_nir(const Stmt& r) { return {r.text(0), r.i64(1), r.i64(2), r.i64(3)}; }

class SqliteRegisterLoad final : public ports::RegisterLoad {
 public:
  SqliteRegisterLoad(SqlitePool::Lease lease, std::size_t batch_rows)
      : db_(std::move(lease)), batch_rows_(std::max<std::size_t>(batch_rows, 1)) {
    // Staging and its index use this connection's page cache (64 MiB) and temp files on disk:
    // memory stays bounded whatever the size of the file.
    db_->exec("PRAGMA temp_store = FILE; PRAGMA cache_size = -65536");
    db_->exec(sql::kCreateStage);
    db_->exec("BEGIN");  // touches only the temp database: no lock on the register
  }
  ~SqliteRegisterLoad() override {
    try {
      if (db_->in_transaction()) db_->exec("ROLLBACK");
      db_->exec(
          "DROP TABLE IF EXISTS temp.import_stage; DROP TABLE IF EXISTS temp.import_accounts;"
          " PRAGMA cache_size = -2000");
    } catch (...) {
    }
  }

  void stage(const account::RegisterEntry& r, std::int64_t line) override {
    auto st = db_->prepare(sql::kStage);
    st.bind(1, line).bind(2, r.nir13).bind(3, r.sex).bind(4, r.family_name).bind(5, r.given_names);
    st.bind(6, r.birth_date).bind(7, r.birth_place_insee).bind(8, r.birth_place_label).bind(9, r.birth_country);
    st.bind(10, r.address).bind(11, r.postal_code).bind(12, r.city).bind(13, r.email).bind(14, r.phone);
    st.bind(15, r.organisme).bind(16, r.vitale_serial).bind(17, r.iban_last7).bind(18, r.rights_from);
    st.bind(19, r.rights_to).bind(20, r.css).bind(21, r.ald);
    st.run();
  }

  std::vector<ports::DuplicateNir> duplicates(std::size_t limit) override {
    end_staging();
    return db_->rows(sql::kDuplicates, duplicate_nir, static_cast<std::int64_t>(limit));
  }

  std::vector<std::optional<std::string>> staged_birth_dates(const std::vector<std::string>& nir13s) override {
    end_staging();  // the staged rows indexed
    std::vector<std::optional<std::string>> out;
    out.reserve(nir13s.size());
    auto birth_date = [](const Stmt& r) { return r.text(0); };
    for (const auto& nir13 : nir13s) out.push_back(db_->first(sql::kStagedBirthDate, birth_date, nir13));
    return out;
  }

  void stage_account(const ports::ImportedAccount& a, std::int64_t line) override {
    if (!accounts_) {
      db_->exec(sql::kCreateAccounts);
      accounts_ = true;
    }
    // One transaction of the temp database for the accounts staged (committed before they are read).
    if (!db_->in_transaction()) db_->exec("BEGIN");
    auto st = db_->prepare(sql::kStageAccount);
    st.bind(1, line).bind(2, a.nir13).bind(3, account::to_string(a.state)).bind(4, a.password_hash);
    st.bind(5, a.email_verified).bind(6, opt_ms(a.last_login_at)).bind(7, a.lock.failures);
    st.bind(8, opt_ms(a.lock.locked_until)).bind(9, a.lock.permanently_locked).bind(10, opt_ms(a.lock.last_failure_at));
    st.run();
  }

  std::vector<ports::DuplicateNir> account_duplicates(std::size_t limit) override {
    if (!accounts_) return {};
    if (db_->in_transaction()) db_->exec("COMMIT");
    return db_->rows(sql::kAccountDuplicates, duplicate_nir, static_cast<std::int64_t>(limit));
  }

  ports::SyncCounts apply(const std::vector<account::Organisme>& organismes, Instant now) override {
    end_staging();
    if (db_->in_transaction()) db_->exec("COMMIT");  // the accounts staged
    ports::SyncCounts n;
    const std::int64_t staged = scalar(*db_, sql::kStagedRows);
    auto& db = *db_;
    auto put_organismes = [&] {
      for (const auto& o : organismes) {
        auto st = db.prepare(sql::kUpsertOrganisme);
        st.bind(1, o.code)
            .bind(2, o.regime)
            .bind(3, o.name)
            .bind(4, o.online_space)
            .bind(5, o.phone)
            .bind(6, o.address);
        st.run();
      }
    };
    auto put_accounts = [&] {
      if (!accounts_) return;
      auto st = db.prepare(sql::kApplyAccounts);
      st.bind(1, to_millis(now));
      st.run();
      db.prepare(sql::kApplyLockouts).run();
    };
    if (scalar(db, shared_sql::kRegisterEmpty.lite) != 0) {
      Transaction tx(db);
      put_organismes();
      db.exec(shared_sql::kDropIndexes.lite);
      db.prepare(sql::kLoadAll).run();
      n.added = sqlite3_changes(db.raw());
      db.exec(shared_sql::kCreateIndexes.lite);
      put_accounts();
      tx.commit();
      n.batches = 1;
      return n;
    }
    {
      Transaction tx(db);
      put_organismes();
      tx.commit();
    }
    std::string lo;  // every NIR sorts after ""
    for (;;) {
      std::string hi;
      {
        auto st = db.prepare(sql::kBatchEnd);
        st.bind(1, lo).bind(2, static_cast<std::int64_t>(batch_rows_));
        if (!st.step() || st.is_null(0)) break;
        hi = st.text(0);
      }
      Transaction tx(db);
      const std::int64_t added = scalar(db, sql::kCountNew, lo, hi);
      n.emails_changed += scalar(db, sql::kCountEmailChanges, lo, hi);
      {
        auto st = db.prepare(sql::kVoidEmailCodes);
        st.bind(1, lo).bind(2, hi).bind(3, to_millis(now));
        st.run();
        n.links_voided += sqlite3_changes(db.raw());
      }
      {
        auto st = db.prepare(sql::kMergeRange);
        st.bind(1, lo).bind(2, hi);
        st.run();
        n.changed += sqlite3_changes(db.raw()) - added;
      }
      n.added += added;
      tx.commit();
      ++n.batches;
      lo = hi;
    }
    n.unchanged = staged - n.added - n.changed;
    if (accounts_) {
      Transaction tx(db);
      put_accounts();
      tx.commit();
    }
    return n;
  }

 private:
  // Once, however often it is called: the register's staging committed, then indexed.
  void end_staging() {
    if (indexed_) return;
    if (db_->in_transaction()) db_->exec("COMMIT");
    db_->exec(sql::kIndexStage);
    indexed_ = true;
  }

  SqlitePool::Lease db_;
  std::size_t batch_rows_;
  bool indexed_ = false;
  bool accounts_ = false;  // temp.import_accounts created (stage_account called)
};

}  // namespace

std::unique_ptr<ports::RegisterLoad> SqliteRegisterLoader::begin_register_load(std::size_t batch_rows) {
  return std::make_unique<SqliteRegisterLoad>(lease(), batch_rows);
}

}  // namespace mc::storage
