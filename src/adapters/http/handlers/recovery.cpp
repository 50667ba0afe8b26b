// Getting back in: forgot password, reset completion, activation, e-mail verification, and the
// signed-in settings. API (SPEC §11) and pages share the use cases in app/recovery. One named
// handler per route; the table at the end registers them (docs/adding-a-flow.md).
#include "app/recovery.hpp"

#include <initializer_list>
#include <map>
#include <variant>

#include "adapters/http/error_mapping.hpp"
#include "adapters/http/json_fields.hpp"
#include "adapters/http/web_app.hpp"
#include "core/account/contact.hpp"
#include "core/ports/store.hpp"

namespace mc::http {

using json = nlohmann::json;

namespace {

// The API's answer to a step: "ok" (200) or "accepted" (202) with what the success carries, or
// the error's body, status and Retry-After (error_mapping). An invalid NIR says its sentence in
// `detail` and its rule in `reason` (SPEC §11, as the sign-in API does); the wait of a refused
// request is said by Retry-After only.
json success_body(const app::StepDone& d) {
  json body = {{"result", "ok"}};
  if (!d.message.empty()) body["message"] = d.message;
  if (d.email_verification_required) body["email_verification_required"] = true;
  return body;
}

json success_body(const app::StepAccepted& a) {
  json body = {{"result", "accepted"}};
  if (!a.message.empty()) body["message"] = a.message;
  if (!a.channel.empty()) body["channel"] = a.channel;
  return body;
}

constexpr int success_status(const app::StepDone&) { return 200; }
constexpr int success_status(const app::StepAccepted&) { return 202; }

Response api_error(const Error& e) {
  json body = error_body(e);
  body.erase("retry_after_s");
  Response r = json_response(http_status(e.code), body);
  set_retry_after(r, e);
  return r;
}

template <class T>
Response api_result(const Result<T>& r) {
  if (r) return json_response(success_status(*r), success_body(*r));
  return api_error(r.error());
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

json form_context(const Error& e) {
  json ctx = {{"error", e.message}};
  json list = json::array();
  for (const auto& v : e.details.reasons) list.push_back({{"message", v.message}});
  if (!list.empty()) ctx["violations"] = list;
  const auto& field = e.details.field;
  if (e.code == Errc::invalid_nir) ctx["nir_error"] = e.message;
  // The message beside its field (`<field>_error` in the templates: birth_date, email, …).
  if (!field.empty()) ctx[field + "_error"] = e.message;
  if (field == "code_format" || (e.code == Errc::invalid_or_expired && e.details.tries_left >= 0))
    ctx["code_error"] = e.message;
  if (e.code == Errc::weak_password) {
    // Each broken rule once: listed under the summary, not repeated in the summary's sentence
    // nor beside the field (the field's hint already states the rules).
    if (!list.empty()) ctx["error"] = "Ce mot de passe ne respecte pas les règles suivantes :";
    ctx["password_error"] =
        list.empty() ? json(e.message) : json("Choisissez un mot de passe qui respecte toutes les règles.");
  }
  return ctx;
}

Response csrf_expired(WebApp& app, Request& req, std::string_view tpl, json ctx) {
  ctx["error"] = "Le formulaire a expiré. Vérifiez vos informations et validez à nouveau.";
  return app.anonymous_page(req, http_status(Errc::csrf), tpl, std::move(ctx));
}

// The forms that set a new password (reset by link or by code, activation): the CSRF token, the
// two passwords typed alike, then the step; its done page, or the form again saying what is wrong.
// `fields` are kept in the form.
template <class Step>
Response new_password_form(WebApp& a, Request& req, std::string_view tpl, const char* title,
                           std::initializer_list<const char*> fields, const char* done_title, Step step) {
  auto f = req.form();
  json ctx = {{"title", title}};
  for (const char* field : fields) ctx[field] = f[field];
  if (!a.check_csrf(req, f, std::nullopt)) return csrf_expired(a, req, tpl, ctx);
  if (f["new_password"] != f["confirm_password"]) {
    ctx["error"] = ctx["password_error"] = "Les deux mots de passe saisis sont différents.";
    return a.anonymous_page(req, http_status(Errc::invalid_input), tpl, ctx);
  }
  Result<app::StepDone> r = step(f);
  if (r) return a.anonymous_page(req, 200, "reset_done", {{"title", done_title}, {"message", r->message}});
  ctx.update(form_context(r.error()));
  ctx["locked"] = r.error().code == Errc::permanently_locked;
  ctx["expired"] = r.error().code == Errc::invalid_or_expired;
  return a.anonymous_page(req, http_status(r.error().code), tpl, ctx);
}

// The forms that start a reset or an activation: who the member is (`fields`, kept in the form)
// and the channel of the answer, the CSRF token, then the step; its "sent" page, or the form again
// saying what is wrong (and which other space serves the member, when that is why).
template <class Step, class Sent>
Response start_form(WebApp& a, Request& req, std::string_view tpl, const char* title,
                    std::initializer_list<const char*> fields, Step step, Sent sent) {
  auto f = req.form();
  json ctx = {
      {"title", title}, {"channel_email", f["channel"] != "postal"}, {"channel_postal", f["channel"] == "postal"}};
  for (const char* field : fields) ctx[field] = f[field];
  if (!a.check_csrf(req, f, std::nullopt)) return csrf_expired(a, req, tpl, ctx);
  Result<app::StepAccepted> r = step(f);
  if (r) return sent(*r);
  ctx.update(form_context(r.error()));
  if (const auto& o = r.error().details.other_space)
    ctx["other_space"] = {{"name", o->name}, {"space", o->online_space}, {"phone", o->phone}};
  return a.anonymous_page(req, http_status(r.error().code), tpl, ctx);
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

// A signed-in change from the API: 401 without a member session, else `f(session, body)`'s answer.
template <class F>
Response signed_in_json(WebApp& a, Request& req, F&& f) {
  auto session = a.member_session(req);
  if (!session) return json_error(Errc::unauthenticated, "Vous n'êtes pas connecté, ou votre session a expiré.");
  return with_json(a, req, [&](const json& j) { return f(*session, j); });
}

Response api_change_password(app::Recovery& rec, WebApp& a, Request& req) {
  return signed_in_json(a, req, [&](const ports::Session& s, const json& j) {
    return rec.change_password(s, str(j, "current_password"), str(j, "new_password"));
  });
}

Response api_change_email(app::Recovery& rec, WebApp& a, Request& req) {
  return signed_in_json(
      a, req, [&](const ports::Session& s, const json& j) { return rec.request_email_change(s, str(j, "email")); });
}

Response api_change_phone(app::Recovery& rec, WebApp& a, Request& req) {
  return signed_in_json(a, req,
                        [&](const ports::Session& s, const json& j) { return rec.change_phone(s, str(j, "phone")); });
}

// ---- pages ----

Response reset_request_form(app::Recovery&, WebApp& a, Request& req) {
  return a.anonymous_page(req, 200, "reset_request", {{"title", "Mot de passe oublié"}, {"channel_email", true}});
}

Response reset_request(app::Recovery& rec, WebApp& a, Request& req) {
  return start_form(
      a, req, "reset_request", "Mot de passe oublié", {"nir", "birth_date"},
      [&](auto& f) { return rec.start_reset(f["nir"], f["birth_date"], f["channel"], req.client_ip); },
      [&](const app::StepAccepted& sent) {
        return a.anonymous_page(
            req, 202, "reset_sent",
            {{"title", "Demande enregistrée"}, {"message", sent.message}, {"postal", sent.channel == "postal"}});
      });
}

Response reset_link_form(app::Recovery&, WebApp& a, Request& req) {
  return a.anonymous_page(req, 200, "reset_complete",
                          {{"title", "Nouveau mot de passe"}, {"token", req.query["token"]}});
}

Response reset_with_link(app::Recovery& rec, WebApp& a, Request& req) {
  return new_password_form(
      a, req, "reset_complete", "Nouveau mot de passe", {"token"}, "Mot de passe modifié",
      [&](auto& f) { return rec.complete_with_token(f["token"], f["new_password"], device_of(a, req)); });
}

Response reset_code_form(app::Recovery&, WebApp& a, Request& req) {
  return a.anonymous_page(req, 200, "reset_code", {{"title", "Nouveau mot de passe avec un code"}});
}

Response reset_with_code(app::Recovery& rec, WebApp& a, Request& req) {
  return new_password_form(
      a, req, "reset_code", "Nouveau mot de passe avec un code", {"nir", "code"}, "Mot de passe modifié",
      [&](auto& f) { return rec.complete_with_code(f["nir"], f["code"], f["new_password"], device_of(a, req)); });
}

Response activation_request_form(app::Recovery&, WebApp& a, Request& req) {
  return a.anonymous_page(req, 200, "activation_request", {{"title", "Créer mon compte"}, {"channel_email", true}});
}

Response activation_request(app::Recovery& rec, WebApp& a, Request& req) {
  return start_form(
      a, req, "activation_request", "Créer mon compte", {"nir", "birth_date", "postal_code"},
      [&](auto& f) {
        return rec.start_activation(f["nir"], f["birth_date"], f["postal_code"], f["secret"], f["channel"],
                                    req.client_ip);
      },
      [&](const app::StepAccepted& sent) {
        return a.anonymous_page(req, 202, "activation_sent",
                                {{"title", "Code provisoire envoyé"}, {"message", sent.message}});
      });
}

Response activation_code_form(app::Recovery&, WebApp& a, Request& req) {
  return a.anonymous_page(req, 200, "activation_code", {{"title", "Activer mon compte"}});
}

Response activation_with_code(app::Recovery& rec, WebApp& a, Request& req) {
  return new_password_form(
      a, req, "activation_code", "Activer mon compte", {"nir", "code", "email"}, "Compte activé",
      [&](auto& f) { return rec.complete_activation(f["nir"], f["code"], f["new_password"], f["email"]); });
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
  if (r) return a.anonymous_page(req, 200, "reset_done", {{"title", "Adresse confirmée"}, {"message", r->message}});
  return a.anonymous_page(req, http_status(r.error().code), "email_verify",
                          {{"title", "Confirmer mon adresse e-mail"}, {"error", r.error().message}, {"expired", true}});
}

// The settings page of a signed-in member, before any message.
json settings_context(WebApp& a, const ports::Session& session) {
  auto member = a.services().store.find_member(session.subject);
  return {{"title", "Mot de passe, adresse e-mail et mobile"},
          {"signed_in", true},
          {"csrf", session.csrf_token},
          {"current_email", member ? member->entry.email : ""},
          {"current_phone", member ? account::display_mobile(member->entry.phone) : ""}};
}

// The settings page again after one of its forms: its success, or what is wrong.
template <class T>
Response settings_answer(WebApp& a, Request& req, json ctx, const Result<T>& r) {
  if (r) {
    ctx["success"] = r->message;
    return a.page(200, "account_settings", ctx, req);
  }
  ctx.update(form_context(r.error()));
  if (r.error().code == Errc::invalid_credentials) ctx["current_error"] = r.error().message;
  return a.page(http_status(r.error().code), "account_settings", ctx, req);
}

Response settings_expired(WebApp& a, Request& req, json ctx) {
  ctx["error"] = "Le formulaire a expiré. Recommencez.";
  return a.page(http_status(Errc::csrf), "account_settings", ctx, req);
}

Response settings_page(app::Recovery&, WebApp& a, Request& req) {
  auto session = a.member_session(req);
  if (!session) return a.redirect("/connexion");
  return a.page(200, "account_settings", settings_context(a, *session), req);
}

// A settings form: signed in (else the sign-in page) with a valid CSRF token (else the page
// again), then `step` with the session, the form and the settings page's context.
template <class Step>
Response settings_form(WebApp& a, Request& req, Step step) {
  auto session = a.member_session(req);
  if (!session) return a.redirect("/connexion");
  auto f = req.form();
  json ctx = settings_context(a, *session);
  if (!a.check_csrf(req, f, session)) return settings_expired(a, req, ctx);
  return step(*session, f, ctx);
}

Response settings_change_password(app::Recovery& rec, WebApp& a, Request& req) {
  return settings_form(a, req, [&](const auto& session, auto& f, json& ctx) {
    if (f["new_password"] != f["confirm_password"]) {
      ctx["error"] = ctx["password_error"] = "Les deux mots de passe saisis sont différents.";
      return a.page(http_status(Errc::invalid_input), "account_settings", ctx, req);
    }
    return settings_answer(a, req, ctx, rec.change_password(session, f["current_password"], f["new_password"]));
  });
}

Response settings_change_email(app::Recovery& rec, WebApp& a, Request& req) {
  return settings_form(a, req, [&](const auto& session, auto& f, json& ctx) {
    auto r = rec.request_email_change(session, f["email"]);
    if (!r) ctx["new_email"] = f["email"];
    return settings_answer(a, req, ctx, r);
  });
}

Response settings_change_phone(app::Recovery& rec, WebApp& a, Request& req) {
  return settings_form(a, req, [&](const auto& session, auto& f, json& ctx) {
    auto r = rec.change_phone(session, f["phone"]);
    if (r)
      ctx["current_phone"] = account::display_mobile(account::normalize_mobile(f["phone"]).value_or(""));
    else
      ctx["new_phone"] = f["phone"];
    return settings_answer(a, req, ctx, r);
  });
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
    {"POST", "/api/v1/me/phone", api_change_phone},
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
    {"POST", "/mon-compte/telephone", settings_change_phone},
};

}  // namespace

void register_recovery_routes(WebApp& app, app::Recovery& recovery) {
  for (const auto& r : kRoutes)
    app.route(r.method, r.path,
              [rec = &recovery, h = r.handle](WebApp& a, Request& req, const auto&) { return h(*rec, a, req); });
}

}  // namespace mc::http
