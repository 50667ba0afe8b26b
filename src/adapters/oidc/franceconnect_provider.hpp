#pragma once
// The FranceConnect relying party (mc::oidc::FranceConnectClient) behind the use case's
// provider port (core/ports/franceconnect_provider.hpp): the wiring builds it, the routes only
// see the port.
#include <memory>

#include "adapters/oidc/franceconnect_client.hpp"
#include "core/ports/franceconnect_provider.hpp"

namespace mc::oidc {

// The shared, thread-safe relying party. Throws std::invalid_argument on an unusable config.
[[nodiscard]] std::unique_ptr<ports::FranceConnectProvider> make_franceconnect_provider(ProviderConfig config);

}  // namespace mc::oidc
