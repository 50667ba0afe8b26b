// SQLite: recognised devices and their counters (ports::DeviceStore), per-source budgets
// (ports::SourceBudgetStore). The SQL is shared with PostgreSQL (shared_sql.hpp).
#include <memory>

#include "adapters/storage/rows.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"
#include "core/device/device.hpp"
#include "core/ports/devices.hpp"
#include "core/ports/sign_in_history.hpp"
#include "core/ports/source_budgets.hpp"

namespace mc::storage {

namespace q = shared_sql;

namespace sqlite_detail {

void upsert_device(sqlite::Db& db, const ports::Device& d) {
  db.run(q::kUpsertDevice.lite, d.id, d.nir13, d.label, to_millis(d.last_seen_at));
  auto prune = db.prepare(q::kPruneDevices.lite);
  prune.bind(1, d.nir13);
  prune.run();
}

void clear_device_counters(sqlite::Db& db, std::string_view nir13, bool keep_permanent) {
  db.run(keep_permanent ? q::kLiftTemporaryDeviceLocks.lite : q::kClearDeviceCounters.lite,
         device::counter_prefix(nir13), device::counter_prefix_end(nir13));
}

void revoke_devices_except(sqlite::Db& db, std::string_view nir13, std::string_view keep_id) {
  db.run(q::kDeleteDevicesExcept.lite, nir13, keep_id);
  db.run(q::kDeleteDeviceCountersExcept.lite, device::counter_prefix(nir13), device::counter_prefix_end(nir13),
         device::counter_key(nir13, std::string(keep_id)));
}

}  // namespace sqlite_detail

namespace {

class SqliteDeviceStore final : public ports::DeviceStore, SqlitePort {
 public:
  explicit SqliteDeviceStore(SqlitePool& pool) : SqlitePort(pool) {}

  std::optional<ports::Device> find_device(std::string_view nir13, std::string_view id) override {
    return select_first(q::kFindDevice.lite, rows::device<Stmt>, id, nir13);
  }

  std::vector<ports::Device> list_devices(std::string_view nir13) override {
    return select_all(q::kListDevices.lite, rows::device<Stmt>, nir13);
  }

  void remember_device(const ports::Device& device) override {
    auto db = lease();
    upsert_device(*db, device);
  }

  bool remove_device(std::string_view nir13, std::string_view id) override {
    auto db = lease();
    Transaction tx(*db);
    {
      db->run(q::kDeleteDevice.lite, id, nir13);
      if (sqlite3_changes(db->raw()) != 1) return false;
    }
    db->run(q::kDeleteDeviceCounter.lite, device::counter_key(nir13, std::string(id)));
    tx.commit();
    return true;
  }

  std::vector<ports::DeviceStore::Counter> lockout_counters(std::string_view nir13) override {
    auto db = lease();
    std::vector<Counter> out;
    out.push_back({std::nullopt, read_lockout_row(*db, nir13)});
    for (auto& d : db->rows(q::kListDevices.lite, rows::device<Stmt>, nir13))
      out.push_back({d, read_lockout_row(*db, device::counter_key(nir13, d.id))});
    return out;
  }
};

class SqliteSourceBudgetStore final : public ports::SourceBudgetStore, SqlitePort {
 public:
  explicit SqliteSourceBudgetStore(SqlitePool& pool) : SqlitePort(pool) {}

  throttle::Bucket read_budget(std::string_view key) override {
    auto db = lease();
    auto st = db->prepare(q::kReadBudget.lite);
    st.bind(1, key);
    throttle::Bucket b;
    if (st.step()) b.tat = from_millis(st.i64(0));
    while (st.step()) {
    }
    return b;
  }

  throttle::Take spend_budget(std::string_view key, Instant now,
                              const std::function<throttle::Take(const throttle::Bucket&)>& take) override {
    auto db = lease();
    Transaction tx(*db);
    throttle::Bucket current;
    {
      auto st = db->prepare(q::kReadBudget.lite);
      st.bind(1, key);
      if (st.step()) current.tat = from_millis(st.i64(0));
      while (st.step()) {
      }
    }
    throttle::Take t = take(current);
    if (t.next.tat != current.tat) {
      db->run(q::kWriteBudget.lite, key, to_millis(t.next.tat));
    }
    if (!t.allowed) {
      db->run(q::kRecordRefusal.lite, key, to_millis(now), to_millis(now - hours(1)));
    }
    tx.commit();
    return t;
  }

  std::vector<ports::SourceBudgetStore::Throttled> throttled_sources(Instant since, int limit) override {
    auto throttled = [](const Stmt& r) {
      return Throttled{r.text(0), from_millis(r.i64(1)), from_millis(r.i64(2)), r.i64(3), from_millis(r.i64(4))};
    };
    return select_all(q::kThrottledSources.lite, throttled, to_millis(since), limit);
  }

  void record_refusal(std::string_view key, Instant at) override {
    auto db = lease();
    db->run(q::kRecordRefusal.lite, key, to_millis(at), to_millis(at - hours(1)));
  }
};

class SqliteSignInHistory final : public ports::SignInHistory, SqlitePort {
 public:
  explicit SqliteSignInHistory(SqlitePool& pool) : SqlitePort(pool) {}

  void record_sign_in(std::string_view nir13, Instant at, std::string_view outcome,
                      const ports::SignInNote& note) override {
    auto db = lease();
    db->run(q::kInsertSignIn.lite, std::optional<std::int64_t>{}, nir13, to_millis(at), outcome, note.channel,
            note.device_id, note.source);
  }

  [[nodiscard]] std::vector<ports::SignInEvent> sign_ins(std::string_view nir13, Instant since) override {
    auto event = [](const Stmt& r) {
      return ports::SignInEvent{from_millis(r.i64(0)), r.text(1), {r.text(2), r.text(3), r.text(4)}, r.text(5)};
    };
    return select_all(q::kListSignIns.lite, event, nir13, to_millis(since));
  }
};

}  // namespace

std::unique_ptr<ports::DeviceStore> sqlite_detail::make_device_store(SqlitePool& pool) {
  return std::make_unique<SqliteDeviceStore>(pool);
}

std::unique_ptr<ports::SourceBudgetStore> sqlite_detail::make_source_budget_store(SqlitePool& pool) {
  return std::make_unique<SqliteSourceBudgetStore>(pool);
}

std::unique_ptr<ports::SignInHistory> sqlite_detail::make_sign_in_history(SqlitePool& pool) {
  return std::make_unique<SqliteSignInHistory>(pool);
}

}  // namespace mc::storage
