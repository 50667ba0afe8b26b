#pragma once
// The SQLite port objects a SqliteStore attaches (not part of the adapter's interface): one factory
// per port, each defined beside its port class (private to that file) in the sqlite_<area>.cpp named
// below, all over the facade's pool. Only the facade and those files include this header.
#include <memory>

#include "core/ports/fwd.hpp"

namespace mc::storage {

class SqlitePool;

namespace sqlite_detail {

std::unique_ptr<ports::Store> make_sign_in_store(SqlitePool& pool);                     // sqlite_store.cpp
std::unique_ptr<ports::CodeStore> make_code_store(SqlitePool& pool);                    // sqlite_recovery.cpp
std::unique_ptr<ports::OutboxStore> make_outbox_store(SqlitePool& pool);                // sqlite_recovery.cpp
std::unique_ptr<ports::RateLimiter> make_rate_limiter(SqlitePool& pool);                // sqlite_recovery.cpp
std::unique_ptr<ports::AccountStore> make_account_store(SqlitePool& pool);              // sqlite_recovery.cpp
std::unique_ptr<ports::AttestationStore> make_attestation_store(SqlitePool& pool);      // sqlite_attestation.cpp
std::unique_ptr<ports::FranceConnectStore> make_franceconnect_store(SqlitePool& pool);  // sqlite_franceconnect.cpp
std::unique_ptr<ports::BackOfficeStore> make_backoffice_store(SqlitePool& pool);        // sqlite_backoffice.cpp
std::unique_ptr<ports::RetentionStore> make_retention_store(SqlitePool& pool);          // sqlite_retention.cpp
std::unique_ptr<ports::DeviceStore> make_device_store(SqlitePool& pool);                // sqlite_devices.cpp
std::unique_ptr<ports::SourceBudgetStore> make_source_budget_store(SqlitePool& pool);   // sqlite_devices.cpp
std::unique_ptr<ports::SignInHistory> make_sign_in_history(SqlitePool& pool);           // sqlite_devices.cpp
std::unique_ptr<ports::ScamReportStore> make_scam_report_store(SqlitePool& pool);       // sqlite_scam_reports.cpp
std::unique_ptr<ports::MemberRecords> make_member_records(SqlitePool& pool);            // sqlite_member_records.cpp

}  // namespace sqlite_detail

}  // namespace mc::storage
