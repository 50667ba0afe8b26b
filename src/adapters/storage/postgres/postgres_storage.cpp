#include <algorithm>

#include "adapters/storage/every_port.hpp"
#include "adapters/storage/postgres/postgres_port.hpp"
#include "adapters/storage/postgres/postgres_ports.hpp"
#include "adapters/storage/postgres/postgres_register_loader.hpp"
#include "adapters/storage/postgres/postgres_sql.hpp"
#include "adapters/storage/postgres/postgres_store.hpp"
#include "core/embedded.hpp"

namespace mc::storage {

using pg::Conn;
using pg::params;
using pg::Transaction;

namespace {

namespace sql = pg_sql::storage;

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
  attach({.sign_in = pg_detail::make_sign_in_store(pool),
          .codes = pg_detail::make_code_store(pool),
          .outbox = pg_detail::make_outbox_store(pool),
          .limiter = pg_detail::make_rate_limiter(pool),
          .accounts = pg_detail::make_account_store(pool),
          .attestations = pg_detail::make_attestation_store(pool),
          .franceconnect = pg_detail::make_franceconnect_store(pool),
          .backoffice = pg_detail::make_backoffice_store(pool),
          .retention = pg_detail::make_retention_store(pool),
          .devices = pg_detail::make_device_store(pool),
          .budgets = pg_detail::make_source_budget_store(pool),
          .register_loader = std::make_unique<PostgresRegisterLoader>(pool),
          .scam_reports = pg_detail::make_scam_report_store(pool),
          .history = pg_detail::make_sign_in_history(pool),
          .member_records = pg_detail::make_member_records(pool)});
}

PostgresStore::~PostgresStore() { detach(); }

}  // namespace mc::storage
