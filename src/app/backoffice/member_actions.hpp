#pragma once
// What advisors do for a member (SPEC §6): look up, unlock, issue a provisional code, start a
// reset, fix contact details and état civil, reactivate, create an account on their behalf.
// Every call checks the actor's permission, the reason and the identity evidence, and writes its
// audit entry in the same transaction as the change.
#include "app/backoffice/common.hpp"
#include "core/account/account.hpp"
#include "core/lockout/lockout.hpp"
#include "core/ports/attempt_log.hpp"
#include "core/ports/device.hpp"
#include "core/ports/member_summary.hpp"
#include "core/token/token.hpp"

namespace mc::app::backoffice {

struct OpenCode {
  token::Purpose purpose = token::Purpose::password_reset;
  token::Channel channel = token::Channel::email;
  Instant created_at{}, expires_at{};
  token::Usability usability = token::Usability::usable;
  int failed_tries = 0;
};

// `full` is false for a France Services agent: only the state fields are filled.
struct MemberView {
  bool full = false;
  std::string nir13, nir15;
  std::string account_state;  // account::display_state
  lockout::Record lock;
  lockout::Status lock_status;
  // Device trust: every counter of the account (the unknown devices' first, then one per
  // recognised device), each with its standing now.
  struct Counter {
    std::optional<ports::Device> device;
    lockout::Record record;
    lockout::Status status;
  };
  std::vector<Counter> counters;
  // Full view only.
  account::RegisterEntry entry;
  account::Organisme organisme;
  std::optional<account::Account> account;  // password hash blanked
  std::vector<ports::AttemptLogEntry> attempts;  // newest first, at most 50
  std::vector<OpenCode> open_codes;
};

struct CodeIssued {
  std::string message;   // French
  std::string purpose;   // "password_reset" / "activation"
  std::string channel;   // "email" / "postal" / "counter"
  std::string code;      // counter only: shown once, "ABCD-EFGH"
  Instant expires_at{};
};

struct ContactInput {
  std::optional<std::string> email, phone, address, postal_code, city;
};

struct CivilStatusInput {
  std::optional<std::string> sex, family_name, given_names, birth_date, birth_place_insee, birth_place_label,
      birth_country;
};

class MemberActions {
 public:
  explicit MemberActions(Deps deps) : d_(deps) {}

  // By NIR (13 or 15 characters). Audited before anything is read; a reason is required, the
  // evidence is optional here (the advisor needs the file to check the caller's answers).
  Result<MemberView> lookup(const Actor& actor, const std::string& nir, const Justification& why);
  // By family name and birth date: candidates only (open one with lookup()); not_found when none.
  Result<std::vector<ports::MemberSummary>> search(const Actor& actor, const std::string& family_name,
                                                   const std::string& birth_date, const Justification& why);
  // The page shown again right after an action (that action's audit entry covers it).
  std::optional<MemberView> view_after_action(const Actor& actor, const std::string& nir);

  Result<Done> unlock(const Actor& actor, const std::string& nir, const Justification& why);
  // channel: "postal", "email" or "counter" (counter: evidence of the ID document seen).
  Result<CodeIssued> issue_code(const Actor& actor, const std::string& nir, const std::string& channel,
                                const Justification& why);
  // France Services: a reset to the member's own e-mail ("email") or postal address ("postal").
  Result<CodeIssued> start_reset(const Actor& actor, const std::string& nir, const std::string& channel,
                                 const Justification& why);
  Result<Done> update_contact(const Actor& actor, const std::string& nir, const ContactInput& in,
                              const Justification& why);
  Result<Done> correct_civil_status(const Actor& actor, const std::string& nir, const CivilStatusInput& in,
                                    const Justification& why);
  Result<Done> reactivate(const Actor& actor, const std::string& nir, const Justification& why);
  Result<CodeIssued> create_account(const Actor& actor, const std::string& nir, const std::string& channel,
                                    const Justification& why);

 private:
  Result<CodeIssued> send_code(const Actor& actor, staff::Action action, const std::string& nir,
                               const std::string& channel, const Justification& why);
  MemberView make_view(const account::Member& m, bool full, Instant now);
  Deps d_;
};

// "1995-10-01" etc.; e-mail plausibility as the member's own forms check it.
[[nodiscard]] bool plausible_email(const std::string& e);

}  // namespace mc::app::backoffice
