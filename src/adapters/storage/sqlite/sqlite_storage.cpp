#include <algorithm>

#include "adapters/storage/sqlite/sqlite_account_store.hpp"
#include "adapters/storage/sqlite/sqlite_attestation_store.hpp"
#include "adapters/storage/sqlite/sqlite_backoffice_store.hpp"
#include "adapters/storage/sqlite/sqlite_code_store.hpp"
#include "adapters/storage/sqlite/sqlite_device_store.hpp"
#include "adapters/storage/sqlite/sqlite_franceconnect_store.hpp"
#include "adapters/storage/sqlite/sqlite_member_records.hpp"
#include "adapters/storage/sqlite/sqlite_outbox_store.hpp"
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "adapters/storage/sqlite/sqlite_rate_limiter.hpp"
#include "adapters/storage/sqlite/sqlite_register_loader.hpp"
#include "adapters/storage/sqlite/sqlite_retention_store.hpp"
#include "adapters/storage/sqlite/sqlite_scam_report_store.hpp"
#include "adapters/storage/sqlite/sqlite_sign_in_history.hpp"
#include "adapters/storage/sqlite/sqlite_sign_in_store.hpp"
#include "adapters/storage/sqlite/sqlite_source_budget_store.hpp"
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
  Transaction tx(db);  // several processes may start at once: one migrates, the others wait
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
  }
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
  attach({.sign_in = std::make_unique<SqliteSignInStore>(pool),
          .codes = std::make_unique<SqliteCodeStore>(pool),
          .outbox = std::make_unique<SqliteOutboxStore>(pool),
          .limiter = std::make_unique<SqliteRateLimiter>(pool),
          .accounts = std::make_unique<SqliteAccountStore>(pool),
          .attestations = std::make_unique<SqliteAttestationStore>(pool),
          .franceconnect = std::make_unique<SqliteFranceConnectStore>(pool),
          .backoffice = std::make_unique<SqliteBackOfficeStore>(pool),
          .retention = std::make_unique<SqliteRetentionStore>(pool),
          .devices = std::make_unique<SqliteDeviceStore>(pool),
          .budgets = std::make_unique<SqliteSourceBudgetStore>(pool),
          .register_loader = std::make_unique<SqliteRegisterLoader>(pool),
          .scam_reports = std::make_unique<SqliteScamReportStore>(pool),
          .history = std::make_unique<SqliteSignInHistory>(pool),
          .member_records = std::make_unique<SqliteMemberRecords>(pool)});
}

SqliteStore::~SqliteStore() { detach(); }

}  // namespace mc::storage
