// Supervisors' watch: the audit log (read, verify, export) and the throttled sources, as JSON and
// as pages (/conseiller/journal, /conseiller/sources-limitees).
#include <string>

#include "adapters/http/handlers/staff_common.hpp"
#include "adapters/http/time_text.hpp"

namespace mc::http::staff_web {

namespace {

json audit_json(const staff::AuditEntry& e) {
  return {{"seq", e.seq},
          {"at", iso(e.draft.at)},
          {"actor", e.draft.actor},
          {"role", e.draft.role},
          {"action", e.draft.action},
          {"subject", e.draft.subject},
          {"reason", e.draft.reason},
          {"evidence", e.draft.evidence},
          {"details", e.draft.details},
          {"prev_hash", e.prev_hash},
          {"hash", e.hash}};
}

std::string scope_label(const std::string& scope) {
  if (scope == "login") return "Connexion des assurés";
  if (scope == "staff_login") return "Connexion des conseillers";
  if (scope == "reset") return "Mot de passe oublié";
  if (scope == "activation") return "Création de compte";
  if (scope == "attestation_verify") return "Vérification d'attestation";
  if (scope == "paper_attestation") return "Attestation par courrier";
  if (scope == "help_request") return "Demande d'aide";
  return scope;
}

json throttled_json(const bo::ThrottledSources& r, bool for_page) {
  json rows = json::array();
  for (const auto& t : r.sources)
    rows.push_back({{"scope", for_page ? scope_label(t.scope) : t.scope},
                    {"source", t.source},
                    {"first_refused_at", for_page ? fr_time(t.first_refused_at) : iso(t.first_refused_at)},
                    {"last_refused_at", for_page ? fr_time(t.last_refused_at) : iso(t.last_refused_at)},
                    {"refusals", t.refusals},
                    {"refused_now", t.refused_now},
                    {"retry_after_s", t.retry_after_s}});
  return rows;
}

Response audit_page(WebApp& app, BackOfficeServices& s, const Request& req, const bo::StaffContext& ctx,
                    json extra = json::object()) {
  auto subject = req.query.count("sujet") ? req.query.at("sujet") : std::string();
  auto page = s.audit.recent(ctx.actor, 200, subject);
  if (!page) return refused_page(app, req, ctx, page.error());
  json rows = json::array();
  for (auto it = page->entries.rbegin(); it != page->entries.rend(); ++it)
    rows.push_back({{"seq", it->seq},
                    {"at", fr_time(it->draft.at)},
                    {"actor", it->draft.actor},
                    {"role", it->draft.role},
                    {"action", it->draft.action},
                    {"subject", it->draft.subject},
                    {"reason", it->draft.reason},
                    {"evidence", it->draft.evidence},
                    {"details", it->draft.details},
                    {"hash", it->hash.substr(0, 12)}});
  json c = {{"title", "Journal d'audit"},
            {"rows", rows},
            {"count", page->head.seq},
            {"head", page->head.hash},
            {"subject", subject}};
  for (auto& [k, v] : extra.items()) c[k] = v;
  return staff_page(app, req, ctx, 200, "staff_audit", c);
}

// Audit log (supervisors).
Response api_audit(BackOfficeServices& s, const bo::StaffContext& ctx, const Params&, Request& req) {
  int limit = 100;
  if (req.query.count("limit")) {
    try {
      limit = std::clamp(std::stoi(req.query.at("limit")), 1, 1000);
    } catch (...) {
      return json_error(Errc::invalid_input, "limit : un nombre entre 1 et 1000.");
    }
  }
  auto page = s.audit.recent(ctx.actor, limit, req.query.count("subject") ? req.query.at("subject") : "");
  return api(page, [](const bo::AuditPage& p) {
    json rows = json::array();
    for (const auto& e : p.entries) rows.push_back(audit_json(e));
    return json{{"entries", rows}, {"head", {{"seq", p.head.seq}, {"hash", p.head.hash}}}};
  });
}

Response api_throttled_sources(BackOfficeServices& s, const bo::StaffContext& ctx, const Params&, Request&) {
  return api(s.attacks.throttled_sources(ctx.actor), [](const bo::ThrottledSources& r) {
    return json{{"at", iso(r.at)}, {"sources", throttled_json(r, false)}};
  });
}

Response sources_page(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx) {
  auto r = s.attacks.throttled_sources(ctx.actor);
  if (!r) return refused_page(a, req, ctx, r.error());
  json rows = throttled_json(*r, true), now = json::array(), earlier = json::array();
  for (auto& row : rows) (row["refused_now"].get<bool>() ? now : earlier).push_back(row);
  return staff_page(a, req, ctx, 200, "staff_sources",
                    {{"title", "Sources limitées"},
                     {"at", fr_time(r->at)},
                     {"now", now},
                     {"earlier", earlier},
                     {"has_now", !now.empty()},
                     {"has_earlier", !earlier.empty()}});
}

Response api_verify(BackOfficeServices& s, const bo::StaffContext& ctx, const Params&, Request&) {
  return api(s.audit.verify_as(ctx.actor), [](const bo::ChainReport& rep) {
    json b = {
        {"intact", rep.intact()}, {"entries", rep.entries}, {"head", {{"seq", rep.head.seq}, {"hash", rep.head.hash}}}};
    if (rep.broken) b["first_broken"] = {{"seq", rep.broken->seq}, {"reason", rep.broken->reason}};
    return b;
  });
}

Response api_export(BackOfficeServices& s, const bo::StaffContext& ctx, const Params&, Request& req) {
  std::string body;
  auto o = s.audit.export_jsonl(ctx.actor, req.query.count("reason") ? req.query.at("reason") : "",
                                [&](std::string_view line) { body += line; });
  if (!o) return api_error(o.error());
  Response r;
  r.content_type = "application/x-ndjson; charset=utf-8";
  r.header("Content-Disposition", "attachment; filename=\"audit.jsonl\"");
  r.body = std::move(body);
  return r;
}

// Audit pages (supervisors).
Response audit_page_get(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx) {
  return audit_page(a, s, req, ctx);
}

Response verify_form(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx, Form&,
                     const Params&) {
  auto r = s.audit.verify_as(ctx.actor);
  if (!r) return refused_page(a, req, ctx, r.error());
  const auto& rep = *r;
  json extra = rep.intact()
                   ? json{{"verified", "Chaîne intacte : " + std::to_string(rep.entries) + " entrées vérifiées."}}
                   : json{{"broken", "Chaîne rompue à l'entrée n° " + std::to_string(rep.broken->seq) + " (" +
                                         rep.broken->reason + ")."}};
  return audit_page(a, s, req, ctx, extra);
}

Response export_form(BackOfficeServices& s, WebApp& a, Request& req, const bo::StaffContext& ctx, Form& f,
                     const Params&) {
  std::string body;
  auto o = s.audit.export_jsonl(ctx.actor, f["reason"], [&](std::string_view line) { body += line; });
  if (!o) return refused_page(a, req, ctx, o.error());
  Response r;
  r.content_type = "application/x-ndjson; charset=utf-8";
  r.header("Content-Disposition", "attachment; filename=\"journal-audit.jsonl\"");
  r.body = std::move(body);
  return r;
}

constexpr StaffRoute kRoutes[] = {
    {"GET", "/api/v1/staff/audit", get_route<api_audit>},
    {"GET", "/api/v1/staff/throttled-sources", get_route<api_throttled_sources>},
    {"GET", "/conseiller/sources-limitees", page_route<sources_page>},
    {"GET", "/api/v1/staff/audit/verify", get_route<api_verify>},
    {"GET", "/api/v1/staff/audit/export", get_route<api_export>},
    {"GET", "/conseiller/journal", page_route<audit_page_get>},
    {"POST", "/conseiller/journal/verifier", form_route<verify_form>},
    {"POST", "/conseiller/journal/export", form_route<export_form>},
};

}  // namespace

std::span<const StaffRoute> audit_routes() { return kRoutes; }

}  // namespace mc::http::staff_web
