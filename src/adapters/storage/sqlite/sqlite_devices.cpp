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

using sqlite::Transaction;
namespace q = shared_sql;

namespace sqlite_detail {

void upsert_device(sqlite::Db& db, const ports::Device& d) {
  auto st = db.prepare(q::kUpsertDevice.lite);
  st.bind(1, d.id).bind(2, d.nir13).bind(3, d.label).bind(4, to_millis(d.last_seen_at));
  st.run();
  auto prune = db.prepare(q::kPruneDevices.lite);
  prune.bind(1, d.nir13);
  prune.run();
}

void clear_device_counters(sqlite::Db& db, std::string_view nir13, bool keep_permanent) {
  auto st = db.prepare(keep_permanent ? q::kLiftTemporaryDeviceLocks.lite : q::kClearDeviceCounters.lite);
  st.bind(1, device::counter_prefix(nir13)).bind(2, device::counter_prefix_end(nir13));
  st.run();
}

void revoke_devices_except(sqlite::Db& db, std::string_view nir13, std::string_view keep_id) {
  {
    auto st = db.prepare(q::kDeleteDevicesExcept.lite);
    st.bind(1, nir13).bind(2, keep_id);
    st.run();
  }
  auto st = db.prepare(q::kDeleteDeviceCountersExcept.lite);
  st.bind(1, device::counter_prefix(nir13)).bind(2, device::counter_prefix_end(nir13));
  st.bind(3, device::counter_key(nir13, std::string(keep_id)));
  st.run();
}

}  // namespace sqlite_detail

using namespace sqlite_detail;

namespace {

class SqliteDeviceStore final : public ports::DeviceStore, SqlitePort {
 public:
  explicit SqliteDeviceStore(SqlitePool& pool) : SqlitePort(pool) {}

  std::optional<ports::Device> find_device(std::string_view nir13, std::string_view id) override {
    auto db = lease();
    auto st = db->prepare(q::kFindDevice.lite);
    st.bind(1, id).bind(2, nir13);
    std::optional<ports::Device> out;
    if (st.step()) out = rows::device(st);
    while (st.step()) {
    }
    return out;
  }

  std::vector<ports::Device> list_devices(std::string_view nir13) override {
    auto db = lease();
    auto st = db->prepare(q::kListDevices.lite);
    st.bind(1, nir13);
    std::vector<ports::Device> out;
    while (st.step()) out.push_back(rows::device(st));
    return out;
  }

  void remember_device(const ports::Device& device) override {
    auto db = lease();
    upsert_device(*db, device);
  }

  bool remove_device(std::string_view nir13, std::string_view id) override {
    auto db = lease();
    Transaction tx(*db);
    {
      auto st = db->prepare(q::kDeleteDevice.lite);
      st.bind(1, id).bind(2, nir13);
      st.run();
      if (sqlite3_changes(db->raw()) != 1) return false;
    }
    auto st = db->prepare(q::kDeleteDeviceCounter.lite);
    st.bind(1, device::counter_key(nir13, std::string(id)));
    st.run();
    tx.commit();
    return true;
  }

  std::vector<ports::DeviceStore::Counter> lockout_counters(std::string_view nir13) override {
    auto db = lease();
    std::vector<Counter> out;
    out.push_back({std::nullopt, read_lockout_row(*db, nir13)});
    std::vector<ports::Device> devices;
    {
      auto st = db->prepare(q::kListDevices.lite);
      st.bind(1, nir13);
      while (st.step()) devices.push_back(rows::device(st));
    }
    for (auto& d : devices) out.push_back({d, read_lockout_row(*db, device::counter_key(nir13, d.id))});
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
      auto st = db->prepare(q::kWriteBudget.lite);
      st.bind(1, key).bind(2, to_millis(t.next.tat));
      st.run();
    }
    if (!t.allowed) {
      auto st = db->prepare(q::kRecordRefusal.lite);
      st.bind(1, key).bind(2, to_millis(now)).bind(3, to_millis(now - hours(1)));
      st.run();
    }
    tx.commit();
    return t;
  }

  std::vector<ports::SourceBudgetStore::Throttled> throttled_sources(Instant since, int limit) override {
    auto db = lease();
    auto st = db->prepare(q::kThrottledSources.lite);
    st.bind(1, to_millis(since)).bind(2, limit);
    std::vector<Throttled> out;
    while (st.step())
      out.push_back({st.text(0), from_millis(st.i64(1)), from_millis(st.i64(2)), st.i64(3), from_millis(st.i64(4))});
    return out;
  }

  void record_refusal(std::string_view key, Instant at) override {
    auto db = lease();
    auto st = db->prepare(q::kRecordRefusal.lite);
    st.bind(1, key).bind(2, to_millis(at)).bind(3, to_millis(at - hours(1)));
    st.run();
  }
};

class SqliteSignInHistory final : public ports::SignInHistory, SqlitePort {
 public:
  explicit SqliteSignInHistory(SqlitePool& pool) : SqlitePort(pool) {}

  void record_sign_in(std::string_view nir13, Instant at, std::string_view outcome,
                      const ports::SignInNote& note) override {
    auto db = lease();
    auto st = db->prepare(q::kInsertSignIn.lite);
    st.bind(1, std::optional<std::int64_t>{})
        .bind(2, nir13)
        .bind(3, to_millis(at))
        .bind(4, outcome)
        .bind(5, note.channel);
    st.bind(6, note.device_id).bind(7, note.source);
    st.run();
  }

  [[nodiscard]] std::vector<ports::SignInEvent> sign_ins(std::string_view nir13, Instant since) override {
    auto db = lease();
    auto st = db->prepare(q::kListSignIns.lite);
    st.bind(1, nir13).bind(2, to_millis(since));
    std::vector<ports::SignInEvent> out;
    while (st.step())
      out.push_back({from_millis(st.i64(0)), st.text(1), {st.text(2), st.text(3), st.text(4)}, st.text(5)});
    return out;
  }
};

}  // namespace

namespace sqlite_detail {

std::unique_ptr<ports::DeviceStore> make_device_store(SqlitePool& pool) {
  return std::make_unique<SqliteDeviceStore>(pool);
}

std::unique_ptr<ports::SourceBudgetStore> make_source_budget_store(SqlitePool& pool) {
  return std::make_unique<SqliteSourceBudgetStore>(pool);
}

std::unique_ptr<ports::SignInHistory> make_sign_in_history(SqlitePool& pool) {
  return std::make_unique<SqliteSignInHistory>(pool);
}

}  // namespace sqlite_detail

}  // namespace mc::storage
