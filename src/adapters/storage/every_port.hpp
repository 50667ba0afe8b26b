#pragma once
// Every storage port's own header, for the few translation units that build or destroy a whole
// PortSet::Ports (port_set.cpp and the two facades, sqlite_storage.cpp and postgres_storage.cpp).
// Nothing else includes it: a change to one port recompiles only its users.
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
