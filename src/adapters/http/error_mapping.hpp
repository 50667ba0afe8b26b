#pragma once
// The one place where the error vocabulary (core/error.hpp) becomes HTTP.
#include <cstdint>

#include <nlohmann/json.hpp>

#include "adapters/http/message.hpp"
#include "core/error.hpp"

namespace mc::http {

[[nodiscard]] int http_status(Errc code);
// Default seconds for Retry-After on codes the client should retry later (busy, unavailable,
// rate_limited); 0 otherwise.
[[nodiscard]] int retry_after_s(Errc code);
// The error's own wait (details.retry_after_s) when it has one, else the code's default.
[[nodiscard]] std::int64_t retry_after_s(const Error& e);
// Sets Retry-After when retry_after_s(e) > 0: the one place JSON answers and pages take it from.
void set_retry_after(Response& r, const Error& e);

// {"result", "message", and every detail that is set (detail, reasons, problems,
// attempts_before_lock, tries_left, retry_after_s, organisme/online_space/phone)}; an invalid NIR carries its sentence
// as `detail` and its rule as `reason`.
[[nodiscard]] nlohmann::json error_body(const Error& e);
// error_body(e) + extra, with http_status(e.code) and Retry-After.
[[nodiscard]] Response json_error(const Error& e, const nlohmann::json& extra = nlohmann::json::object());

// {"result": "<code>", "message": "…", …extra}
[[nodiscard]] Response json_error(Errc code, std::string_view message, nlohmann::json extra = nlohmann::json::object());

[[nodiscard]] Response json_response(int status, const nlohmann::json& body);

}  // namespace mc::http
