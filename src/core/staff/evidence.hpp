#pragma once
// The identity evidence an advisor states for every action (SPEC §6): on the phone, the NIR, the
// état civil, the address and one secret from the register; at a counter, the identity document
// seen. Free text is accepted too (the API takes a string), as long as it says something.
#include <string>
#include <string_view>
#include <vector>

namespace mc::staff {

enum class EvidenceChannel { phone, counter, free_text };

// What a phone check must cover; aliases (English and French) are accepted on input.
inline constexpr std::string_view kPhoneChecks[] = {"nir", "etat_civil", "adresse", "secret_registre"};

struct Evidence {
  EvidenceChannel channel = EvidenceChannel::free_text;
  std::vector<std::string> checked;  // phone: items among kPhoneChecks (or their aliases)
  std::string id_document;           // counter: the document seen (passeport, carte_identite…)
  std::string text;                  // free text
};

// "address" → "adresse", "vitale_serial" → "secret_registre"…; empty when unknown.
[[nodiscard]] std::string canonical_check(std::string_view item);

// Known identity documents with their French label ("passeport" → "passeport").
[[nodiscard]] std::string_view id_document_label_fr(std::string_view code);

// Everything missing, in French; empty when the evidence is acceptable.
[[nodiscard]] std::vector<std::string> problems(const Evidence& e);

// A stable one-line form written to the audit log, e.g.
// "phone: nir, etat_civil, adresse, secret_registre" or "counter: passeport".
[[nodiscard]] std::string describe(const Evidence& e);

// Trims spaces at both ends (reasons and free-text evidence).
[[nodiscard]] std::string trimmed(std::string_view s);

}  // namespace mc::staff
