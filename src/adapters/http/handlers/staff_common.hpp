#pragma once
// What the back-office handlers (handlers/staff_*.cpp) share: reading JSON and form fields, a use
// case's mc::Result as JSON or on a page (statuses from error_mapping.hpp), the staff page frame,
// and the wrappers that check the staff session (and, for forms, its CSRF token) before a
// handler runs. Each flow file lists its routes in a
// table of StaffRoute; register_staff_routes (staff_routes.cpp) registers every table.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "adapters/http/error_mapping.hpp"
#include "adapters/http/json_fields.hpp"
#include "adapters/http/staff_routes.hpp"

namespace mc::http::staff_web {

using json = nlohmann::json;
namespace bo = app::backoffice;
using Params = std::vector<std::string>;  // the {…} segments of the route's path
using Form = std::map<std::string, std::string>;

using http::opt_str;
using http::str;

std::string fr_date(const std::string& iso_date);

// The staff API's refusal: error_body(e) with the input at fault as `field` and `problems` (the
// staff API's names, docs/openapi.yaml Outcome) instead of the member API's `detail`/`reason`, a
// wait in Retry-After only; `extra` added (sign-in: attempts_before_lock, retry_after_s).
Response api_error(const Error& e, const json& extra = json::object());

// A success: {"result": "ok"} (200), or "accepted" (202), and `body`.
Response api_success(json body = json::object(), int status = 200);

// A use case's JSON answer: its error, or `body(value)` as a success of `status`.
template <class T, class F>
Response api(const Result<T>& r, F&& body, int status = 200) {
  if (!r) return api_error(r.error());
  return api_success(body(*r), status);
}

// An action's answer: {"result": "ok", "message": …} or its error.
Response api(const Result<bo::Done>& r);

// A use case's French confirmation as the `message` of a success body.
template <class T>
json with_message(const T& value, json body = json::object()) {
  if (!value.message.empty()) body["message"] = value.message;
  return body;
}

Response unauthenticated();

std::string staff_cookie(const WebApp& app, const Request& req, const std::string& value, bool clear = false);

std::optional<bo::StaffContext> staff_of(BackOfficeServices& s, const Request& req);

// "evidence": "free text" | {"channel":"phone","checked":[…]} | {"channel":"counter","id_document":"…"}
std::optional<staff::Evidence> evidence_from(const json& j);

bo::Justification justification_from(const json& j);

// Form fields: reason, evidence_channel (phone|counter), check_nir, check_etat_civil,
// check_adresse, check_secret, id_document.
bo::Justification justification_from(std::map<std::string, std::string>& f);

std::string lock_kind(const lockout::Status& s);

json nav(const bo::Actor& actor);

Response staff_page(WebApp& app, const Request& req, const bo::StaffContext& ctx, int status, std::string_view tpl,
                    json c);

Response to_login(WebApp& app);

// The staff home page saying why a page was refused (a role without the right), with its status.
Response refused_page(WebApp& app, const Request& req, const bo::StaffContext& ctx, const Error& e);

json id_documents();

// The reason/evidence block of one action form (web/templates/staff_justify.html); `p` makes
// its ids unique on pages with several forms.
json justify(const std::string& prefix, bool evidence = true, bool counter_only = false);

// A page's `error` (and `problems`, when several) for a refusal; returns its status.
int put_error(json& c, const Error& e);

// A page after an action: `success` with its confirmation (200), or put_error.
template <class T>
int put_result(json& c, const Result<T>& r) {
  if (!r) return put_error(c, r.error());
  c["success"] = r->message;
  return 200;
}

std::optional<std::string> field(std::map<std::string, std::string>& f, const char* name);

// An API handler that needs a signed-in member of staff and a JSON body.
template <class F>
RouteHandler staff_json(BackOfficeServices s, F f) {
  return [s, f](WebApp& a, Request& req, const std::vector<std::string>& params) mutable -> Response {
    auto ctx = staff_of(s, req);
    if (!ctx) return unauthenticated();
    auto body = a.json_body(req);
    if (auto* err = std::get_if<Response>(&body)) return *err;
    return f(*ctx, std::get<json>(body), params, req);
  };
}

// An API GET handler that needs a signed-in member of staff.
template <class F>
RouteHandler staff_get(BackOfficeServices s, F f) {
  return [s, f](WebApp&, Request& req, const std::vector<std::string>& params) mutable -> Response {
    auto ctx = staff_of(s, req);
    if (!ctx) return unauthenticated();
    return f(*ctx, params, req);
  };
}

// A staff form handler: signed in, then the CSRF token of the staff session.
template <class F>
RouteHandler staff_form(BackOfficeServices s, F f) {
  return [s, f](WebApp& a, Request& req, const std::vector<std::string>& params) mutable -> Response {
    auto ctx = staff_of(s, req);
    if (!ctx) return to_login(a);
    auto form = req.form();
    if (!a.check_csrf(req, form, ctx->session))
      return staff_page(
          a, req, *ctx, http_status(Errc::csrf), "staff_home",
          {{"title", "Espace conseiller"},
           {"error", "Le formulaire a expiré ou ne vient pas de cette page. Rechargez la page et recommencez."}});
    return f(a, req, *ctx, form, params);
  };
}

// ---------- route tables ----------

// One row per route: the handler is a named function, wrapped by the adaptor of its kind.
struct StaffRoute {
  const char* method;
  const char* path;
  RouteHandler (*make)(BackOfficeServices);
};

// No staff session needed (or checked by the handler itself).
template <Response (*H)(BackOfficeServices&, WebApp&, Request&, const Params&)>
RouteHandler open_route(BackOfficeServices s) {
  return [s](WebApp& a, Request& req, const Params& p) mutable { return H(s, a, req, p); };
}

// A page for a signed-in member of staff; anyone else goes to the sign-in page.
template <Response (*H)(BackOfficeServices&, WebApp&, Request&, const bo::StaffContext&)>
RouteHandler page_route(BackOfficeServices s) {
  return [s](WebApp& a, Request& req, const Params&) mutable {
    auto ctx = staff_of(s, req);
    if (!ctx) return to_login(a);
    return H(s, a, req, *ctx);
  };
}

// JSON API, GET: a signed-in member of staff.
template <Response (*H)(BackOfficeServices&, const bo::StaffContext&, const Params&, Request&)>
RouteHandler get_route(BackOfficeServices s) {
  return staff_get(
      s, [s](const bo::StaffContext& ctx, const Params& p, Request& req) mutable { return H(s, ctx, p, req); });
}

// JSON API with a body: a signed-in member of staff and a JSON object.
template <Response (*H)(BackOfficeServices&, const bo::StaffContext&, const json&, const Params&, Request&)>
RouteHandler json_route(BackOfficeServices s) {
  return staff_json(s, [s](const bo::StaffContext& ctx, const json& j, const Params& p, Request& req) mutable {
    return H(s, ctx, j, p, req);
  });
}

// A page's form: a signed-in member of staff and the staff session's CSRF token.
template <Response (*H)(BackOfficeServices&, WebApp&, Request&, const bo::StaffContext&, Form&, const Params&)>
RouteHandler form_route(BackOfficeServices s) {
  return staff_form(s, [s](WebApp& a, Request& req, const bo::StaffContext& ctx, Form& f, const Params& p) mutable {
    return H(s, a, req, ctx, f, p);
  });
}

std::span<const StaffRoute> session_routes();  // handlers/staff_session.cpp
std::span<const StaffRoute> member_routes();   // handlers/staff_members.cpp
std::span<const StaffRoute> help_routes();     // handlers/staff_help.cpp
std::span<const StaffRoute> audit_routes();    // handlers/staff_audit.cpp
std::span<const StaffRoute> team_routes();     // handlers/staff_team.cpp

}  // namespace mc::http::staff_web
