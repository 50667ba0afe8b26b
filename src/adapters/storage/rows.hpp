#pragma once
// Row mappers both backends share: one function per row type, over a small row reader that
// each backend provides (sqlite::Stmt on its current row, pg::Row for one row of a pg::Result):
//   text(col), i64(col), opt_i64(col), boolean(col), is_null(col).
// The columns are those of the shared statements (shared_sql.hpp) that select the row.
#include <optional>
#include <string>

#include "core/account/account.hpp"
#include "core/lockout/lockout.hpp"
#include "core/ports/device.hpp"
#include "core/ports/scam_report.hpp"
#include "core/ports/session.hpp"
#include "core/report/scam_report.hpp"
#include "core/staff/audit.hpp"
#include "core/staff/help_queue.hpp"
#include "core/staff/roles.hpp"
#include "core/time.hpp"
#include "core/token/token.hpp"

namespace mc::storage::rows {

template <class Row>
std::optional<Instant> opt_instant(const Row& r, int col) {
  auto v = r.opt_i64(col);
  if (!v) return std::nullopt;
  return from_millis(*v);
}

// The register entry's 20 columns (nir13 … ald) of kFindMember and kBornOn.
template <class Row>
account::RegisterEntry register_entry(const Row& row) {
  account::RegisterEntry r;
  r.nir13 = row.text(0);
  r.sex = row.text(1);
  r.family_name = row.text(2);
  r.given_names = row.text(3);
  r.birth_date = row.text(4);
  r.birth_place_insee = row.text(5);
  r.birth_place_label = row.text(6);
  r.birth_country = row.text(7);
  r.address = row.text(8);
  r.postal_code = row.text(9);
  r.city = row.text(10);
  r.email = row.text(11);
  r.phone = row.text(12);
  r.organisme = row.text(13);
  r.vitale_serial = row.text(14);
  r.iban_last7 = row.text(15);
  r.rights_from = row.text(16);
  r.rights_to = row.text(17);
  r.css = row.boolean(18);
  r.ald = row.boolean(19);
  return r;
}

// code, regime, name, online_space, phone, address from column `first`.
template <class Row>
account::Organisme organisme(const Row& row, int first = 0) {
  return {row.text(first),     row.text(first + 1), row.text(first + 2),
          row.text(first + 3), row.text(first + 4), row.text(first + 5)};
}

// kFindMember: the register entry, its organisme and the account if any.
template <class Row>
account::Member member(const Row& row) {
  account::Member m;
  m.entry = register_entry(row);
  m.organisme = organisme(row, 20);
  if (!row.is_null(26)) {
    account::Account a;
    a.nir13 = row.text(26);
    a.state = account::parse_state(row.text(27)).value_or(account::State::pending);
    a.password_hash = row.text(28);
    a.email_verified = row.boolean(29);
    a.created_at = from_millis(row.i64(30));
    a.last_login_at = opt_instant(row, 31);
    if (!row.is_null(32)) a.franceconnect_sub = row.text(32);
    m.account = std::move(a);
  }
  return m;
}

// failures, locked_until, permanently_locked, last_failure_at, lock_pending from column `first`.
template <class Row>
lockout::Record lockout(const Row& row, int first = 0) {
  lockout::Record rec;
  rec.failures = static_cast<int>(row.i64(first));
  rec.locked_until = opt_instant(row, first + 1);
  rec.permanently_locked = row.boolean(first + 2);
  rec.last_failure_at = opt_instant(row, first + 3);
  rec.lock_pending = row.boolean(first + 4);
  return rec;
}

// kFindCodeByHash, kFindOpenCode.
template <class Row>
token::CodeRecord code(const Row& row) {
  token::CodeRecord r;
  r.id = row.i64(0);
  r.nir13 = row.text(1);
  r.purpose = token::parse_purpose(row.text(2)).value_or(token::Purpose::password_reset);
  r.channel = token::parse_channel(row.text(3)).value_or(token::Channel::email);
  r.secret_hash = row.text(4);
  r.created_at = from_millis(row.i64(5));
  r.expires_at = from_millis(row.i64(6));
  r.used_at = opt_instant(row, 7);
  r.voided_at = opt_instant(row, 8);
  r.failed_tries = static_cast<int>(row.i64(9));
  r.detail = row.text(10);
  return r;
}

// kFindStaff, kListStaff.
template <class Row>
staff::StaffMember staff_member(const Row& row) {
  staff::StaffMember m;
  m.login = row.text(0);
  m.role = staff::parse_role(row.text(1)).value_or(staff::Role::conseiller);
  m.password_hash = row.text(2);
  m.totp_secret = row.text(3);
  m.last_totp_step = row.opt_i64(4);
  m.active = row.boolean(5);
  m.created_at = from_millis(row.i64(6));
  m.created_by = row.text(7);
  return m;
}

// The help queue's columns (id, reference … replied_by).
template <class Row>
staff::HelpRequest help_request(const Row& row) {
  staff::HelpRequest h;
  h.id = row.i64(0);
  h.reference = row.text(1);
  h.nir13 = row.text(2);
  h.birth_date = row.text(3);
  h.phone = row.text(4);
  h.category = staff::parse_category(row.text(5)).value_or(staff::Category::other);
  h.text = row.text(6);
  h.created_at = from_millis(row.i64(7));
  h.filed_by = row.text(8);
  h.status = staff::parse_help_status(row.text(9)).value_or(staff::HelpStatus::open);
  h.claimed_by = row.text(10);
  h.claimed_at = opt_instant(row, 11);
  h.resolved_at = opt_instant(row, 12);
  h.outcome = row.text(13);
  h.replied_by = row.text(14);
  return h;
}

// kAuditEntries.
template <class Row>
staff::AuditEntry audit_entry(const Row& row) {
  staff::AuditEntry e;
  e.seq = row.i64(0);
  e.draft = {from_millis(row.i64(1)),
             row.text(2),
             row.text(3),
             row.text(4),
             row.text(5),
             row.text(6),
             row.text(7),
             row.text(8)};
  e.prev_hash = row.text(9);
  e.hash = row.text(10);
  return e;
}

// kFindSession.
template <class Row>
ports::Session session(const Row& row) {
  return ports::Session{row.text(0), row.text(1), row.text(2), from_millis(row.i64(3)), from_millis(row.i64(4)),
                        row.text(5), row.text(6), row.text(7)};
}

// kFindDevice, kListDevices.
template <class Row>
ports::Device device(const Row& row) {
  return {row.text(0), row.text(1), row.text(2), from_millis(row.i64(3)), from_millis(row.i64(4))};
}

// scam_reports_sql::kList, kFind.
template <class Row>
ports::ScamReport scam_report(const Row& row) {
  ports::ScamReport r;
  r.id = row.i64(0);
  r.channel = row.text(1);
  r.sender = row.text(2);
  r.subject = row.text(3);
  r.text = row.text(4);
  r.verdict = row.text(5);
  r.created_at = from_millis(row.i64(6));
  if (!row.is_null(7)) r.label = report::parse_label(row.text(7));
  r.labelled_by = row.text(8);
  r.labelled_at = opt_instant(row, 9);
  return r;
}

}  // namespace mc::storage::rows
