#pragma once
// A storage backend as a whole: one object per storage port over the backend's shared
// connections. Every backend provides every port; the composition root (src/main) opens one and
// hands each use case the ports it needs. Names the ports through fwd.hpp only, so that a change
// to one port recompiles its users, not every holder of a Storage.
#include "core/ports/fwd.hpp"

namespace mc::ports {

class Storage {
 public:
  virtual ~Storage() = default;

  // The backend answers and takes writes (/healthz); throws StorageError saying why not.
  [[nodiscard]] virtual bool ping() = 0;

  virtual Store& sign_in() = 0;
  virtual CodeStore& codes() = 0;
  virtual OutboxStore& outbox() = 0;
  virtual RateLimiter& limiter() = 0;
  virtual AccountStore& accounts() = 0;
  virtual AttestationStore& attestations() = 0;
  virtual FranceConnectStore& franceconnect() = 0;
  virtual BackOfficeStore& backoffice() = 0;
  virtual RetentionStore& retention() = 0;
  virtual DeviceStore& devices() = 0;
  virtual SourceBudgetStore& budgets() = 0;
  virtual RegisterLoader& register_loader() = 0;
  virtual ScamReportStore& scam_reports() = 0;
  virtual SignInHistory& history() = 0;
  virtual MemberRecords& member_records() = 0;
};

}  // namespace mc::ports
