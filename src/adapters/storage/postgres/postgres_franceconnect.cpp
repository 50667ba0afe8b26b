// PostgreSQL: FranceConnect flows, register candidates by birth date, `sub` links (see core/ports/;
// the SQLite twin is sqlite/sqlite_franceconnect.cpp).
#include <memory>

#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/postgres/postgres_ports.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "core/ports/franceconnect_store.hpp"

namespace mc::storage {

using pg::Conn;
using pg::params;
using pg::Transaction;
using namespace pg_detail;

namespace {
namespace sql {
// Two links of one sub at once (to two accounts) run one by one, so the check below cannot be
// passed by both; an advisory lock, as the sub may not be on any row yet.
constexpr const char* kLockSub = "SELECT pg_advisory_xact_lock(hashtextextended('fc-sub:' || $1, 0))";
}  // namespace sql
}  // namespace

namespace {

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
    return run([&](Conn& c) {
      auto st = c.exec(shared_sql::kBornOn.pg, params(birth_date));
      std::vector<account::RegisterEntry> out;
      for (int i = 0; i < st.rows(); ++i) {
        account::RegisterEntry r;
        r.nir13 = st.text(i, 0);
        r.sex = st.text(i, 1);
        r.family_name = st.text(i, 2);
        r.given_names = st.text(i, 3);
        r.birth_date = st.text(i, 4);
        r.birth_place_insee = st.text(i, 5);
        r.birth_place_label = st.text(i, 6);
        r.birth_country = st.text(i, 7);
        r.address = st.text(i, 8);
        r.postal_code = st.text(i, 9);
        r.city = st.text(i, 10);
        r.email = st.text(i, 11);
        r.phone = st.text(i, 12);
        r.organisme = st.text(i, 13);
        r.vitale_serial = st.text(i, 14);
        r.iban_last7 = st.text(i, 15);
        r.rights_from = st.text(i, 16);
        r.rights_to = st.text(i, 17);
        r.css = st.boolean(i, 18);
        r.ald = st.boolean(i, 19);
        out.push_back(std::move(r));
      }
      return out;
    });
  }

  std::optional<std::string> find_nir_by_franceconnect_sub(std::string_view sub) override {
    return run([&](Conn& c) -> std::optional<std::string> {
      auto r = c.exec(shared_sql::kBySub.pg, params(sub));
      if (r.empty()) return std::nullopt;
      return r.text(0, 0);
    });
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

namespace pg_detail {

std::unique_ptr<ports::FranceConnectStore> make_franceconnect_store(pg::Pool& pool) {
  return std::make_unique<PostgresFranceConnectStore>(pool);
}

}  // namespace pg_detail

}  // namespace mc::storage
