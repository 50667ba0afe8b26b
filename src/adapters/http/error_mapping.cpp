#include "adapters/http/error_mapping.hpp"

namespace mc::http {

int http_status(Errc code) {
  switch (code) {
    case Errc::invalid_input: return 400;
    case Errc::invalid_nir: return 400;
    case Errc::invalid_or_expired: return 400;
    case Errc::invalid_credentials: return 401;
    case Errc::unauthenticated: return 401;
    case Errc::inactive: return 403;
    case Errc::pending: return 403;
    case Errc::other_space: return 403;
    case Errc::forbidden: return 403;
    case Errc::csrf: return 403;
    case Errc::not_found: return 404;
    case Errc::weak_password: return 422;
    case Errc::temporarily_locked: return 423;
    case Errc::permanently_locked: return 423;
    case Errc::rate_limited: return 429;
    case Errc::too_many_requests: return 429;
    case Errc::internal: return 500;
    case Errc::busy: return 503;
    case Errc::unavailable: return 503;
  }
  return 500;
}

int retry_after_s(Errc code) {
  switch (code) {
    case Errc::busy:
    case Errc::unavailable: return 2;
    default: return 0;
  }
}

Response json_response(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response json_error(Errc code, std::string_view message, nlohmann::json extra) {
  nlohmann::json body = {{"result", result_code(code)}};
  if (!message.empty()) body["message"] = message;
  for (auto& [k, v] : extra.items()) body[k] = v;
  Response r = json_response(http_status(code), body);
  if (int s = retry_after_s(code); s > 0) r.header("Retry-After", std::to_string(s));
  return r;
}

}  // namespace mc::http
