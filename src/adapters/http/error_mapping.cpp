#include "adapters/http/error_mapping.hpp"

namespace mc::http {

int http_status(Errc code) {
  switch (code) {
    case Errc::cancelled: return 200;  // FranceConnect: the member chose to stop; the page says so
    case Errc::invalid_input:
    case Errc::invalid_nir:
    case Errc::invalid_or_expired:
    case Errc::not_identified:
    case Errc::no_email:
    case Errc::invalid_flow: return 400;
    case Errc::invalid_credentials:
    case Errc::unauthenticated: return 401;
    case Errc::inactive:
    case Errc::pending:
    case Errc::other_space:
    case Errc::forbidden:
    case Errc::csrf:
    case Errc::no_match:
    case Errc::several_matches:
    case Errc::no_account: return 403;
    case Errc::not_found: return 404;
    case Errc::timeout: return 408;
    case Errc::already_active:
    case Errc::conflict:
    case Errc::link_conflict: return 409;
    case Errc::payload_too_large: return 413;
    case Errc::weak_password: return 422;
    case Errc::temporarily_locked:
    case Errc::permanently_locked: return 423;
    case Errc::rate_limited:
    case Errc::too_many_requests: return 429;
    case Errc::headers_too_large: return 431;
    case Errc::internal: return 500;
    case Errc::provider_error: return 502;
    case Errc::busy:
    case Errc::unavailable: return 503;
  }
  return 500;
}

int retry_after_s(Errc code) {
  switch (code) {
    case Errc::busy:
    case Errc::unavailable: return 2;
    case Errc::rate_limited: return 3600;  // only when the use case did not say (details.retry_after_s)
    default: return 0;
  }
}

std::int64_t retry_after_s(const Error& e) {
  if (e.details.retry_after_s > 0) return e.details.retry_after_s;
  return retry_after_s(e.code);
}

void set_retry_after(Response& r, const Error& e) {
  if (auto s = retry_after_s(e); s > 0) r.header("Retry-After", std::to_string(s));
}

nlohmann::json error_body(const Error& e) {
  nlohmann::json body = {{"result", result_code(e.code)}};
  if (!e.message.empty()) body["message"] = e.message;
  const auto& d = e.details;
  // An invalid NIR says its sentence as `detail` and the rule it breaks as `reason` (SPEC §11).
  if (e.code == Errc::invalid_nir)
    body["detail"] = e.message, body["reason"] = d.field;
  else if (!d.field.empty())
    body["detail"] = d.field;
  if (!d.reasons.empty()) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& r : d.reasons) reasons.push_back({{"code", r.code}, {"message", r.message}});
    body["reasons"] = reasons;
  }
  if (!d.problems.empty()) body["problems"] = d.problems;
  if (d.attempts_before_lock >= 0) body["attempts_before_lock"] = d.attempts_before_lock;
  if (d.next_lock_is_permanent) body["next_lock_is_permanent"] = true;
  if (d.tries_left >= 0) body["tries_left"] = d.tries_left;
  if (d.retry_after_s > 0) body["retry_after_s"] = d.retry_after_s;
  if (d.other_space)
    body["organisme"] = d.other_space->name, body["online_space"] = d.other_space->online_space,
    body["phone"] = d.other_space->phone;
  return body;
}

Response json_error(const Error& e, const nlohmann::json& extra) {
  nlohmann::json body = error_body(e);
  for (const auto& [k, v] : extra.items()) body[k] = v;
  Response r = json_response(http_status(e.code), body);
  set_retry_after(r, e);
  return r;
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
