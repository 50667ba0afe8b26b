#pragma once
// Members' reports of messages, labelled by advisors (issue 16; core/report/scam_report.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ports/audit_sealer.hpp"
#include "core/ports/scam_report.hpp"
#include "core/time.hpp"

namespace mc::ports {

class ScamReportStore {
 public:
  virtual ~ScamReportStore() = default;
  // Returns the new report's id. A member's report is not audited (no actor).
  virtual std::int64_t add_scam_report(const ScamReport& report) = 0;
  // Unlabelled (oldest first) or labelled reports, id > after_id, at most `limit`.
  [[nodiscard]] virtual std::vector<ScamReport> scam_reports(bool labelled, std::int64_t after_id, int limit) = 0;
  [[nodiscard]] virtual std::optional<ScamReport> find_scam_report(std::int64_t id) = 0;
  // unlabelled → labelled, with its audit entry. False (nothing written) when the report is gone
  // or already labelled (another advisor was first).
  virtual bool label_scam_report(std::int64_t id, report::Label label, std::string_view login, Instant now,
                                 const AuditSealer& audit) = 0;
  // Removes the report, labelled or not, with its audit entry. False when it is gone.
  virtual bool discard_scam_report(std::int64_t id, const AuditSealer& audit) = 0;
};

}  // namespace mc::ports
