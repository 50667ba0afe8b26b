#pragma once
// Shared by the PostgreSQL store's translation units (not part of the adapter's interface).
#include <string_view>

#include "adapters/storage/postgres/pg_db.hpp"
#include "adapters/storage/postgres/postgres_port.hpp"
#include "adapters/storage/time_columns.hpp"
#include "core/account/contact.hpp"
#include "core/lockout/lockout.hpp"
#include "core/outbox.hpp"
#include "core/ports/audit_sealer.hpp"
#include "core/ports/fwd.hpp"

namespace mc::storage {

namespace pg_detail {

// The NIR's lockout row as it is (zero when there is none), without locking it.
lockout::Record read_lockout_row(pg::Conn& c, std::string_view nir13);
// Locks the NIR's lockout row for the rest of the transaction (creating it at zero first if it
// does not exist yet) and returns what it holds.
lockout::Record lock_lockout_row(pg::Conn& c, std::string_view nir13);
// Writes a row locked by lock_lockout_row.
void write_locked_lockout_row(pg::Conn& c, std::string_view nir13, const lockout::Record& r);
void insert_mail(pg::Conn& c, const outbox::Mail& m, Instant now);
void insert_letter(pg::Conn& c, const outbox::Letter& l, Instant now);
// postgres_recovery.cpp: the contact part of a member's or an advisor's change.
void write_contact(pg::Conn& c, std::string_view nir13, const account::ContactChange& k);
// postgres_devices.cpp
void upsert_device(pg::Conn& c, const ports::Device& d);
// Every device counter of the account removed, or only those not locked for good.
void clear_device_counters(pg::Conn& c, std::string_view nir13, bool keep_permanent);
void revoke_devices_except(pg::Conn& c, std::string_view nir13, std::string_view keep_id);
// postgres_backoffice.cpp: appends a sealed audit entry inside the caller's transaction, after
// every other lock it takes.
staff::AuditEntry append_audit_entry(pg::Conn& c, const ports::AuditSealer& sealer);

}  // namespace pg_detail

// The names every translation unit of the PostgreSQL store uses.
using pg::Conn;
using pg::params;
using pg::Result;
using pg::Transaction;
using namespace pg_detail;

}  // namespace mc::storage
