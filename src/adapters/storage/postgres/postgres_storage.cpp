#include <algorithm>

#include "adapters/storage/postgres/postgres_account_store.hpp"
#include "adapters/storage/postgres/postgres_attestation_store.hpp"
#include "adapters/storage/postgres/postgres_backoffice_store.hpp"
#include "adapters/storage/postgres/postgres_code_store.hpp"
#include "adapters/storage/postgres/postgres_device_store.hpp"
#include "adapters/storage/postgres/postgres_franceconnect_store.hpp"
#include "adapters/storage/postgres/postgres_member_records.hpp"
#include "adapters/storage/postgres/postgres_outbox_store.hpp"
#include "adapters/storage/postgres/postgres_port.hpp"
#include "adapters/storage/postgres/postgres_rate_limiter.hpp"
#include "adapters/storage/postgres/postgres_register_loader.hpp"
#include "adapters/storage/postgres/postgres_retention_store.hpp"
#include "adapters/storage/postgres/postgres_scam_report_store.hpp"
#include "adapters/storage/postgres/postgres_sign_in_history.hpp"
#include "adapters/storage/postgres/postgres_sign_in_store.hpp"
#include "adapters/storage/postgres/postgres_source_budget_store.hpp"
#include "adapters/storage/postgres/postgres_store.hpp"
#include "core/embedded.hpp"

namespace mc::storage {

using pg::Conn;
using pg::params;
using pg::Transaction;

namespace {

namespace sql {
// Several processes may start at once: the first to take this lock migrates, the others wait
// and then find nothing to do. The key is arbitrary but fixed ("MC01").
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(1296248881)";
constexpr const char* kCreateMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";
constexpr const char* kMigrationApplied = "SELECT 1 FROM schema_migrations WHERE version = $1";
constexpr const char* kRecordMigration =
    "INSERT INTO schema_migrations (version, name, applied_at)"
    " VALUES ($1, $2, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)";
}  // namespace sql

void migrate(Conn& c) {
  std::vector<std::string_view> files;
  for (auto name : embedded::migrations_list())
    if (name.starts_with("postgres/") && name.ends_with(".sql")) files.push_back(name);
  std::sort(files.begin(), files.end());
  Transaction tx(c);  // DDL is transactional in PostgreSQL: a migration applies whole or not at all
  // An index built on 40 million rows takes longer than the per-statement limit of a sign-in.
  c.exec_script("SET LOCAL statement_timeout = 0");
  (void)c.exec(sql::kMigrationLock);
  (void)c.exec(sql::kCreateMigrations);
  for (auto name : files) {
    std::string_view base = name.substr(9);
    int version = std::stoi(std::string(base.substr(0, 4)));
    if (!c.exec(sql::kMigrationApplied, params(version)).empty()) continue;
    c.exec_script(std::string(*embedded::migrations(name)));
    (void)c.exec(sql::kRecordMigration, params(version, base));
  }
  tx.commit();
}

}  // namespace

PostgresStore::PostgresStore(const std::string& url, pg::PoolOptions options)
    : pool_(std::make_unique<pg::Pool>(pg::connection_params(url, options.acquire_timeout), options)) {
  pg_detail::run(*pool_, [](Conn& c) { migrate(c); });
  auto& pool = *pool_;
  attach({.sign_in = std::make_unique<PostgresSignInStore>(pool),
          .codes = std::make_unique<PostgresCodeStore>(pool),
          .outbox = std::make_unique<PostgresOutboxStore>(pool),
          .limiter = std::make_unique<PostgresRateLimiter>(pool),
          .accounts = std::make_unique<PostgresAccountStore>(pool),
          .attestations = std::make_unique<PostgresAttestationStore>(pool),
          .franceconnect = std::make_unique<PostgresFranceConnectStore>(pool),
          .backoffice = std::make_unique<PostgresBackOfficeStore>(pool),
          .retention = std::make_unique<PostgresRetentionStore>(pool),
          .devices = std::make_unique<PostgresDeviceStore>(pool),
          .budgets = std::make_unique<PostgresSourceBudgetStore>(pool),
          .register_loader = std::make_unique<PostgresRegisterLoader>(pool),
          .scam_reports = std::make_unique<PostgresScamReportStore>(pool),
          .history = std::make_unique<PostgresSignInHistory>(pool),
          .member_records = std::make_unique<PostgresMemberRecords>(pool)});
}

PostgresStore::~PostgresStore() { detach(); }

}  // namespace mc::storage
