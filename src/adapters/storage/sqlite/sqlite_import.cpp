// SQLite: the streaming register import (ports::RegisterLoader, issue 15).
//
// A first load (the register empty) is one write transaction that writes the rows once, straight
// into register_entries in the file's order, and builds the register's indexes after (migration
// 0014 made the NIR's unique index droppable): the work of `sqlite3 .import` + CREATE UNIQUE
// INDEX. Nothing is visible before the commit, and an empty register has no member whose
// sign-in could wait on it.
//
// Into a live register, rows go into a TEMP table through one prepared statement inside one
// transaction: the temp database is this connection's own file, so staging takes no lock on the
// main database and the service keeps signing people in meanwhile. The database then finds
// duplicate NIRs with an index built after loading, and the merge is a series of short write
// transactions of at most `batch_rows` rows, so that a sign-in waits at most one batch.
#include <set>

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

// A row of kDuplicates, kAppendedDuplicates, kAccountDuplicates: NIR, first line, last line, times.
ports::DuplicateNir duplicate_nir(const Stmt& r) { return {r.text(0), r.i64(1), r.i64(2), r.i64(3)}; }

void bind_entry(Stmt& st, const account::RegisterEntry& r, std::int64_t line) {
  st.bind(1, line).bind(2, r.nir13).bind(3, r.sex).bind(4, r.family_name).bind(5, r.given_names);
  st.bind(6, r.birth_date).bind(7, r.birth_place_insee).bind(8, r.birth_place_label).bind(9, r.birth_country);
  st.bind(10, r.address).bind(11, r.postal_code).bind(12, r.city).bind(13, r.email).bind(14, r.phone);
  st.bind(15, r.organisme).bind(16, r.vitale_serial).bind(17, r.iban_last7).bind(18, r.rights_from);
  st.bind(19, r.rights_to).bind(20, r.css).bind(21, r.ald);
}

void put_organismes(Db& db, const std::vector<account::Organisme>& organismes) {
  for (const auto& o : organismes) {
    db.run(sql::kUpsertOrganisme, o.code, o.regime, o.name, o.online_space, o.phone, o.address);
  }
}

// The accounts file, staged in temp.import_accounts beside either kind of register load.
class AccountStage {
 public:
  explicit AccountStage(Db& db) : db_(db) {}

  void add(const ports::ImportedAccount& a, std::int64_t line) {
    if (!created_) {
      db_.exec(sql::kCreateAccounts);
      created_ = true;
    }
    auto st = db_.prepare(sql::kStageAccount);
    st.bind(1, line).bind(2, a.nir13).bind(3, account::to_string(a.state)).bind(4, a.password_hash);
    st.bind(5, a.email_verified).bind(6, opt_ms(a.last_login_at)).bind(7, a.lock.failures);
    st.bind(8, opt_ms(a.lock.locked_until)).bind(9, a.lock.permanently_locked).bind(10, opt_ms(a.lock.last_failure_at));
    st.run();
  }
  std::vector<ports::DuplicateNir> duplicates(std::size_t limit) {
    if (!created_) return {};
    return db_.rows(sql::kAccountDuplicates, duplicate_nir, static_cast<std::int64_t>(limit));
  }
  // Into the service's tables, inside the caller's write transaction.
  void apply(Instant now) {
    if (!created_) return;
    db_.run(sql::kApplyAccounts, to_millis(now));
    db_.run(sql::kApplyLockouts);
  }
  void drop() {
    if (created_) db_.exec("DROP TABLE IF EXISTS temp.import_accounts");
  }
  [[nodiscard]] bool any() const { return created_; }

 private:
  Db& db_;
  bool created_ = false;
};

