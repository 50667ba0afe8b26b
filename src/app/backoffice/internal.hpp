#pragma once
// Helpers shared by the back-office use cases' .cpp files (not an interface).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "app/backoffice/common.hpp"
#include "core/nir/nir.hpp"
#include "core/ports/audit_sealer.hpp"
#include "core/staff/audit.hpp"

namespace mc::app::backoffice::detail {

// A refusal naming the input at fault (`field`, for forms).
inline std::unexpected<Error> refuse(Errc code, std::string message, std::string field = {}) {
  ErrorDetails details;
  details.field = std::move(field);
  return fail(code, std::move(message), std::move(details));
}

// A NIR that does not parse: the French sentence, `field` "nir", and the rule broken as the one
// problem.
inline std::unexpected<Error> nir_error(const std::string& input, nir::NirError e) {
  ErrorDetails details;
  details.field = "nir";
  details.problems.emplace_back(nir::code(e));
  return fail(Errc::invalid_nir, nir::message_fr(e, input), std::move(details));
}

// The fields a form changes, each as {"from", "to"} for the audit entry; unchanged ones are left out.
struct ChangeSet {
  nlohmann::json details = nlohmann::json::object();
  void set(const char* name, std::optional<std::string>& slot, const std::string& old, std::string value) {
    if (value == old) return;
    details[name] = {{"from", old}, {"to", value}};
    slot = std::move(value);
  }
};

inline std::unexpected<Error> forbidden() {
  return fail(Errc::forbidden,
              "Votre profil ne permet pas cette action. Adressez-vous à un conseiller ou à votre superviseur.");
}

inline staff::AuditDraft draft(const Actor& actor, Instant at, std::string action, std::string subject,
                               std::string reason, std::string evidence, std::string details = "{}") {
  return {at,
          actor.command_line ? "cli:" + actor.login : actor.login,
          actor.command_line ? "operator" : std::string(staff::to_string(actor.role)),
          std::move(action),
          std::move(subject),
          std::move(reason),
          std::move(evidence),
          std::move(details)};
}

// Seals on whatever head the store reads inside its transaction.
inline ports::AuditSealer sealer(ports::Crypto& crypto, staff::AuditDraft d) {
  return [&crypto, d = std::move(d)](const staff::ChainHead& head) {
    return staff::seal(d, head, [&crypto](std::string_view data) { return crypto.sha256_hex(data); });
  };
}

inline bool allowed(const Actor& a, staff::Action action) {
  // The operator at the command line manages staff and reads the log; nothing about members.
  if (a.command_line) return action == staff::Action::manage_staff || action == staff::Action::read_audit;
  return staff::allowed(a.role, action);
}

// Reason always; evidence when `evidence_required` (or whenever given: it must then be complete).
inline std::optional<Error> check_justification(const Justification& j, bool evidence_required) {
  ErrorDetails d;
  auto reason = staff::trimmed(j.reason);
  if (reason.empty()) d.problems.push_back("Indiquez le motif de l'action.");
  if (reason.size() > kMaxReason) d.problems.push_back("Le motif est trop long (500 caractères au plus).");
  if (j.evidence) {
    for (auto& p : staff::problems(*j.evidence)) d.problems.push_back(std::move(p));
  } else if (evidence_required) {
    d.problems.push_back("Indiquez les vérifications d'identité effectuées (téléphone ou guichet).");
  }
  if (d.problems.empty()) return std::nullopt;
  d.field = reason.empty() || reason.size() > kMaxReason ? "reason" : "evidence";
  std::string message = d.problems.front();
  return Error{Errc::invalid_input, std::move(message), std::move(d)};
}

inline std::string evidence_text(const Justification& j) { return j.evidence ? staff::describe(*j.evidence) : ""; }

}  // namespace mc::app::backoffice::detail
