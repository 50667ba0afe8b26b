#pragma once
// Reading, verifying and exporting the audit log (supervisors; the operator's command line).
#include <functional>
#include <string_view>

#include "app/backoffice/common.hpp"
#include "core/staff/audit.hpp"

namespace mc::app::backoffice {

struct AuditPage {
  std::vector<staff::AuditEntry> entries;  // oldest first
  staff::ChainHead head;
};

struct ChainReport {
  std::int64_t entries = 0;  // entries that verified
  staff::ChainHead head;     // as stored
  std::optional<staff::ChainBreak> broken;
  [[nodiscard]] bool intact() const { return !broken; }
};

// One entry as a JSON line: the canonical fields plus prev_hash and hash (docs/backoffice.md).
[[nodiscard]] std::string to_jsonl(const staff::AuditEntry& e);

class AuditLog {
 public:
  AuditLog(ports::BackOfficeStore& bo, ports::Crypto& crypto, const ports::Clock& clock)
      : bo_(bo), crypto_(crypto), clock_(clock) {}

  // The newest `limit` entries; `subject` filters (a NIR, a login, a reference) when not empty.
  Result<AuditPage> recent(const Actor& actor, int limit, const std::string& subject = {});
  // Walks the whole chain (read only).
  ChainReport verify();
  // For a supervisor: the check itself is recorded in the log once it has run.
  Result<ChainReport> verify_as(const Actor& actor);
  // Every entry, one JSON line each, to `sink`; the export is itself logged first.
  Result<Done> export_jsonl(const Actor& actor, const std::string& reason,
                            const std::function<void(std::string_view)>& sink);

 private:
  ports::BackOfficeStore& bo_;
  ports::Crypto& crypto_;
  const ports::Clock& clock_;
};

}  // namespace mc::app::backoffice
