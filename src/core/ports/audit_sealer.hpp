#pragma once
#include <functional>

#include "core/staff/audit.hpp"

namespace mc::ports {

// Seals one audit entry inside the store's transaction, given the chain head read there; the
// store then writes the entry and the new head. Appends are serialised (one chain, no fork).
using AuditSealer = std::function<staff::AuditEntry(const staff::ChainHead&)>;

}  // namespace mc::ports
