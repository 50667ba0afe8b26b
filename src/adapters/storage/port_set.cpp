#include "adapters/storage/port_set.hpp"

#include <stdexcept>

#include "adapters/storage/every_port.hpp"

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
