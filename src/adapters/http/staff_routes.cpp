// The back office over HTTP (docs/backoffice.md). Handlers parse, call a back-office use case
// (which checks the role, the reason and the evidence), and render: JSON for /api/v1/staff/...,
// French pages for /conseiller/.... Every staff form carries the staff session's CSRF token; the
// JSON API relies on its content type and Origin check (docs/adr/0006-api-csrf.md).
#include "adapters/http/staff_routes.hpp"

#include <ctime>
#include <variant>

#include "adapters/http/error_mapping.hpp"
#include "adapters/http/handlers/staff_common.hpp"
#include "adapters/http/time_text.hpp"
#include "core/nir/nir.hpp"
#include "core/ports/scam_report_store.hpp"
#include "core/report/scam_report.hpp"
#include "core/scam/checker.hpp"
#include "core/staff/help_queue.hpp"

namespace mc::http {

using namespace staff_web;  // the helpers of handlers/staff_common.hpp

void register_staff_routes(WebApp& app, BackOfficeServices s) {
  for (auto table : {session_routes(), member_routes(), help_routes(), audit_routes(), team_routes()})
    for (const auto& r : table) app.route(r.method, r.path, r.make(s));
}

// ================= Members report, advisors label (issue 16, item 5) =================

namespace {

json report_json(const ports::ScamReport& r) {
  json j = {{"id", r.id},           {"channel", r.channel}, {"sender", r.sender},
            {"subject", r.subject}, {"text", r.text},       {"verdict", r.verdict},
            {"created_at", iso(r.created_at)}};
  if (r.label) {
    j["label"] = report::to_string(*r.label);
    j["labelled_by"] = r.labelled_by;
    if (r.labelled_at) j["labelled_at"] = iso(*r.labelled_at);
  }
  return j;
}

std::optional<std::int64_t> report_id(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

Response reports_page(WebApp& app, bo::ScamReportDesk& desk, const Request& req, const bo::StaffContext& ctx,
                      const Result<bo::Done>* done = nullptr) {
  auto q = desk.queue(ctx.actor, false);
  json rows = json::array();
  for (const auto& r : q.value_or(std::vector<ports::ScamReport>{})) {
    json row = report_json(r);
    row["is_email"] = r.channel == "email";
    rows.push_back(row);
  }
  json c = {{"title", "Messages signalés"}, {"reports", rows}, {"has_reports", !rows.empty()}};
  if (!q) c["error"] = q.error().message;
  if (done) c[*done ? "success" : "error"] = *done ? (*done)->message : done->error().message;
  const int status = !q ? http_status(q.error().code) : done && !*done ? http_status(done->error().code) : 200;
  return staff_page(app, req, ctx, status, "staff_scam_reports", c);
}

json report_filed_json(const bo::ScamReportFiled& f) { return with_message(f, {{"id", f.id}}); }

Error no_such_report() { return {Errc::not_found, "Ce signalement n'existe pas."}; }

bo::ScamReportInput report_input(const scam::Checker& checker, std::string channel, std::string sender,
                                 std::string subject, std::string text, bool consent) {
  bo::ScamReportInput in{std::move(channel), std::move(sender), std::move(subject), std::move(text), "", consent};
  if (in.channel != "email") in.channel = "sms";
  // The verdict is computed again here: a report never trusts a verdict sent by the browser.
  if (scam::has_text(in.text))
    in.verdict = std::string(scam::to_string(
        checker.check({in.text, in.sender, in.subject, in.channel == "email" ? scam::Channel::email : scam::Channel::sms})
            .verdict));
  return in;
}

}  // namespace

void register_scam_report_routes(WebApp& app, BackOfficeServices s, bo::ScamReportDesk& desk,
                                 const scam::Checker& checker) {
  auto* d = &desk;
  const auto* c = &checker;
  // Members (no sign-in): the JSON API and the page's "Signaler ce message" form.
  app.route("POST", "/api/v1/scam-reports", [d, c](WebApp& a, Request& req, const auto&) {
    auto body = a.json_body(req);
    if (auto* err = std::get_if<Response>(&body)) return *err;
    const json& j = std::get<json>(body);
    for (const char* k : {"text", "sender", "subject", "channel"}) {
      auto it = j.find(k);
      if (it != j.end() && !it->is_null() && !it->is_string())
        return json_error(Errc::invalid_input, std::string("Le champ « ") + k + " » doit être du texte.", {{"detail", k}});
    }
    auto consent = j.find("consent");
    if (consent != j.end() && !consent->is_boolean())
      return json_error(Errc::invalid_input, "Le champ « consent » vaut true ou false.", {{"detail", "consent"}});
    auto in = report_input(*c, str(j, "channel"), str(j, "sender"), str(j, "subject"), str(j, "text"),
                           consent != j.end() && consent->get<bool>());
    auto r = d->submit(in);
    if (r) a.services().metrics.inc("moncompte_scam_reports_total", Metrics::label("verdict", in.verdict));
    return api(r, report_filed_json, 202);
  });
  app.route("POST", "/verifier-un-message/signaler", [d, c](WebApp& a, Request& req, const auto&) {
    auto f = req.form();
    json ctx = {{"title", "Vérifier un message"}, {"text", f["text"]}, {"sender", f["sender"]},
                {"subject", f["subject"]}, {"channel_sms", f["channel"] != "email"},
                {"channel_email", f["channel"] == "email"}, {"signed_in", a.member_session(req).has_value()}};
    if (!a.check_csrf(req, f, std::nullopt)) {
      ctx["error"] = "Le formulaire a expiré. Vérifiez à nouveau le message puis signalez-le.";
      return a.anonymous_page(req, http_status(Errc::csrf), "scam_check", ctx);
    }
    auto in = report_input(*c, f["channel"], f["sender"], f["subject"], f["text"], f["consent"] == "oui");
    auto r = d->submit(in);
    if (r) {
      a.services().metrics.inc("moncompte_scam_reports_total", Metrics::label("verdict", in.verdict));
      ctx = {{"title", "Vérifier un message"},
             {"channel_sms", true},
             {"reported", r->message},
             {"signed_in", ctx["signed_in"]}};
      return a.anonymous_page(req, 200, "scam_check", ctx);
    }
    ctx["report_error"] = r.error().message;
    ctx["error"] = r.error().message;
    return a.anonymous_page(req, http_status(r.error().code), "scam_check", ctx);
  });

  // Advisors: the queue, labels and discards (audited), as JSON and as a page.
  app.route("GET", "/api/v1/staff/scam-reports", staff_get(s, [d](const bo::StaffContext& ctx, const auto&, Request& req) mutable {
              const bool labelled = req.query.count("status") && req.query.at("status") == "labelled";
              return api(d->queue(ctx.actor, labelled), [](const std::vector<ports::ScamReport>& q) {
                json rows = json::array();
                for (const auto& r : q) rows.push_back(report_json(r));
                return json{{"reports", rows}};
              });
            }));
  app.route("POST", "/api/v1/staff/scam-reports/{id}/label", staff_json(s, [d](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              auto id = report_id(p[0]);
              if (!id) return api_error(no_such_report());
              return api(d->label(ctx.actor, *id, str(j, "label")));
            }));
  app.route("POST", "/api/v1/staff/scam-reports/{id}/discard", staff_json(s, [d](const bo::StaffContext& ctx, const json& j, const auto& p, Request&) mutable {
              auto id = report_id(p[0]);
              if (!id) return api_error(no_such_report());
              return api(d->discard(ctx.actor, *id, str(j, "reason")));
            }));
  app.route("GET", "/conseiller/signalements", [s, d](WebApp& a, Request& req, const auto&) mutable {
    auto ctx = staff_of(s, req);
    if (!ctx) return to_login(a);
    return reports_page(a, *d, req, *ctx);
  });
  app.route("POST", "/conseiller/signalements/{id}/{action}", staff_form(s, [d](WebApp& a, Request& req, const bo::StaffContext& ctx, auto& f, const auto& p) mutable {
              auto id = report_id(p[0]);
              Result<bo::Done> o = std::unexpected(no_such_report());
              if (id && p[1] == "arnaque") o = d->label(ctx.actor, *id, "scam");
              else if (id && p[1] == "authentique") o = d->label(ctx.actor, *id, "legit");
              else if (id && p[1] == "ecarter") o = d->discard(ctx.actor, *id, f["reason"]);
              else if (id) return a.not_found(req);
              return reports_page(a, *d, req, ctx, &o);
            }));
}

}  // namespace mc::http
