#pragma once
// The PostgreSQL port objects a PostgresStore attaches (not part of the adapter's interface): one factory
// per port, each defined beside its port class (private to that file) in the postgres_<area>.cpp named
// below, all over the facade's pool. Only the facade and those files include this header.
#include <memory>

#include "core/ports/fwd.hpp"

namespace mc::storage {

namespace pg {
class Pool;
}  // namespace pg

namespace pg_detail {

std::unique_ptr<ports::Store> make_sign_in_store(pg::Pool& pool);                     // postgres_store.cpp
std::unique_ptr<ports::CodeStore> make_code_store(pg::Pool& pool);                    // postgres_recovery.cpp
std::unique_ptr<ports::OutboxStore> make_outbox_store(pg::Pool& pool);                // postgres_recovery.cpp
std::unique_ptr<ports::RateLimiter> make_rate_limiter(pg::Pool& pool);                // postgres_recovery.cpp
std::unique_ptr<ports::AccountStore> make_account_store(pg::Pool& pool);              // postgres_recovery.cpp
std::unique_ptr<ports::AttestationStore> make_attestation_store(pg::Pool& pool);      // postgres_attestation.cpp
std::unique_ptr<ports::FranceConnectStore> make_franceconnect_store(pg::Pool& pool);  // postgres_franceconnect.cpp
std::unique_ptr<ports::BackOfficeStore> make_backoffice_store(pg::Pool& pool);        // postgres_backoffice.cpp
std::unique_ptr<ports::RetentionStore> make_retention_store(pg::Pool& pool);          // postgres_retention.cpp
std::unique_ptr<ports::DeviceStore> make_device_store(pg::Pool& pool);                // postgres_devices.cpp
std::unique_ptr<ports::SourceBudgetStore> make_source_budget_store(pg::Pool& pool);   // postgres_devices.cpp
std::unique_ptr<ports::SignInHistory> make_sign_in_history(pg::Pool& pool);           // postgres_devices.cpp
std::unique_ptr<ports::ScamReportStore> make_scam_report_store(pg::Pool& pool);       // postgres_scam_reports.cpp
std::unique_ptr<ports::MemberRecords> make_member_records(pg::Pool& pool);            // postgres_member_records.cpp

}  // namespace pg_detail

}  // namespace mc::storage
