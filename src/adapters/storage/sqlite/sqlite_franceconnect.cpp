// SQLite: FranceConnect flows, register candidates by birth date, `sub` links (see core/ports/).
#include <memory>

#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"
#include "core/ports/franceconnect_store.hpp"

namespace mc::storage {

using sqlite::Db;
using sqlite::Stmt;
using sqlite::Transaction;

namespace {

class SqliteFranceConnectStore final : public ports::FranceConnectStore, SqlitePort {
 public:
  explicit SqliteFranceConnectStore(SqlitePool& pool) : SqlitePort(pool) {}

  void create_fc_flow(const ports::FranceConnectFlow& f) override {
    auto db = lease();
    Transaction tx(*db);
    {
      auto st = db->prepare(shared_sql::kForgetExpired.lite);
      st.bind(1, to_millis(f.created_at));
      st.run();
    }
    auto st = db->prepare(shared_sql::kInsertFlow.lite);
    st.bind(1, f.id_hash).bind(2, f.purpose).bind(3, f.state).bind(4, f.nonce);
    st.bind(5, to_millis(f.created_at)).bind(6, to_millis(f.expires_at));
    st.run();
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
    auto db = lease();
    auto st = db->prepare(shared_sql::kBornOn.lite);
    st.bind(1, birth_date);
    std::vector<account::RegisterEntry> out;
    while (st.step()) {
      account::RegisterEntry r;
      r.nir13 = st.text(0);
      r.sex = st.text(1);
      r.family_name = st.text(2);
      r.given_names = st.text(3);
      r.birth_date = st.text(4);
      r.birth_place_insee = st.text(5);
      r.birth_place_label = st.text(6);
      r.birth_country = st.text(7);
      r.address = st.text(8);
      r.postal_code = st.text(9);
      r.city = st.text(10);
      r.email = st.text(11);
      r.phone = st.text(12);
      r.organisme = st.text(13);
      r.vitale_serial = st.text(14);
      r.iban_last7 = st.text(15);
      r.rights_from = st.text(16);
      r.rights_to = st.text(17);
      r.css = st.i64(18) != 0;
      r.ald = st.i64(19) != 0;
      out.push_back(std::move(r));
    }
    return out;
  }

  std::optional<std::string> find_nir_by_franceconnect_sub(std::string_view sub) override {
    auto db = lease();
    auto st = db->prepare(shared_sql::kBySub.lite);
    st.bind(1, sub);
    if (!st.step()) return std::nullopt;
    std::string nir = st.text(0);
    st.run();
    return nir;
  }

  bool link_franceconnect_sub(std::string_view nir13, std::string_view sub, Instant at) override {
    auto db = lease();
    Transaction tx(*db);  // the check and the update under one write lock
    {
      auto st = db->prepare(shared_sql::kBySub.lite);
      st.bind(1, sub);
      if (st.step() && st.text(0) != nir13) return false;
    }
    auto st = db->prepare(shared_sql::kLink.lite);
    st.bind(1, nir13).bind(2, sub).bind(3, to_millis(at));
    st.run();
    if (sqlite3_changes(db->raw()) != 1) return false;
    tx.commit();
    return true;
  }
};

}  // namespace

namespace sqlite_detail {

std::unique_ptr<ports::FranceConnectStore> make_franceconnect_store(SqlitePool& pool) {
  return std::make_unique<SqliteFranceConnectStore>(pool);
}

}  // namespace sqlite_detail

}  // namespace mc::storage
