#pragma once
// Back office (docs/backoffice.md): staff, advisors' member changes, the audit chain, the help queue.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/account/contact.hpp"
#include "core/outbox.hpp"
#include "core/ports/audit_sealer.hpp"
#include "core/ports/member_summary.hpp"
#include "core/staff/audit.hpp"
#include "core/staff/help_queue.hpp"
#include "core/staff/roles.hpp"
#include "core/time.hpp"
#include "core/token/token.hpp"

namespace mc::ports {

using ContactChange = account::ContactChange;  // the member's own changes write it too (AccountStore)

struct CivilStatusChange {
  std::optional<std::string> sex, family_name, given_names, birth_date, birth_place_insee, birth_place_label,
      birth_country;
};

// What one advisor action changes on one member, applied in one transaction with its audit entry.
struct MemberChange {
  std::string nir13;
  Instant at{};
  // Checked inside the transaction; a mismatch changes nothing and answers `conflict`.
  enum class Expect { any, account, no_open_account, inactive } expect = Expect::any;
  bool unlock =
      false;  // every counter of the account cleared (lift_permanent = true), and an "advisor_unlock" attempt line
  bool reactivate = false;  // inactive → active, idle clock restarted
  std::optional<ContactChange> contact;
  std::optional<CivilStatusChange> civil_status;
  std::optional<token::CodeRecord> code;  // voids older open codes of its purpose
  bool create_pending_account = false;
  std::vector<outbox::Mail> mails;
  std::vector<outbox::Letter> letters;
  std::string attempt_note;  // written to login_attempts when non-empty (e.g. "advisor_unlock")

  // Whether the member's account as stored (`state`, as in the accounts table; none without an
  // account) is what `expect` asks for. Both backends read the state inside the transaction.
  [[nodiscard]] bool finds_expected(const std::optional<std::string>& state) const {
    switch (expect) {
      case Expect::any: return true;
      case Expect::account: return state.has_value();
      case Expect::no_open_account: return !state || *state == "pending";
      case Expect::inactive: return state == "inactive";
    }
    return false;
  }
};

enum class ApplyResult { ok, not_found, conflict };

class BackOfficeStore {
 public:
  virtual ~BackOfficeStore() = default;

  // Staff. add_staff returns false when the login is taken (nothing written).
  virtual bool add_staff(const staff::StaffMember& member, const AuditSealer& audit) = 0;
  [[nodiscard]] virtual std::optional<staff::StaffMember> find_staff(std::string_view login) = 0;
  [[nodiscard]] virtual std::vector<staff::StaffMember> list_staff() = 0;
  // Stores `step` as the newest accepted TOTP step if it is newer than the stored one
  // (conditional update): of two sign-ins with the same code, one gets true.
  virtual bool accept_totp_step(std::string_view login, std::int64_t step) = 0;
  // Deactivation also ends the member of staff's sessions. False when the login is unknown.
  virtual bool set_staff_active(std::string_view login, bool active, const AuditSealer& audit) = 0;
  // Clears the staff sign-in counters ("staff:" + login in the lockouts table).
  virtual bool unlock_staff(std::string_view login, const AuditSealer& audit) = 0;

  // Members.
  virtual ApplyResult apply(const MemberChange& change, const AuditSealer& audit) = 0;
  // By family name (case-insensitive) and birth date (YYYY-MM-DD).
  [[nodiscard]] virtual std::vector<MemberSummary> search_members(std::string_view family_name,
                                                                  std::string_view birth_date, int limit) = 0;

  // An audit entry on its own (look-ups, sign-ins, exports): written before the data is shown.
  virtual staff::AuditEntry append_audit(const AuditSealer& audit) = 0;
  [[nodiscard]] virtual staff::ChainHead audit_head() = 0;
  // Entries with seq > after_seq, in order, at most `limit`.
  [[nodiscard]] virtual std::vector<staff::AuditEntry> audit_entries(std::int64_t after_seq, int limit) = 0;

  // Help queue. Filing by staff is audited; a member's own request is not (no actor).
  virtual void file_help_request(const staff::HelpRequest& request, const AuditSealer* audit) = 0;
  // Ordered by urgency, then age (staff::queue_before); all statuses when `status` is empty.
  [[nodiscard]] virtual std::vector<staff::HelpRequest> help_queue(std::optional<staff::HelpStatus> status,
                                                                   int limit) = 0;
  [[nodiscard]] virtual std::optional<staff::HelpRequest> find_help_request(std::string_view reference) = 0;
  // open → claimed by `login`. False when it is not open any more (someone else took it).
  virtual bool claim_help_request(std::string_view reference, std::string_view login, Instant now,
                                  const AuditSealer& audit) = 0;
  // claimed (by `login`, unless `any_claimer`) → resolved, the reply to the member queued.
  virtual bool resolve_help_request(std::string_view reference, std::string_view login, bool any_claimer,
                                    std::string_view outcome, staff::Reply reply, Instant now,
                                    const std::optional<outbox::Mail>& mail,
                                    const std::optional<outbox::Letter>& letter, const AuditSealer& audit) = 0;
};

}  // namespace mc::ports
