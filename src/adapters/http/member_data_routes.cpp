// The member's own data (issue 17 item 5): "Historique de connexion" (on the account page and
// GET /api/v1/me/sign-ins) and "Mes données" (GET /api/v1/me/data, a JSON download).
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/time_text.hpp"
#include "adapters/http/web_app.hpp"

namespace mc::http {

using json = nlohmann::json;

json sign_ins_json(WebApp& app, const std::string& nir13, bool for_page) {
  json list = json::array();
  auto* data = app.services().member_data;
  if (!data) return list;
  for (const auto& l : data->sign_ins(nir13)) {
    if (for_page) {
      list.push_back({{"at", paris_time(l.at)},
                      {"result", l.result_fr},
                      {"failed", l.result != "ok"},
                      {"channel", l.channel_fr},
                      {"device", l.device_fr},
                      {"source", l.source}});
    } else {
      list.push_back(app::sign_in_json(l, iso));
    }
  }
  return list;
}

namespace {

Response api_sign_ins(WebApp& app, Request& req, const std::vector<std::string>&) {
  auto session = app.member_session(req);
  if (!session) return json_error(Errc::unauthenticated, "Vous n'êtes pas connecté, ou votre session a expiré.");
  Response r = json_response(200, {{"sign_ins", sign_ins_json(app, session->subject, false)}});
  r.header("Cache-Control", "no-store");
  return r;
}

Response api_data(WebApp& app, Request& req, const std::vector<std::string>&) {
  auto session = app.member_session(req);
  if (!session) return json_error(Errc::unauthenticated, "Vous n'êtes pas connecté, ou votre session a expiré.");
  auto* data = app.services().member_data;
  if (!data) return json_error(Errc::not_found, "Ce service n'est pas disponible.");
  Response r = json_response(200, data->everything(session->subject, &iso));
  r.header("Content-Disposition", "attachment; filename=\"mes-donnees-moncompte.json\"");
  r.header("Cache-Control", "no-store");
  return r;
}

}  // namespace

void register_member_data_routes(WebApp& app) {
  app.route("GET", "/api/v1/me/sign-ins", api_sign_ins);
  app.route("GET", "/api/v1/me/data", api_data);
}

}  // namespace mc::http
