#pragma once
// The one place where the error vocabulary (core/error.hpp) becomes HTTP.
#include <nlohmann/json.hpp>

#include "adapters/http/message.hpp"
#include "core/error.hpp"

namespace mc::http {

[[nodiscard]] int http_status(Errc code);
// Seconds for Retry-After on codes the client should retry (busy, unavailable); 0 otherwise.
[[nodiscard]] int retry_after_s(Errc code);

// {"result": "<code>", "message": "…", …extra}
[[nodiscard]] Response json_error(Errc code, std::string_view message, nlohmann::json extra = nlohmann::json::object());

[[nodiscard]] Response json_response(int status, const nlohmann::json& body);

}  // namespace mc::http
