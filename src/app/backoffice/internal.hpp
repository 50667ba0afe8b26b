#pragma once
// Helpers shared by the back-office use cases' .cpp files (not an interface).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/backoffice/common.hpp"
#include "core/ports/audit_sealer.hpp"
#include "core/staff/audit.hpp"

namespace mc::app::backoffice::detail {

inline Outcome outcome(std::string kind, std::string message, std::string field = {}) {
  Outcome o;
  o.kind = std::move(kind);
  o.message = std::move(message);
  o.field = std::move(field);
  return o;
}

// An answer that carries more than an Outcome (LookupResult, CodeIssued…), holding only `o`.
template <class T>
T as(const Outcome& o) {
  T t;
  static_cast<Outcome&>(t) = o;
  return t;
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

inline Outcome forbidden() {
  return outcome("forbidden", "Votre profil ne permet pas cette action. Adressez-vous à un conseiller ou à votre superviseur.");
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
inline std::optional<Outcome> check_justification(const Justification& j, bool evidence_required) {
  Outcome o = outcome("invalid_input", "");
  auto reason = staff::trimmed(j.reason);
  if (reason.empty()) o.problems.push_back("Indiquez le motif de l'action.");
  if (reason.size() > kMaxReason) o.problems.push_back("Le motif est trop long (500 caractères au plus).");
  if (j.evidence) {
    for (auto& p : staff::problems(*j.evidence)) o.problems.push_back(std::move(p));
  } else if (evidence_required) {
    o.problems.push_back("Indiquez les vérifications d'identité effectuées (téléphone ou guichet).");
  }
  if (o.problems.empty()) return std::nullopt;
  o.message = o.problems.front();
  o.field = reason.empty() || reason.size() > kMaxReason ? "reason" : "evidence";
  return o;
}

inline std::string evidence_text(const Justification& j) { return j.evidence ? staff::describe(*j.evidence) : ""; }

}  // namespace mc::app::backoffice::detail