// Into an empty register: one write transaction from the first row to apply(). The register's
// indexes are dropped, the rows appended in the file's order (rowid = line), and the unique NIR
// index built once, sorted, when the duplicates are asked for: what `sqlite3 .import` + CREATE
// UNIQUE INDEX does, whatever the order of the file. If a NIR appears twice the index is refused
// and the duplicates are read from the rows, with their lines.
class SqliteFirstLoad final : public ports::RegisterLoad {
 public:
  // `db` holds the write transaction begun by begin_register_load, with foreign keys off.
  explicit SqliteFirstLoad(SqlitePool::Lease db) : db_(std::move(db)), accounts_(*db_) {
    db_->exec(shared_sql::kDropIndexes.lite);
    db_->exec(sql::kDropNirIndex);
  }
  ~SqliteFirstLoad() override {
    try {
      if (db_->in_transaction()) db_->exec("ROLLBACK");
      db_->exec("PRAGMA foreign_keys = ON; PRAGMA cache_size = -2000");
      accounts_.drop();
    } catch (...) {
    }
  }

  void stage(const account::RegisterEntry& r, std::int64_t line) override {
    auto st = db_->prepare(sql::kAppendRow);
    bind_entry(st, r, line);
    st.run();
    ++rows_;
    organismes_named_.insert(r.organisme);  // copies the code only the first time
  }

  std::vector<ports::DuplicateNir> duplicates(std::size_t limit) override {
    if (!nir_indexed_) nir_indexed_ = build_nir_index();
    if (*nir_indexed_) return {};
    return db_->rows(sql::kAppendedDuplicates, duplicate_nir, static_cast<std::int64_t>(limit));
  }

  std::vector<std::optional<std::string>> staged_birth_dates(const std::vector<std::string>& nir13s) override {
    if (nir_indexed_ != true) throw std::logic_error("staged_birth_dates before duplicates() found none");
    std::vector<std::optional<std::string>> out;
    out.reserve(nir13s.size());
    auto birth_date = [](const Stmt& r) { return r.text(0); };
    for (const auto& nir13 : nir13s) out.push_back(db_->first(sql::kRegisterBirthDate, birth_date, nir13));
    return out;
  }

  void stage_account(const ports::ImportedAccount& a, std::int64_t line) override { accounts_.add(a, line); }

  std::vector<ports::DuplicateNir> account_duplicates(std::size_t limit) override {
    return accounts_.duplicates(limit);
  }

  ports::SyncCounts apply(const std::vector<account::Organisme>& organismes, Instant now) override {
    if (!duplicates(1).empty()) throw std::logic_error("the register has duplicate NIRs: nothing may be applied");
    put_organismes(*db_, organismes);
    // The organisme foreign key, checked once per organisme named rather than once per row.
    auto found = [](const Stmt&) { return true; };
    for (const auto& code : organismes_named_)
      if (!db_->first(sql::kOrganismeExists, found, code))
        throw std::runtime_error("register rows name an organisme missing from the organismes file: " + code);
    db_->exec(shared_sql::kCreateIndexes.lite);
    accounts_.apply(now);
    if (db_->prepare(sql::kAccountOrphans).step())
      throw std::runtime_error("accounts name a NIR missing from the register");
    ports::SyncCounts n;
    n.added = rows_;
    db_->exec("COMMIT");
    n.batches = 1;
    return n;
  }

 private:
  // The unique NIR index over the appended rows; false (and no index) if a NIR appears twice.
  bool build_nir_index() {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_->raw(), sql::kCreateNirIndex, nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc == SQLITE_OK) return true;
    if ((rc & 0xFF) == SQLITE_CONSTRAINT) return false;
    sqlite::fail(db_->raw(), "create register_by_nir", rc);
  }

  SqlitePool::Lease db_;
  AccountStage accounts_;
  std::int64_t rows_ = 0;  // appended
  // Unset until duplicates() tried to build the unique NIR index; false: a NIR appears twice.
  std::optional<bool> nir_indexed_;
  // The organismes the rows name (a handful), checked once each at apply().
  std::set<std::string, std::less<>> organismes_named_;
};

// Into a live register: staged in TEMP without a lock on the register, merged in batches.
class SqliteStagedLoad final : public ports::RegisterLoad {
 public:
  SqliteStagedLoad(SqlitePool::Lease lease, std::size_t batch_rows)
      : db_(std::move(lease)), batch_rows_(std::max<std::size_t>(batch_rows, 1)), accounts_(*db_) {
    db_->exec(sql::kCreateStage);
    db_->exec("BEGIN");  // touches only the temp database: no lock on the register
  }
  ~SqliteStagedLoad() override {
    try {
      if (db_->in_transaction()) db_->exec("ROLLBACK");
      db_->exec("DROP TABLE IF EXISTS temp.import_stage; PRAGMA cache_size = -2000");
      accounts_.drop();
    } catch (...) {
    }
  }

