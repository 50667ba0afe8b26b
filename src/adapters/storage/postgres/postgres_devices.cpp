// PostgreSQL: recognised devices and their counters (ports::DeviceStore), per-source budgets
// (ports::SourceBudgetStore). The SQL is shared with SQLite (shared_sql.hpp) but for the row
// lock a budget's read-modify-write needs here.
#include <map>
#include <memory>

#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/postgres/postgres_ports.hpp"
#include "adapters/storage/rows.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "core/device/device.hpp"
#include "core/ports/devices.hpp"
#include "core/ports/sign_in_history.hpp"
#include "core/ports/source_budgets.hpp"

namespace mc::storage {

namespace q = shared_sql;

namespace {
constexpr const char* kCreateBudget = "INSERT INTO source_budgets (key, tat) VALUES ($1, 0) ON CONFLICT (key) DO NOTHING";
constexpr const char* kLockBudget = "SELECT tat FROM source_budgets WHERE key = $1 FOR UPDATE";

}  // namespace

namespace pg_detail {

void upsert_device(Conn& c, const ports::Device& d) {
  (void)c.exec(q::kUpsertDevice.pg, params(d.id, d.nir13, d.label, to_millis(d.last_seen_at)));
  (void)c.exec(q::kPruneDevices.pg, params(d.nir13));
}

void clear_device_counters(Conn& c, std::string_view nir13, bool keep_permanent) {
  (void)c.exec(keep_permanent ? q::kLiftTemporaryDeviceLocks.pg : q::kClearDeviceCounters.pg,
               params(device::counter_prefix(nir13), device::counter_prefix_end(nir13)));
}

void revoke_devices_except(Conn& c, std::string_view nir13, std::string_view keep_id) {
  (void)c.exec(q::kDeleteDevicesExcept.pg, params(nir13, keep_id));
  (void)c.exec(q::kDeleteDeviceCountersExcept.pg,
               params(device::counter_prefix(nir13), device::counter_prefix_end(nir13),
                      device::counter_key(nir13, std::string(keep_id))));
}

}  // namespace pg_detail

namespace {

class PostgresDeviceStore final : public ports::DeviceStore, PgPort {
 public:
  explicit PostgresDeviceStore(pg::Pool& pool) : PgPort(pool) {}

  std::optional<ports::Device> find_device(std::string_view nir13, std::string_view id) override {
    return select_first(q::kFindDevice.pg, rows::device<pg::Row>, id, nir13);
  }

  std::vector<ports::Device> list_devices(std::string_view nir13) override {
    return select_all(q::kListDevices.pg, rows::device<pg::Row>, nir13);
  }

  void remember_device(const ports::Device& device) override {
    run([&](Conn& c) { pg_detail::upsert_device(c, device); });
  }

  bool remove_device(std::string_view nir13, std::string_view id) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      if (c.exec(q::kDeleteDevice.pg, params(id, nir13)).affected() != 1) return false;
      (void)c.exec(q::kDeleteDeviceCounter.pg, params(device::counter_key(nir13, std::string(id))));
      tx.commit();
      return true;
    });
  }

  std::vector<ports::DeviceStore::Counter> lockout_counters(std::string_view nir13) override {
    std::vector<Counter> out;
    out.push_back({std::nullopt, run([&](Conn& c) { return pg_detail::read_lockout_row(c, nir13); })});
    auto devices = list_devices(nir13);
    auto rows = run([&](Conn& c) {
      auto r = c.exec(q::kDeviceCounters.pg, params(device::counter_prefix(nir13), device::counter_prefix_end(nir13)));
      std::map<std::string, lockout::Record> by_key;
      for (int i = 0; i < r.rows(); ++i) by_key[r.text(i, 0)] = rows::lockout(r.row(i), 1);
      return by_key;
    });
    for (auto& d : devices) {
      auto it = rows.find(device::counter_key(nir13, d.id));
      out.push_back({d, it == rows.end() ? lockout::Record{} : it->second});
    }
    return out;
  }
};

class PostgresSourceBudgetStore final : public ports::SourceBudgetStore, PgPort {
 public:
  explicit PostgresSourceBudgetStore(pg::Pool& pool) : PgPort(pool) {}

  throttle::Bucket read_budget(std::string_view key) override {
    return run([&](Conn& c) {
      auto r = c.exec(q::kReadBudget.pg, params(key));
      throttle::Bucket b;
      if (!r.empty()) b.tat = from_millis(r.i64(0, 0));
      return b;
    });
  }

  throttle::Take spend_budget(std::string_view key, Instant now,
                              const std::function<throttle::Take(const throttle::Bucket&)>& take) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      (void)c.exec(kCreateBudget, params(key));
      throttle::Bucket current{from_millis(c.exec(kLockBudget, params(key)).i64(0, 0))};
      throttle::Take t = take(current);
      if (t.next.tat != current.tat) (void)c.exec(q::kWriteBudget.pg, params(key, to_millis(t.next.tat)));
      if (!t.allowed) (void)c.exec(q::kRecordRefusal.pg, params(key, to_millis(now), to_millis(now - hours(1))));
      tx.commit();
      return t;
    });
  }

  std::vector<ports::SourceBudgetStore::Throttled> throttled_sources(Instant since, int limit) override {
    auto throttled = [](const pg::Row& r) {
      return Throttled{r.text(0), from_millis(r.i64(1)), from_millis(r.i64(2)), r.i64(3), from_millis(r.i64(4))};
    };
    return select_all(q::kThrottledSources.pg, throttled, to_millis(since), limit);
  }

  void record_refusal(std::string_view key, Instant at) override {
    run([&](Conn& c) { (void)c.exec(q::kRecordRefusal.pg, params(key, to_millis(at), to_millis(at - hours(1)))); });
  }
};

class PostgresSignInHistory final : public ports::SignInHistory, PgPort {
 public:
  explicit PostgresSignInHistory(pg::Pool& pool) : PgPort(pool) {}

  void record_sign_in(std::string_view nir13, Instant at, std::string_view outcome,
                      const ports::SignInNote& note) override {
    run([&](Conn& c) {
      (void)c.exec(q::kInsertSignIn.pg, params(std::optional<std::int64_t>{}, nir13, to_millis(at), outcome,
                                               note.channel, note.device_id, note.source));
    });
  }

  [[nodiscard]] std::vector<ports::SignInEvent> sign_ins(std::string_view nir13, Instant since) override {
    auto event = [](const pg::Row& r) {
      return ports::SignInEvent{from_millis(r.i64(0)), r.text(1), {r.text(2), r.text(3), r.text(4)}, r.text(5)};
    };
    return select_all(q::kListSignIns.pg, event, nir13, to_millis(since));
  }
};

}  // namespace

std::unique_ptr<ports::DeviceStore> pg_detail::make_device_store(pg::Pool& pool) {
  return std::make_unique<PostgresDeviceStore>(pool);
}

std::unique_ptr<ports::SourceBudgetStore> pg_detail::make_source_budget_store(pg::Pool& pool) {
  return std::make_unique<PostgresSourceBudgetStore>(pool);
}

std::unique_ptr<ports::SignInHistory> pg_detail::make_sign_in_history(pg::Pool& pool) {
  return std::make_unique<PostgresSignInHistory>(pool);
}

}  // namespace mc::storage
