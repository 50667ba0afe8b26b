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

namespace mc::storage {

using sqlite::Db;
using sqlite::Transaction;
using namespace sqlite_detail;

namespace {

namespace sql {
#define MC_REGISTER_COLUMNS                                                                                          \
  "nir13, sex, family_name, given_names, birth_date, birth_place_insee, birth_place_label, birth_country, address," \
  " postal_code, city, email, phone, organisme, vitale_serial, iban_last7, rights_from, rights_to, css, ald"
constexpr const char* kCreateStage =
    "DROP TABLE IF EXISTS temp.import_stage;"
    "CREATE TEMP TABLE import_stage (line INTEGER NOT NULL, nir13 TEXT NOT NULL, sex TEXT NOT NULL,"
    " family_name TEXT NOT NULL, given_names TEXT NOT NULL, birth_date TEXT NOT NULL, birth_place_insee TEXT NOT NULL,"
    " birth_place_label TEXT NOT NULL, birth_country TEXT NOT NULL, address TEXT NOT NULL, postal_code TEXT NOT NULL,"
    " city TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL, organisme TEXT NOT NULL, vitale_serial TEXT NOT NULL,"
    " iban_last7 TEXT NOT NULL, rights_from TEXT NOT NULL, rights_to TEXT NOT NULL, css INTEGER NOT NULL,"
    " ald INTEGER NOT NULL)";
constexpr const char* kStage =
    "INSERT INTO temp.import_stage (line, " MC_REGISTER_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)";
constexpr const char* kIndexStage = "CREATE INDEX temp.import_stage_nir ON import_stage (nir13, line)";
constexpr const char* kDuplicates =
    "SELECT nir13, min(line), max(line), count(*) FROM temp.import_stage GROUP BY nir13 HAVING count(*) > 1"
    " ORDER BY min(line) LIMIT ?1";
constexpr const char* kStagedRows = "SELECT count(*) FROM temp.import_stage";
constexpr const char* kUpsertOrganisme =
    "INSERT INTO organismes (code, regime, name, online_space, phone, address) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    " ON CONFLICT(code) DO UPDATE SET regime = excluded.regime, name = excluded.name,"
    " online_space = excluded.online_space, phone = excluded.phone, address = excluded.address"
    " WHERE (organismes.regime, organismes.name, organismes.online_space, organismes.phone, organismes.address)"
    " IS NOT (excluded.regime, excluded.name, excluded.online_space, excluded.phone, excluded.address)";
constexpr const char* kLoadAll =
    "INSERT INTO register_entries (" MC_REGISTER_COLUMNS ") SELECT " MC_REGISTER_COLUMNS
    " FROM temp.import_stage ORDER BY nir13";
// Sync: one key range [?1, ?2] of the staged rows per write transaction.
constexpr const char* kBatchEnd =
    "SELECT max(nir13) FROM (SELECT nir13 FROM temp.import_stage WHERE nir13 > ?1 ORDER BY nir13 LIMIT ?2)";
constexpr const char* kCountNew =
    "SELECT count(*) FROM temp.import_stage s WHERE s.nir13 > ?1 AND s.nir13 <= ?2"
    " AND NOT EXISTS (SELECT 1 FROM register_entries r WHERE r.nir13 = s.nir13)";
constexpr const char* kCountEmailChanges =
    "SELECT count(*) FROM temp.import_stage s JOIN register_entries r ON r.nir13 = s.nir13"
    " WHERE s.nir13 > ?1 AND s.nir13 <= ?2 AND r.email <> s.email";
// Links and codes sent by e-mail to an address the register no longer has: void.
constexpr const char* kVoidEmailCodes =
    "UPDATE codes SET voided_at = ?3 WHERE channel = 'email' AND used_at IS NULL AND voided_at IS NULL"
    " AND nir13 IN (SELECT s.nir13 FROM temp.import_stage s JOIN register_entries r ON r.nir13 = s.nir13"
    " WHERE s.nir13 > ?1 AND s.nir13 <= ?2 AND r.email <> s.email)";
constexpr const char* kMergeRange =
    "INSERT INTO register_entries (" MC_REGISTER_COLUMNS ") SELECT " MC_REGISTER_COLUMNS
    " FROM temp.import_stage WHERE nir13 > ?1 AND nir13 <= ?2 ORDER BY nir13"
    " ON CONFLICT(nir13) DO UPDATE SET sex = excluded.sex, family_name = excluded.family_name,"
    " given_names = excluded.given_names, birth_date = excluded.birth_date,"
    " birth_place_insee = excluded.birth_place_insee, birth_place_label = excluded.birth_place_label,"
    " birth_country = excluded.birth_country, address = excluded.address, postal_code = excluded.postal_code,"
    " city = excluded.city, email = excluded.email, phone = excluded.phone, organisme = excluded.organisme,"
    " vitale_serial = excluded.vitale_serial, iban_last7 = excluded.iban_last7, rights_from = excluded.rights_from,"
    " rights_to = excluded.rights_to, css = excluded.css, ald = excluded.ald"
    " WHERE register_entries.sex IS NOT excluded.sex OR register_entries.family_name IS NOT excluded.family_name"
    " OR register_entries.given_names IS NOT excluded.given_names OR register_entries.birth_date IS NOT excluded.birth_date"
    " OR register_entries.birth_place_insee IS NOT excluded.birth_place_insee"
    " OR register_entries.birth_place_label IS NOT excluded.birth_place_label"
    " OR register_entries.birth_country IS NOT excluded.birth_country OR register_entries.address IS NOT excluded.address"
    " OR register_entries.postal_code IS NOT excluded.postal_code OR register_entries.city IS NOT excluded.city"
    " OR register_entries.email IS NOT excluded.email OR register_entries.phone IS NOT excluded.phone"
    " OR register_entries.organisme IS NOT excluded.organisme"
    " OR register_entries.vitale_serial IS NOT excluded.vitale_serial"
    " OR register_entries.iban_last7 IS NOT excluded.iban_last7"
    " OR register_entries.rights_from IS NOT excluded.rights_from OR register_entries.rights_to IS NOT excluded.rights_to"
    " OR register_entries.css IS NOT excluded.css OR register_entries.ald IS NOT excluded.ald";
// The accounts file, staged after the register (checked and hashed a chunk at a time), applied
// set-based. A birth date is looked up among the staged register rows (import_stage_nir).
constexpr const char* kCreateAccounts =
    "DROP TABLE IF EXISTS temp.import_accounts;"
    "CREATE TEMP TABLE import_accounts (line INTEGER NOT NULL, nir13 TEXT NOT NULL, state TEXT NOT NULL,"
    " password_hash TEXT NOT NULL, email_verified INTEGER NOT NULL, last_login_at INTEGER, failures INTEGER NOT NULL,"
    " locked_until INTEGER, permanently_locked INTEGER NOT NULL, last_failure_at INTEGER)";
constexpr const char* kStageAccount =
    "INSERT INTO temp.import_accounts (line, nir13, state, password_hash, email_verified, last_login_at, failures,"
    " locked_until, permanently_locked, last_failure_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* kStagedBirthDate = "SELECT birth_date FROM temp.import_stage WHERE nir13 = ?1 LIMIT 1";
constexpr const char* kAccountDuplicates =
    "SELECT nir13, min(line), max(line), count(*) FROM temp.import_accounts GROUP BY nir13 HAVING count(*) > 1"
    " ORDER BY min(line) LIMIT ?1";
// `WHERE true`: an upsert's SELECT needs a WHERE clause (SQLite's parsing ambiguity with ON).
constexpr const char* kApplyAccounts =
    "INSERT INTO accounts (nir13, state, password_hash, email_verified, created_at, last_login_at)"
    " SELECT nir13, state, password_hash, email_verified, ?1, last_login_at FROM temp.import_accounts WHERE true"
    " ORDER BY nir13 ON CONFLICT(nir13) DO UPDATE SET state = excluded.state,"
    " password_hash = excluded.password_hash, email_verified = excluded.email_verified,"
    " last_login_at = excluded.last_login_at";
constexpr const char* kApplyLockouts =
    "INSERT INTO lockouts (nir13, failures, locked_until, permanently_locked, last_failure_at, lock_pending)"
    " SELECT nir13, failures, locked_until, permanently_locked, last_failure_at, 0 FROM temp.import_accounts"
    " WHERE true ORDER BY nir13 ON CONFLICT(nir13) DO UPDATE SET failures = excluded.failures,"
    " locked_until = excluded.locked_until, permanently_locked = excluded.permanently_locked,"
    " last_failure_at = excluded.last_failure_at, lock_pending = excluded.lock_pending";
#undef MC_REGISTER_COLUMNS
}  // namespace sql

std::int64_t scalar(Db& db, const char* statement, std::string_view lo = {}, std::string_view hi = {}) {
  auto st = db.prepare(statement);
  if (!lo.empty() || !hi.empty()) st.bind(1, lo).bind(2, hi);
  return st.step() ? st.i64(0) : 0;
}

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
    std::vector<ports::DuplicateNir> out;
    auto st = db_->prepare(sql::kDuplicates);
    st.bind(1, static_cast<std::int64_t>(limit));
    while (st.step()) out.push_back({st.text(0), st.i64(1), st.i64(2), st.i64(3)});
    return out;
  }

  std::vector<std::optional<std::string>> staged_birth_dates(const std::vector<std::string>& nir13s) override {
    end_staging();  // the staged rows indexed
    std::vector<std::optional<std::string>> out;
    out.reserve(nir13s.size());
    for (const auto& nir13 : nir13s) {
      auto st = db_->prepare(sql::kStagedBirthDate);
      st.bind(1, nir13);
      out.push_back(st.step() ? std::optional<std::string>(st.text(0)) : std::nullopt);
    }
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
    std::vector<ports::DuplicateNir> out;
    if (!accounts_) return out;
    if (db_->in_transaction()) db_->exec("COMMIT");
    auto st = db_->prepare(sql::kAccountDuplicates);
    st.bind(1, static_cast<std::int64_t>(limit));
    while (st.step()) out.push_back({st.text(0), st.i64(1), st.i64(2), st.i64(3)});
    return out;
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
        st.bind(1, o.code).bind(2, o.regime).bind(3, o.name).bind(4, o.online_space).bind(5, o.phone).bind(6, o.address);
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
