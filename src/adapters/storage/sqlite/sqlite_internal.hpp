#pragma once
// Shared by the SQLite store's translation units (not part of the adapter's interface).
#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/sqlite_store.hpp"

namespace mc::storage {

class SqliteStore::Connection : public sqlite::Db {
 public:
  using Db::Db;
};

class SqliteStore::Lease {
 public:
  Lease(SqliteStore& owner, std::unique_ptr<Connection> c) : owner_(owner), c_(std::move(c)) {}
  Lease(Lease&&) = default;
  ~Lease() {
    if (c_) owner_.release(std::move(c_));
  }
  sqlite::Db& operator*() { return *c_; }
  sqlite::Db* operator->() { return c_.get(); }

 private:
  SqliteStore& owner_;
  std::unique_ptr<Connection> c_;
};

namespace sqlite_detail {
inline std::optional<std::int64_t> opt_ms(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return to_millis(*t);
}
inline std::optional<Instant> opt_instant(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return from_millis(*v);
}
lockout::Record read_lockout_row(sqlite::Db& db, std::string_view nir13);
void write_lockout_row(sqlite::Db& db, std::string_view nir13, const lockout::Record& r);
void insert_mail(sqlite::Db& db, const outbox::Mail& m, Instant now);
void insert_letter(sqlite::Db& db, const outbox::Letter& l, Instant now);
// sqlite_recovery.cpp: the contact part of a member's or an advisor's change.
void write_contact(sqlite::Db& db, std::string_view nir13, const account::ContactChange& c);
// sqlite_devices.cpp
void upsert_device(sqlite::Db& db, const ports::Device& d);
// Every device counter of the account removed, or only those not locked for good.
void clear_device_counters(sqlite::Db& db, std::string_view nir13, bool keep_permanent);
void revoke_devices_except(sqlite::Db& db, std::string_view nir13, std::string_view keep_id);
// sqlite_backoffice.cpp: appends a sealed audit entry inside the caller's write transaction.
staff::AuditEntry append_audit_entry(sqlite::Db& db, const ports::AuditSealer& sealer);
}  // namespace sqlite_detail

}  // namespace mc::storage
