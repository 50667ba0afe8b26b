// Getting back in: forgot password, reset completion, activation, e-mail verification, and the
// signed-in settings. API (SPEC §11) and pages share the use cases in app/recovery. One named
// handler per route; the table at the end registers them (docs/adding-a-flow.md).
#include "app/recovery.hpp"

#include <variant>

#include "adapters/http/error_mapping.hpp"
#include "adapters/http/web_app.hpp"
#include "core/ports/store.hpp"

namespace mc::http {

using json = nlohmann::json;

namespace {

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int status_of(const app::StepResult& r) {
  const auto& k = r.kind;
  if (k == "accepted") return 202;
  if (k == "ok") return 200;
  if (k == "invalid_nir" || k == "invalid_input" || k == "invalid_or_expired" || k == "not_identified" ||
      k == "no_email")
    return 400;
  if (k == "invalid_credentials") return 401;
  if (k == "other_space") return 403;
  if (k == "already_active") return 409;
  if (k == "weak_password") return 422;
  if (k == "permanently_locked") return 423;
  if (k == "rate_limited") return 429;
  if (k == "busy") return 503;
  return 400;
}

Response api_result(const app::StepResult& r) {
  json body = {{"result", r.kind}};
  if (!r.message.empty()) body["message"] = r.message;
  if (!r.detail.empty()) body["detail"] = r.detail;
  if (r.kind == "invalid_nir") body["detail"] = r.message, body["reason"] = r.detail;
  if (!r.violations.empty()) {
    json reasons = json::array();
    for (const auto& v : r.violations) reasons.push_back({{"code", v.code}, {"message", v.message}});
    body["reasons"] = reasons;
  }
  if (r.organisme)
    body["organisme"] = r.organisme->name, body["online_space"] = r.organisme->online_space,
    body["phone"] = r.organisme->phone;
  if (!r.channel.empty()) body["channel"] = r.channel;
  if (r.email_verification_required) body["email_verification_required"] = true;
  if (r.tries_left >= 0) body["tries_left"] = r.tries_left;
  Response res = json_response(status_of(r), body);
  if (r.kind == "rate_limited") res.header("Retry-After", std::to_string(r.retry_after_s > 0 ? r.retry_after_s : 3600));
  if (r.kind == "busy") res.header("Retry-After", "2");
  return res;
}

// The device completing a reset keeps its place; every other device of the account is revoked.
app::Recovery::DeviceOf device_of(WebApp& app, const Request& req) {
  return [&app, cookie = WebApp::device_cookie_value(req)](const std::string& nir13) {
    return app.services().login.recognised_device(nir13, cookie);
  };
}

template <class F>
Response with_json(WebApp& app, Request& req, F&& f) {
  auto body = app.json_body(req);
  if (auto* err = std::get_if<Response>(&body)) return *err;
  return api_result(f(std::get<json>(body)));
}

// --- pages ---

json form_context(const app::StepResult& r) {
  json ctx = {{"error", r.message}};
  json list = json::array();
  for (const auto& v : r.violations) list.push_back({{"message", v.message}});
  if (!list.empty()) ctx["violations"] = list;
  if (r.kind == "invalid_nir") ctx["nir_error"] = r.message;
  if (r.detail == "birth_date") ctx["birth_date_error"] = r.message;
  if (r.detail == "email") ctx["email_error"] = r.message;
  if (r.detail == "code_format" || (r.kind == "invalid_or_expired" && r.tries_left >= 0)) ctx["code_error"] = r.message;
  if (r.kind == "weak_password") {
    // Each broken rule once: listed under the summary, not repeated in the summary's sentence
    // nor beside the field (the field's hint already states the rules).
    if (!list.empty()) ctx["error"] = "Ce mot de passe ne respecte pas les règles suivantes :";
    ctx["password_error"] =
        list.empty() ? json(r.message) : json("Choisissez un mot de passe qui respecte toutes les règles.");
  }
  return ctx;
}

Response csrf_expired(WebApp& app, Request& req, std::string_view tpl, json ctx) {
  ctx["error"] = "Le formulaire a expiré. Vérifiez vos informations et validez à nouveau.";
  return app.anonymous_page(req, 403, tpl, std::move(ctx));
}

// ---- API (SPEC §11) ----

Response api_start_reset(app::Recovery& rec, WebApp& a, Request& req) {
  return with_json(a, req, [&](const json& j) {
    return rec.start_reset(str(j, "nir"), str(j, "birth_date"), str(j, "channel"), req.client_ip);
  });
}

Response api_complete_reset(app::Recovery& rec, WebApp& a, Request& req) {
  return with_json(a, req, [&](const json& j) {
    if (j.contains("token")) return rec.complete_with_token(str(j, "token"), str(j, "new_password"), device_of(a, req));
    return rec.complete_with_code(str(j, "nir"), str(j, "code"), str(j, "new_password"), device_of(a, req));
  });
}

Response api_start_activation(app::Recovery& rec, WebApp& a, Request& req) {
  return with_json(a, req, [&](const json& j) {
    return rec.start_activation(str(j, "nir"), str(j, "birth_date"), str(j, "postal_code"), str(j, "secret"),
                                str(j, "channel"), req.client_ip);
  });
}

Response api_complete_activation(app::Recovery& rec, WebApp& a, Request& req) {
  return with_json(a, req, [&](const json& j) {
    return rec.complete_activation(str(j, "nir"), str(j, "code"), str(j, "new_password"), str(j, "email"));
  });
}

Response api_verify_email(app::Recovery& rec, WebApp& a, Request& req) {
  return with_json(a, req, [&](const json& j) { return rec.verify_email(str(j, "token")); });
}

Response api_change_password(app::Recovery& rec, WebApp& a, Request& req) {
  auto session = a.member_session(req);
  if (!session) return json_error(Errc::unauthenticated, "Vous n'êtes pas connecté, ou votre session a expiré.");
  return with_json(a, req, [&](const json& j) {
    return rec.change_password(*session, str(j, "current_password"), str(j, "new_password"));
  });
}

Response api_change_email(app::Recovery& rec, WebApp& a, Request& req) {
  auto session = a.member_session(req);
  if (!session) return json_error(Errc::unauthenticated, "Vous n'êtes pas connecté, ou votre session a expiré.");
  return with_json(a, req, [&](const json& j) { return rec.request_email_change(*session, str(j, "email")); });
}

// ---- pages ----

Response reset_request_form(app::Recovery&, WebApp& a, Request& req) {
  return a.anonymous_page(req, 200, "reset_request", {{"title", "Mot de passe oublié"}, {"channel_email", true}});
}

Response reset_request(app::Recovery& rec, WebApp& a, Request& req) {
  auto f = req.form();
  json ctx = {{"title", "Mot de passe oublié"},
              {"nir", f["nir"]},
              {"birth_date", f["birth_date"]},
              {"channel_email", f["channel"] != "postal"},
              {"channel_postal", f["channel"] == "postal"}};
  if (!a.check_csrf(req, f, std::nullopt)) return csrf_expired(a, req, "reset_request", ctx);
  auto r = rec.start_reset(f["nir"], f["birth_date"], f["channel"], req.client_ip);
  if (r.kind == "accepted")
    return a.anonymous_page(
        req, 202, "reset_sent",
        {{"title", "Demande enregistrée"}, {"message", r.message}, {"postal", r.channel == "postal"}});
  ctx.update(form_context(r));
  return a.anonymous_page(req, status_of(r), "reset_request", ctx);
}

Response reset_link_form(app::Recovery&, WebApp& a, Request& req) {
  return a.anonymous_page(req, 200, "reset_complete",
                          {{"title", "Nouveau mot de passe"}, {"token", req.query["token"]}});
}

Response reset_with_link(app::Recovery& rec, WebApp& a, Request& req) {
  auto f = req.form();
  json ctx = {{"title", "Nouveau mot de passe"}, {"token", f["token"]}};
  if (!a.check_csrf(req, f, std::nullopt)) return csrf_expired(a, req, "reset_complete", ctx);
  if (f["new_password"] != f["confirm_password"]) {
    ctx["error"] = ctx["password_error"] = "Les deux mots de passe saisis sont différents.";
    return a.anonymous_page(req, 400, "reset_complete", ctx);
  }
  auto r = rec.complete_with_token(f["token"], f["new_password"], device_of(a, req));
  if (r.kind == "ok")
    return a.anonymous_page(req, 200, "reset_done", {{"title", "Mot de passe modifié"}, {"message", r.message}});
  ctx.update(form_context(r));
  ctx["locked"] = r.kind == "permanently_locked";
  ctx["expired"] = r.kind == "invalid_or_expired";
  return a.anonymous_page(req, status_of(r), "reset_complete", ctx);
}

Response reset_code_form(app::Recovery&, WebApp& a, Request& req) {
  return a.anonymous_page(req, 200, "reset_code", {{"title", "Nouveau mot de passe avec un code"}});
}

Response reset_with_code(app::Recovery& rec, WebApp& a, Request& req) {
  auto f = req.form();
  json ctx = {{"title", "Nouveau mot de passe avec un code"}, {"nir", f["nir"]}, {"code", f["code"]}};
  if (!a.check_csrf(req, f, std::nullopt)) return csrf_expired(a, req, "reset_code", ctx);
  if (f["new_password"] != f["confirm_password"]) {
    ctx["error"] = ctx["password_error"] = "Les deux mots de passe saisis sont différents.";
    return a.anonymous_page(req, 400, "reset_code", ctx);
  }
  auto r = rec.complete_with_code(f["nir"], f["code"], f["new_password"], device_of(a, req));
  if (r.kind == "ok")
    return a.anonymous_page(req, 200, "reset_done", {{"title", "Mot de passe modifié"}, {"message", r.message}});
  ctx.update(form_context(r));
  ctx["locked"] = r.kind == "permanently_locked";
  return a.anonymous_page(req, status_of(r), "reset_code", ctx);
}

Response activation_request_form(app::Recovery&, WebApp& a, Request& req) {
  return a.anonymous_page(req, 200, "activation_request", {{"title", "Créer mon compte"}, {"channel_email", true}});
}

Response activation_request(app::Recovery& rec, WebApp& a, Request& req) {
  auto f = req.form();
  json ctx = {{"title", "Créer mon compte"},
              {"nir", f["nir"]},
              {"birth_date", f["birth_date"]},
              {"postal_code", f["postal_code"]},
              {"channel_email", f["channel"] != "postal"},
              {"channel_postal", f["channel"] == "postal"}};
  if (!a.check_csrf(req, f, std::nullopt)) return csrf_expired(a, req, "activation_request", ctx);
  auto r = rec.start_activation(f["nir"], f["birth_date"], f["postal_code"], f["secret"], f["channel"], req.client_ip);
  if (r.kind == "accepted")
    return a.anonymous_page(req, 202, "activation_sent", {{"title", "Code provisoire envoyé"}, {"message", r.message}});
  ctx.update(form_context(r));
  if (r.organisme)
    ctx["other_space"] = {
        {"name", r.organisme->name}, {"space", r.organisme->online_space}, {"phone", r.organisme->phone}};
  return a.anonymous_page(req, status_of(r), "activation_request", ctx);
}

Response activation_code_form(app::Recovery&, WebApp& a, Request& req) {
  return a.anonymous_page(req, 200, "activation_code", {{"title", "Activer mon compte"}});
}

Response activation_with_code(app::Recovery& rec, WebApp& a, Request& req) {
  auto f = req.form();
  json ctx = {{"title", "Activer mon compte"}, {"nir", f["nir"]}, {"code", f["code"]}, {"email", f["email"]}};
  if (!a.check_csrf(req, f, std::nullopt)) return csrf_expired(a, req, "activation_code", ctx);
  if (f["new_password"] != f["confirm_password"]) {
    ctx["error"] = ctx["password_error"] = "Les deux mots de passe saisis sont différents.";
    return a.anonymous_page(req, 400, "activation_code", ctx);
  }
  auto r = rec.complete_activation(f["nir"], f["code"], f["new_password"], f["email"]);
  if (r.kind == "ok")
    return a.anonymous_page(req, 200, "reset_done", {{"title", "Compte activé"}, {"message", r.message}});
  ctx.update(form_context(r));
  return a.anonymous_page(req, status_of(r), "activation_code", ctx);
}

Response email_verify_form(app::Recovery&, WebApp& a, Request& req) {
  // A GET never changes anything (mail scanners follow links): the member confirms with a button.
  return a.anonymous_page(req, 200, "email_verify",
                          {{"title", "Confirmer mon adresse e-mail"}, {"token", req.query["token"]}});
}

Response email_verify(app::Recovery& rec, WebApp& a, Request& req) {
  auto f = req.form();
  if (!a.check_csrf(req, f, std::nullopt))
    return csrf_expired(a, req, "email_verify", {{"title", "Confirmer mon adresse e-mail"}, {"token", f["token"]}});
  auto r = rec.verify_email(f["token"]);
  if (r.kind == "ok")
    return a.anonymous_page(req, 200, "reset_done", {{"title", "Adresse confirmée"}, {"message", r.message}});
  return a.anonymous_page(req, status_of(r), "email_verify",
                          {{"title", "Confirmer mon adresse e-mail"}, {"error", r.message}, {"expired", true}});
}

Response settings_page(app::Recovery&, WebApp& a, Request& req) {
  auto session = a.member_session(req);
  if (!session) return a.redirect("/connexion");
  auto member = a.services().store.find_member(session->subject);
  return a.page(200, "account_settings",
                {{"title", "Mot de passe et adresse e-mail"},
                 {"signed_in", true},
                 {"csrf", session->csrf_token},
                 {"current_email", member ? member->entry.email : ""}},
                req);
}

Response settings_change_password(app::Recovery& rec, WebApp& a, Request& req) {
  auto session = a.member_session(req);
  if (!session) return a.redirect("/connexion");
  auto f = req.form();
  json ctx = {{"title", "Mot de passe et adresse e-mail"}, {"signed_in", true}, {"csrf", session->csrf_token}};
  if (auto m = a.services().store.find_member(session->subject)) ctx["current_email"] = m->entry.email;
  if (!a.check_csrf(req, f, session)) {
    ctx["error"] = "Le formulaire a expiré. Recommencez.";
    return a.page(403, "account_settings", ctx, req);
  }
  if (f["new_password"] != f["confirm_password"]) {
    ctx["error"] = ctx["password_error"] = "Les deux mots de passe saisis sont différents.";
    return a.page(400, "account_settings", ctx, req);
  }
  auto r = rec.change_password(*session, f["current_password"], f["new_password"]);
  if (r.kind == "ok")
    ctx["success"] = r.message;
  else
    ctx.update(form_context(r));
  if (r.kind == "invalid_credentials") ctx["current_error"] = r.message;
  return a.page(r.kind == "ok" ? 200 : status_of(r), "account_settings", ctx, req);
}

Response settings_change_email(app::Recovery& rec, WebApp& a, Request& req) {
  auto session = a.member_session(req);
  if (!session) return a.redirect("/connexion");
  auto f = req.form();
  json ctx = {{"title", "Mot de passe et adresse e-mail"}, {"signed_in", true}, {"csrf", session->csrf_token}};
  if (auto m = a.services().store.find_member(session->subject)) ctx["current_email"] = m->entry.email;
  if (!a.check_csrf(req, f, session)) {
    ctx["error"] = "Le formulaire a expiré. Recommencez.";
    return a.page(403, "account_settings", ctx, req);
  }
  auto r = rec.request_email_change(*session, f["email"]);
  if (r.kind == "accepted")
    ctx["success"] = r.message;
  else
    ctx.update(form_context(r)), ctx["new_email"] = f["email"];
  return a.page(r.kind == "accepted" ? 200 : status_of(r), "account_settings", ctx, req);
}

using Handler = Response (*)(app::Recovery&, WebApp&, Request&);

struct Route {
  const char* method;
  const char* path;
  Handler handle;
};

constexpr Route kRoutes[] = {
    {"POST", "/api/v1/password-reset", api_start_reset},
    {"POST", "/api/v1/password-reset/complete", api_complete_reset},
    {"POST", "/api/v1/activation", api_start_activation},
    {"POST", "/api/v1/activation/complete", api_complete_activation},
    {"POST", "/api/v1/email-verification", api_verify_email},
    {"POST", "/api/v1/me/password", api_change_password},
    {"POST", "/api/v1/me/email", api_change_email},
    {"GET", "/mot-de-passe-oublie", reset_request_form},
    {"POST", "/mot-de-passe-oublie", reset_request},
    {"GET", "/reinitialiser", reset_link_form},
    {"POST", "/reinitialiser", reset_with_link},
    {"GET", "/reinitialiser-par-code", reset_code_form},
    {"POST", "/reinitialiser-par-code", reset_with_code},
    {"GET", "/activation", activation_request_form},
    {"POST", "/activation", activation_request},
    {"GET", "/activation/code", activation_code_form},
    {"POST", "/activation/code", activation_with_code},
    {"GET", "/verifier-email", email_verify_form},
    {"POST", "/verifier-email", email_verify},
    {"GET", "/mon-compte/parametres", settings_page},
    {"POST", "/mon-compte/mot-de-passe", settings_change_password},
    {"POST", "/mon-compte/email", settings_change_email},
};

}  // namespace

void register_recovery_routes(WebApp& app, app::Recovery& recovery) {
  for (const auto& r : kRoutes)
    app.route(r.method, r.path,
              [rec = &recovery, h = r.handle](WebApp& a, Request& req, const auto&) { return h(*rec, a, req); });
}

}  // namespace mc::http
