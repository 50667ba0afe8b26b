// The PostgreSQL backend of the contract suite. Needs a server: MC_TEST_PG_URL (set by the ctest
// fixture in tests/pg.cmake, which starts a throwaway cluster); skipped when unset.
// Each test gets its own schema, selected with search_path, so tests never see each other's rows.
#include <libpq-fe.h>

#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "adapters/storage/postgres/postgres_store.hpp"
#include "store_contract.hpp"

namespace {

const char* server_url() {
  const char* url = std::getenv("MC_TEST_PG_URL");
  return url && *url ? url : nullptr;
}

void run_sql(const std::string& sql) {
  PGconn* c = PQconnectdb(server_url());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("MC_TEST_PG_URL: cannot connect: " + msg);
  }
  PGresult* r = PQexec(c, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error(sql + ": " + msg);
}

// Schemas made by this process, dropped when it exits.
struct Schemas {
  std::vector<std::string> names;
  std::string current_url;
  ~Schemas() {
    for (const auto& n : names) {
      try {
        run_sql("SET client_min_messages = warning; DROP SCHEMA IF EXISTS " + n + " CASCADE");
      } catch (...) {
      }
    }
  }
};

Schemas& schemas() {
  static Schemas s;
  return s;
}

std::string url_with_schema(const std::string& schema) {
  std::string url = server_url();
  url += url.find('?') == std::string::npos ? '?' : '&';
  return url + "options=-csearch_path%3D" + schema;
}

mc::contract::Register postgres_backend{{
    "postgres",
    []() -> std::unique_ptr<mc::ports::Storage> {
      if (!server_url()) return nullptr;
      std::random_device rd;
      std::string schema = "mc_contract_" + std::to_string(rd()) + std::to_string(rd() % 1000);
      run_sql("CREATE SCHEMA " + schema);
      schemas().names.push_back(schema);
      schemas().current_url = url_with_schema(schema);
      return std::make_unique<mc::storage::PostgresStore>(schemas().current_url);
    },
    [] { return std::make_unique<mc::storage::PostgresStore>(schemas().current_url); },
}};

}  // namespace
