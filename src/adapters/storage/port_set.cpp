#include "adapters/storage/port_set.hpp"

#include <stdexcept>

#include "core/ports/account_store.hpp"
#include "core/ports/attestation_store.hpp"
#include "core/ports/backoffice_store.hpp"
#include "core/ports/code_store.hpp"
#include "core/ports/devices.hpp"
#include "core/ports/franceconnect_store.hpp"
#include "core/ports/member_records.hpp"
#include "core/ports/outbox_store.hpp"
#include "core/ports/rate_limiter.hpp"
#include "core/ports/register_loader.hpp"
#include "core/ports/retention_store.hpp"
#include "core/ports/scam_report_store.hpp"
#include "core/ports/sign_in_history.hpp"
#include "core/ports/source_budgets.hpp"
#include "core/ports/store.hpp"

namespace mc::storage {

PortSet::PortSet() = default;
PortSet::~PortSet() = default;

bool PortSet::ping() { return p_.sign_in->ping(); }

void PortSet::attach(Ports ports) {
  const bool complete = ports.sign_in && ports.codes && ports.outbox && ports.limiter && ports.accounts &&
                        ports.attestations && ports.franceconnect && ports.backoffice && ports.retention &&
                        ports.devices && ports.budgets && ports.register_loader && ports.scam_reports &&
                        ports.history && ports.member_records;
  if (!complete) throw std::logic_error("a storage backend must provide every port");
  p_ = std::move(ports);
}

void PortSet::detach() { p_ = Ports{}; }

}  // namespace mc::storage
