#include "app/backoffice/scam_reports.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/backoffice/internal.hpp"
#include "core/ports/scam_report_store.hpp"
#include "core/report/scam_report.hpp"

namespace mc::app::backoffice {

using namespace detail;
using json = nlohmann::json;

namespace {
std::string subject_of(std::int64_t id) { return "scam_report:" + std::to_string(id); }

bool has_text(const std::string& s) {
  for (unsigned char c : s)
    if (c > ' ') return true;
  return false;
}
}  // namespace

Result<ScamReportFiled> ScamReportDesk::submit(const ScamReportInput& in) {
  if (!in.consent)
    return refuse(Errc::invalid_input,
                  "Cochez la case pour accepter que ce message soit conservé : sans votre accord, il n'est pas "
                  "enregistré.",
                  "consent");
  if (!has_text(in.text)) return refuse(Errc::invalid_input, "Le texte du message est vide.", "text");
  ports::ScamReport r;
  r.channel = in.channel == "email" ? "email" : "sms";
  r.sender = report::mask_personal_data(report::cap_utf8(in.sender, report::kMaxFieldBytes));
  r.subject = r.channel == "email" ? report::mask_personal_data(report::cap_utf8(in.subject, report::kMaxFieldBytes)) : "";
  r.text = report::mask_personal_data(report::cap_utf8(in.text, report::kMaxTextBytes));
  r.verdict = in.verdict;
  r.created_at = clock_.now();
  const std::int64_t id = store_.add_scam_report(r);
  return ScamReportFiled{"Merci : votre signalement a été enregistré, sans vos numéros ni vos codes.", id};
}

Result<std::vector<ports::ScamReport>> ScamReportDesk::queue(const Actor& actor, bool labelled, int limit) {
  if (!allowed(actor, staff::Action::label_scam_reports)) return forbidden();
  return store_.scam_reports(labelled, 0, std::clamp(limit, 1, 1000));
}

Result<Done> ScamReportDesk::label(const Actor& actor, std::int64_t id, const std::string& label) {
  if (!allowed(actor, staff::Action::label_scam_reports)) return forbidden();
  auto l = report::parse_label(label);
  if (!l) return refuse(Errc::invalid_input, "Choisissez « arnaque » ou « message authentique ».", "label");
  auto r = store_.find_scam_report(id);
  if (!r) return refuse(Errc::not_found, "Ce signalement n'existe plus.");
  const Instant now = clock_.now();
  auto details = json{{"label", report::to_string(*l)}, {"verdict", r->verdict}}.dump();
  if (store_.label_scam_report(id, *l, actor.login, now,
                               sealer(crypto_, draft(actor, now, "label_scam_report", subject_of(id),
                                                     std::string(report::label_fr(*l)), "", details))))
    return Done{"Signalement classé : " + std::string(report::label_fr(*l)) + "."};
  auto again = store_.find_scam_report(id);
  if (!again) return refuse(Errc::not_found, "Ce signalement n'existe plus.");
  return refuse(Errc::conflict, "Ce signalement a déjà été classé par " + again->labelled_by + ".");
}

Result<Done> ScamReportDesk::discard(const Actor& actor, std::int64_t id, const std::string& reason) {
  if (!allowed(actor, staff::Action::label_scam_reports)) return forbidden();
  auto why = staff::trimmed(reason);
  if (why.size() > kMaxReason)
    return refuse(Errc::invalid_input, "Le motif est trop long (500 caractères au plus).", "reason");
  if (why.empty()) why = "écarté";
  const Instant now = clock_.now();
  if (store_.discard_scam_report(id, sealer(crypto_, draft(actor, now, "discard_scam_report", subject_of(id), why, ""))))
    return Done{"Signalement écarté."};
  return refuse(Errc::not_found, "Ce signalement n'existe plus.");
}

std::string corpus_line(const ports::ScamReport& r) {
  json j = {{"id", "report-" + std::to_string(r.id)},
            {"channel", r.channel},
            {"sender", r.sender},
            {"subject", r.subject},
            {"text", r.text},
            {"label", r.label ? std::string(report::to_string(*r.label)) : std::string()},
            {"tricks", json::array()},
            {"family", report::family_of(r.created_at)},
            {"source", "report"}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace mc::app::backoffice
