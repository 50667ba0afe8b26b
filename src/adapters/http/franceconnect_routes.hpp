#pragma once
// The FranceConnect face of the service (SPEC §5, §11): the routes
//   GET /api/v1/franceconnect/authorize        → 302 to FranceConnect (flow cookie mc_fc)
//   GET /api/v1/franceconnect/callback         → session + 303 to /mon-compte, or a French page
//   GET /api/v1/franceconnect/logout-callback  → the return from FranceConnect's logout
// and the logout hook that sends a FranceConnect session's logout on to FranceConnect.
// Registered by the wiring only when franceconnect.enabled is true.
#include <functional>
#include <nlohmann/json.hpp>
#include <string_view>

#include "adapters/http/web_app.hpp"
#include "app/franceconnect_login.hpp"

namespace mc::http {

// Where failures and outcomes are logged (the HTTP layer has no logger of its own).
using FranceConnectLog = std::function<void(bool warning, std::string_view event, const nlohmann::json& fields)>;

void register_franceconnect_routes(WebApp& app, app::FranceConnectLogin& login, FranceConnectLog log = {});

}  // namespace mc::http