  void stage(const account::RegisterEntry& r, std::int64_t line) override {
    auto st = db_->prepare(sql::kStage);
    bind_entry(st, r, line);
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
    // One transaction of the temp database for the accounts staged (committed before they are read).
    if (!db_->in_transaction()) db_->exec("BEGIN");
    accounts_.add(a, line);
  }

  std::vector<ports::DuplicateNir> account_duplicates(std::size_t limit) override {
    if (db_->in_transaction()) db_->exec("COMMIT");
    return accounts_.duplicates(limit);
  }

  ports::SyncCounts apply(const std::vector<account::Organisme>& organismes, Instant now) override {
    end_staging();
    if (db_->in_transaction()) db_->exec("COMMIT");  // the accounts staged
    ports::SyncCounts n;
    const std::int64_t staged = scalar(*db_, sql::kStagedRows);
    {
      Transaction tx(*db_);
      put_organismes(*db_, organismes);
      tx.commit();
    }
    std::string lo;  // every NIR sorts after ""
    while (auto hi = batch_end(lo)) {
      merge_batch(lo, *hi, now, n);
      lo = *hi;
    }
    n.unchanged = staged - n.added - n.changed;
    if (accounts_.any()) {
      Transaction tx(*db_);
      accounts_.apply(now);
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

  // The last NIR of the next batch of staged rows after `lo` (nullopt: none left).
  std::optional<std::string> batch_end(const std::string& lo) {
    auto st = db_->prepare(sql::kBatchEnd);
    st.bind(1, lo).bind(2, static_cast<std::int64_t>(batch_rows_));
    if (!st.step() || st.is_null(0)) return std::nullopt;
    return st.text(0);
  }

  // Staged NIRs in (lo, hi]: counted, e-mail links voided where the address changed, merged.
  void merge_batch(const std::string& lo, const std::string& hi, Instant now, ports::SyncCounts& n) {
    Transaction tx(*db_);
    const std::int64_t added = scalar(*db_, sql::kCountNew, lo, hi);
    n.emails_changed += scalar(*db_, sql::kCountEmailChanges, lo, hi);
    db_->run(sql::kVoidEmailCodes, lo, hi, to_millis(now));
    n.links_voided += sqlite3_changes(db_->raw());
    db_->run(sql::kMergeRange, lo, hi);
    n.changed += sqlite3_changes(db_->raw()) - added;
    n.added += added;
    tx.commit();
    ++n.batches;
  }

  SqlitePool::Lease db_;
  std::size_t batch_rows_;
  AccountStage accounts_;
  bool indexed_ = false;
};

// Staging and its index, or the first load, use this connection's page cache (64 MiB) and temp
// files on disk: memory stays bounded whatever the size of the file.
void prepare_connection(Db& db) { db.exec("PRAGMA temp_store = FILE; PRAGMA cache_size = -65536"); }

}  // namespace

std::unique_ptr<ports::RegisterLoad> SqliteRegisterLoader::begin_register_load(std::size_t batch_rows) {
  auto db = lease();
  prepare_connection(*db);
  // Foreign keys can only be switched outside a transaction; the write lock is taken before the
  // register is found empty, so no other writer can fill it in between.
  // A connection this leaves inside a transaction is closed by the pool, not reused.
  db->exec("PRAGMA foreign_keys = OFF");
  bool empty = false;
  try {
    db->exec("BEGIN IMMEDIATE");  // waits storage.wait_ms for another writer, like any write
    empty = scalar(*db, shared_sql::kRegisterEmpty.lite) != 0;
  } catch (...) {
    if (db->in_transaction()) db->exec("ROLLBACK");
    db->exec("PRAGMA foreign_keys = ON");
    throw;
  }
  if (empty) return std::make_unique<SqliteFirstLoad>(std::move(db));
  db->exec("ROLLBACK; PRAGMA foreign_keys = ON");
  return std::make_unique<SqliteStagedLoad>(std::move(db), batch_rows);
}

}  // namespace mc::storage
