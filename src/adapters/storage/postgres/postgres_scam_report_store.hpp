#pragma once
// The PostgreSQL ScamReportStore port (postgres_scam_reports.cpp), over the connection pool its PostgresStore facade
// owns. Only its implementation and the facade include this header.
#include "adapters/storage/postgres/postgres_port.hpp"
#include "core/ports/scam_report_store.hpp"

namespace mc::storage {

class PostgresScamReportStore final : public ports::ScamReportStore, PgPort {
 public:
  explicit PostgresScamReportStore(pg::Pool& pool) : PgPort(pool) {}

  std::int64_t add_scam_report(const ports::ScamReport& report) override;
  std::vector<ports::ScamReport> scam_reports(bool labelled, std::int64_t after_id, int limit) override;
  std::optional<ports::ScamReport> find_scam_report(std::int64_t id) override;
  bool label_scam_report(std::int64_t id, report::Label label, std::string_view login, Instant now,
                         const ports::AuditSealer& audit) override;
  bool discard_scam_report(std::int64_t id, const ports::AuditSealer& audit) override;
};

}  // namespace mc::storage
