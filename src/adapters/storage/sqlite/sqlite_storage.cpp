#include <algorithm>
#include <stdexcept>

#include "adapters/storage/every_port.hpp"
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"
#include "adapters/storage/sqlite/sqlite_register_loader.hpp"
#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "core/embedded.hpp"

namespace mc::storage {

using sqlite::Db;
using sqlite::Transaction;

namespace {

void migrate(Db& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at "
      "INTEGER NOT NULL)");
  std::vector<std::string_view> files;
  for (auto name : embedded::migrations_list())
    if (name.starts_with("sqlite/")) files.push_back(name);
  std::sort(files.begin(), files.end());
  // Foreign keys off while migrating (they cannot be switched inside a transaction): rebuilding a
  // table (SQLite's ALTER TABLE procedure: new table, copy, drop, rename; 0014) drops a parent
  // that children still name. They are checked before the commit and back on after.
  db.exec("PRAGMA foreign_keys = OFF");
  struct ForeignKeysBackOn {
    Db& db;
    ~ForeignKeysBackOn() {
      try {
        db.exec("PRAGMA foreign_keys = ON");
      } catch (...) {
      }
    }
  } back_on{db};
  Transaction tx(db);  // several processes may start at once: one migrates, the others wait
  bool applied = false;
  for (auto name : files) {
    std::string_view base = name.substr(7);
    int version = std::stoi(std::string(base.substr(0, 4)));
    auto check = db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?1");
    check.bind(1, version);
    if (check.step()) continue;
    db.exec(std::string(*embedded::migrations(name)));
    auto ins = db.prepare(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, strftime('%s','now') * 1000)");
    ins.bind(1, version).bind(2, base);
    ins.run();
    applied = true;
  }
  if (applied && db.prepare("PRAGMA foreign_key_check").step())
    throw std::runtime_error(
        "the migrated database has rows whose foreign key names nothing (PRAGMA foreign_key_check)");
  tx.commit();
}

}  // namespace

SqliteStore::SqliteStore(std::string path, std::chrono::milliseconds wait)
    : pool_(std::make_unique<SqlitePool>(std::move(path), wait)) {
  {
    auto first = pool_->lease();
    migrate(*first);
  }
  auto& pool = *pool_;
  attach({.sign_in = sqlite_detail::make_sign_in_store(pool),
          .codes = sqlite_detail::make_code_store(pool),
          .outbox = sqlite_detail::make_outbox_store(pool),
          .limiter = sqlite_detail::make_rate_limiter(pool),
          .accounts = sqlite_detail::make_account_store(pool),
          .attestations = sqlite_detail::make_attestation_store(pool),
          .franceconnect = sqlite_detail::make_franceconnect_store(pool),
          .backoffice = sqlite_detail::make_backoffice_store(pool),
          .retention = sqlite_detail::make_retention_store(pool),
          .devices = sqlite_detail::make_device_store(pool),
          .budgets = sqlite_detail::make_source_budget_store(pool),
          .register_loader = std::make_unique<SqliteRegisterLoader>(pool),
          .scam_reports = sqlite_detail::make_scam_report_store(pool),
          .history = sqlite_detail::make_sign_in_history(pool),
          .member_records = sqlite_detail::make_member_records(pool)});
}

SqliteStore::~SqliteStore() { detach(); }

}  // namespace mc::storage
