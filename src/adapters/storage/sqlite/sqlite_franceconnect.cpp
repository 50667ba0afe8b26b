// SQLite: FranceConnect flows, register candidates by birth date, `sub` links (see core/ports/).
#include <memory>

#include "adapters/storage/rows.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"
#include "core/ports/franceconnect_store.hpp"

namespace mc::storage {

namespace {

class SqliteFranceConnectStore final : public ports::FranceConnectStore, SqlitePort {
 public:
  explicit SqliteFranceConnectStore(SqlitePool& pool) : SqlitePort(pool) {}

  void create_fc_flow(const ports::FranceConnectFlow& f) override {
    auto db = lease();
    Transaction tx(*db);
    db->run(shared_sql::kForgetExpired.lite, to_millis(f.created_at));
    db->run(shared_sql::kInsertFlow.lite, f.id_hash, f.purpose, f.state, f.nonce, to_millis(f.created_at),
            to_millis(f.expires_at));
    tx.commit();
  }

  std::optional<ports::FranceConnectFlow> consume_fc_flow(std::string_view id_hash, Instant now) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kConsumeFlow.lite);
    st.bind(1, id_hash);
    if (!st.step()) return std::nullopt;
    ports::FranceConnectFlow f{std::string(id_hash),  st.text(0), st.text(1), st.text(2), from_millis(st.i64(3)),
                               from_millis(st.i64(4))};
    st.run();
    if (f.expires_at <= now) return std::nullopt;
    return f;
  }

  std::vector<account::RegisterEntry> register_entries_born_on(std::string_view birth_date) override {
    return select_all(shared_sql::kBornOn.lite, rows::register_entry<Stmt>, birth_date);
  }

  std::optional<std::string> find_nir_by_franceconnect_sub(std::string_view sub) override {
    return select_first(
        shared_sql::kBySub.lite, [](const Stmt& r) { return r.text(0); }, sub);
  }

  bool link_franceconnect_sub(std::string_view nir13, std::string_view sub, Instant at) override {
    auto db = lease();
    Transaction tx(*db);  // the check and the update under one write lock
    {
      auto st = db->prepare(shared_sql::kBySub.lite);
      st.bind(1, sub);
      if (st.step() && st.text(0) != nir13) return false;
    }
    db->run(shared_sql::kLink.lite, nir13, sub, to_millis(at));
    if (sqlite3_changes(db->raw()) != 1) return false;
    tx.commit();
    return true;
  }
};

}  // namespace

std::unique_ptr<ports::FranceConnectStore> sqlite_detail::make_franceconnect_store(SqlitePool& pool) {
  return std::make_unique<SqliteFranceConnectStore>(pool);
}

}  // namespace mc::storage
