// "Mes appareils" (SPEC §3 device trust): the member's recognised devices, as JSON and as a
// part of the account page, and removing one.
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/time_text.hpp"
#include "adapters/http/web_app.hpp"
#include "core/ports/devices.hpp"

namespace mc::http {

using json = nlohmann::json;

json devices_json(WebApp& app, const Request& req, const std::string& nir13, bool for_page) {
  auto& s = app.services();
  const auto current = s.login.recognised_device(nir13, WebApp::device_cookie_value(req));
  json list = json::array();
  for (const auto& d : s.devices.list_devices(nir13)) {
    json item = {{"id", d.id},
                 {"label", d.label},
                 {"first_seen_at", for_page ? fr_time(d.first_seen_at) : iso(d.first_seen_at)},
                 {"last_seen_at", for_page ? fr_time(d.last_seen_at) : iso(d.last_seen_at)},
                 {"current", current == d.id}};
    list.push_back(std::move(item));
  }
  return list;
}

namespace {

Response api_devices(WebApp& app, Request& req, const std::vector<std::string>&) {
  auto session = app.member_session(req);
  if (!session) return json_error(Errc::unauthenticated, "Vous n'êtes pas connecté, ou votre session a expiré.");
  return json_response(200, {{"devices", devices_json(app, req, session->subject, false)}});
}

Response api_remove_device(WebApp& app, Request& req, const std::vector<std::string>& params) {
  auto session = app.member_session(req);
  if (!session) return json_error(Errc::unauthenticated, "Vous n'êtes pas connecté, ou votre session a expiré.");
  if (!app.services().devices.remove_device(session->subject, params.at(0)))
    return json_error(Errc::not_found, "Cet appareil n'est pas (ou plus) reconnu pour votre compte.");
  return json_response(200, {{"result", "ok"}});
}

Response page_remove_device(WebApp& app, Request& req, const std::vector<std::string>& params) {
  auto session = app.member_session(req);
  if (!session) return app.redirect("/connexion");
  auto form = req.form();
  if (!app.check_csrf(req, form, session)) return app.redirect("/mon-compte");
  (void)app.services().devices.remove_device(session->subject, params.at(0));
  return app.redirect("/mon-compte?appareil-retire=1#appareils");
}

}  // namespace

void register_device_routes(WebApp& app) {
  app.route("GET", "/api/v1/me/devices", api_devices);
  app.route("DELETE", "/api/v1/me/devices/{id}", api_remove_device);
  app.route("POST", "/mon-compte/appareils/{id}/retirer", page_remove_device);
}

}  // namespace mc::http
