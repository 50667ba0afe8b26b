#pragma once
// Shared by the SQLite store's translation units (not part of the adapter's interface).
#include <string_view>

#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "adapters/storage/time_columns.hpp"
#include "core/account/contact.hpp"
#include "core/lockout/lockout.hpp"
#include "core/outbox.hpp"
#include "core/ports/audit_sealer.hpp"
#include "core/ports/fwd.hpp"

namespace mc::storage {

namespace sqlite_detail {
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

// The names every translation unit of the SQLite store uses.
using sqlite::Db;
using sqlite::Stmt;
using sqlite::Transaction;
using namespace sqlite_detail;

}  // namespace mc::storage
