#pragma once
// A member's report of a message as stored (ports/scam_report_store.hpp), as a value: the back
// office's use cases hand it out without depending on the ScamReportStore port.
#include <cstdint>
#include <optional>
#include <string>

#include "core/report/scam_report.hpp"
#include "core/time.hpp"

namespace mc::ports {

struct ScamReport {
  std::int64_t id = 0;
  std::string channel;                // "sms" or "email"
  std::string sender, subject, text;  // already masked (report::mask_personal_data)
  std::string verdict;                // what the checker answered when the member reported it
  Instant created_at{};
  std::optional<report::Label> label;  // none until an advisor labels it
  std::string labelled_by;
  std::optional<Instant> labelled_at;
};

}  // namespace mc::ports
