#pragma once
// The back office over HTTP: the staff API of SPEC §11 and its extensions (/api/v1/staff/...),
// the advisors' pages (/conseiller/...), and the members' public help-request form
// (POST /api/v1/help-requests, /aide/demande). Staff use their own cookie, `mc_staff`.
#include "adapters/http/web_app.hpp"
#include "app/backoffice/attack_watch.hpp"
#include "app/backoffice/audit_log.hpp"
#include "app/backoffice/help_desk.hpp"
#include "app/backoffice/member_actions.hpp"
#include "app/backoffice/scam_reports.hpp"
#include "app/backoffice/staff_auth.hpp"

namespace mc::http {

struct BackOfficeServices {
  app::backoffice::StaffAuth& auth;
  app::backoffice::MemberActions& members;
  app::backoffice::HelpDesk& help;
  app::backoffice::AuditLog& audit;
  app::backoffice::AttackWatch& attacks;
};

inline constexpr const char* kStaffCookie = "mc_staff";

void register_staff_routes(WebApp& app, BackOfficeServices services);
// Members report a message from the scam checker (POST /api/v1/scam-reports,
// POST /verifier-un-message/signaler); advisors label or discard it (/api/v1/staff/scam-reports,
// /conseiller/signalements). Issue 16, item 5.
void register_scam_report_routes(WebApp& app, BackOfficeServices services, app::backoffice::ScamReportDesk& desk,
                                 const scam::Checker& checker);

}  // namespace mc::http
