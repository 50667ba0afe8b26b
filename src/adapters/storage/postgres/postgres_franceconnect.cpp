// PostgreSQL: FranceConnect flows, register candidates by birth date, `sub` links (see core/ports/;
// the SQLite twin is sqlite/sqlite_franceconnect.cpp).
#include <memory>

#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/postgres/postgres_ports.hpp"
#include "adapters/storage/postgres/postgres_sql.hpp"
#include "adapters/storage/rows.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "core/ports/franceconnect_store.hpp"

namespace mc::storage {

namespace {

namespace sql = pg_sql::franceconnect;

class PostgresFranceConnectStore final : public ports::FranceConnectStore, PgPort {
 public:
  explicit PostgresFranceConnectStore(pg::Pool& pool) : PgPort(pool) {}

  void create_fc_flow(const ports::FranceConnectFlow& f) override {
    run([&](Conn& c) {
      Transaction tx(c);
      (void)c.exec(shared_sql::kForgetExpired.pg, params(to_millis(f.created_at)));
      (void)c.exec(shared_sql::kInsertFlow.pg,
                   params(f.id_hash, f.purpose, f.state, f.nonce, to_millis(f.created_at), to_millis(f.expires_at)));
      tx.commit();
    });
  }

  std::optional<ports::FranceConnectFlow> consume_fc_flow(std::string_view id_hash, Instant now) override {
    return run([&](Conn& c) -> std::optional<ports::FranceConnectFlow> {
      auto r = c.exec(shared_sql::kConsumeFlow.pg, params(id_hash));
      if (r.empty()) return std::nullopt;
      ports::FranceConnectFlow f{
          std::string(id_hash),    r.text(0, 0), r.text(0, 1), r.text(0, 2), from_millis(r.i64(0, 3)),
          from_millis(r.i64(0, 4))};
      if (f.expires_at <= now) return std::nullopt;
      return f;
    });
  }

  std::vector<account::RegisterEntry> register_entries_born_on(std::string_view birth_date) override {
    return select_all(shared_sql::kBornOn.pg, rows::register_entry<pg::Row>, birth_date);
  }

  std::optional<std::string> find_nir_by_franceconnect_sub(std::string_view sub) override {
    return select_first(
        shared_sql::kBySub.pg, [](const pg::Row& r) { return r.text(0); }, sub);
  }

  bool link_franceconnect_sub(std::string_view nir13, std::string_view sub, Instant at) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      (void)c.exec(sql::kLockSub, params(sub));
      auto holder = c.exec(shared_sql::kBySub.pg, params(sub));
      if (!holder.empty() && holder.text(0, 0) != nir13) return false;
      if (c.exec(shared_sql::kLink.pg, params(nir13, sub, to_millis(at))).affected() != 1) return false;
      tx.commit();
      return true;
    });
  }
};

}  // namespace

std::unique_ptr<ports::FranceConnectStore> pg_detail::make_franceconnect_store(pg::Pool& pool) {
  return std::make_unique<PostgresFranceConnectStore>(pool);
}

}  // namespace mc::storage
