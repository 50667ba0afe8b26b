// The attestation de droits: download (signed in), public verification, paper copy by post.
#include <variant>

#include "adapters/http/error_mapping.hpp"
#include "adapters/http/json_fields.hpp"
#include "adapters/http/web_app.hpp"
#include "app/attestations.hpp"

namespace mc::http {

using json = nlohmann::json;

namespace {

json verification_json(const attestation::Verification& v) {
  json j = {{"genuine", v.genuine}};
  if (v.genuine) {
    j["holder_initials"] = v.initials;
    j["organisme"] = v.organisme_name;
    j["rights_from"] = v.rights_from;
    j["rights_to"] = v.rights_to;
    j["issue_date"] = v.issue_date;
    j["valid_until"] = v.valid_until;
  } else {
    j["reason"] = v.reason.empty() ? "Ce document n'est pas authentique." : v.reason;
  }
  return j;
}

// These answers keep their SPEC §11 shape: the wait in Retry-After only, and for a NIR its
// sentence as `detail` and its rule as `reason`. Status and Retry-After come from error_mapping.
Response api_error(const Error& e) {
  json body = error_body(e);
  body.erase("retry_after_s");
  if (e.code == Errc::invalid_nir) body.erase("message");  // its sentence is already `detail`
  Response r = json_response(http_status(e.code), body);
  set_retry_after(r, e);
  return r;
}

Response pdf_response(std::vector<std::uint8_t> bytes, const std::string& filename) {
  Response r;
  r.content_type = "application/pdf";
  r.body.assign(bytes.begin(), bytes.end());
  r.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

}  // namespace

void register_attestation_routes(WebApp& app, app::Attestations& attestations) {
  auto* att = &attestations;

  auto download = [att](WebApp& a, Request& req, const auto&) {
    auto session = a.member_session(req);
    if (!session) {
      if (req.path.starts_with("/api/")) return json_error(Errc::unauthenticated, "Vous n'êtes pas connecté, ou votre session a expiré.");
      return a.redirect("/connexion");
    }
    auto issued = att->issue_for(session->subject);
    if (!issued) return json_error(Errc::internal, "L'attestation n'a pas pu être produite. Réessayez dans un instant.");
    return pdf_response(std::move(issued->pdf), "attestation-droits.pdf");
  };
  app.route("GET", "/api/v1/me/attestation.pdf", download);
  app.route("GET", "/mon-compte/attestation.pdf", download);
  app.route("GET", "/mon-compte/attestation", [](WebApp& a, Request& req, const auto&) {
    auto session = a.member_session(req);
    if (!session) return a.redirect("/connexion");
    return a.page(200, "attestation", {{"title", "Mon attestation de droits"}, {"signed_in", true}}, req);
  });

  app.route("POST", "/api/v1/attestation/verify", [att](WebApp& a, Request& req, const auto&) {
    auto body = a.json_body(req);
    if (auto* err = std::get_if<Response>(&body)) return *err;
    const json& j = std::get<json>(body);
    auto checked = att->verify(str(j, "code"), str(j, "payload"), req.client_ip);
    if (!checked) return api_error(checked.error());
    return json_response(200, verification_json(*checked));
  });
  app.route("GET", "/verifier-une-attestation", [](WebApp& a, Request& req, const auto&) {
    json ctx = {{"title", "Vérifier une attestation de droits"}};
    return a.anonymous_page(req, 200, "attestation_verify", ctx);
  });
  app.route("POST", "/verifier-une-attestation", [att](WebApp& a, Request& req, const auto&) {
    auto f = req.form();
    json ctx = {{"title", "Vérifier une attestation de droits"}, {"code", f["code"]}};
    int status = 200;
    if (!a.check_csrf(req, f, std::nullopt)) {
      ctx["error"] = "Le formulaire a expiré. Validez à nouveau.";
      status = http_status(Errc::csrf);
    } else if (auto checked = att->verify(f["code"], f["payload"], req.client_ip); !checked) {
      ctx["error"] = checked.error().message;
      status = http_status(checked.error().code);
    } else {
      ctx["result"] = verification_json(*checked);
    }
    return a.anonymous_page(req, status, "attestation_verify", ctx);
  });

  app.route("POST", "/api/v1/attestation/paper-request", [att](WebApp& a, Request& req, const auto&) {
    auto body = a.json_body(req);
    if (auto* err = std::get_if<Response>(&body)) return *err;
    const json& j = std::get<json>(body);
    auto accepted = att->request_paper(str(j, "nir"), str(j, "birth_date"), req.client_ip);
    if (!accepted) return api_error(accepted.error());
    return json_response(202, {{"result", "accepted"}, {"message", *accepted}});
  });
  app.route("GET", "/attestation-par-courrier", [](WebApp& a, Request& req, const auto&) {
    json ctx = {{"title", "Recevoir mon attestation par courrier"}};
    return a.anonymous_page(req, 200, "attestation_paper", ctx);
  });
  app.route("POST", "/attestation-par-courrier", [att](WebApp& a, Request& req, const auto&) {
    auto f = req.form();
    json ctx = {{"title", "Recevoir mon attestation par courrier"},
                {"nir", f["nir"]}, {"birth_date", f["birth_date"]}};
    int status = 202;
    if (!a.check_csrf(req, f, std::nullopt)) {
      ctx["error"] = "Le formulaire a expiré. Validez à nouveau.";
      status = http_status(Errc::csrf);
    } else if (auto accepted = att->request_paper(f["nir"], f["birth_date"], req.client_ip); accepted) {
      ctx["success"] = *accepted;
    } else {
      const Error& e = accepted.error();
      ctx["error"] = e.message;
      if (e.code == Errc::invalid_nir) ctx["nir_error"] = e.message;
      status = http_status(e.code);
    }
    return a.anonymous_page(req, status, "attestation_paper", ctx);
  });
}

}  // namespace mc::http
