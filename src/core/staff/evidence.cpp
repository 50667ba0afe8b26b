#include "core/staff/evidence.hpp"

#include <algorithm>

namespace mc::staff {

std::string trimmed(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

std::string canonical_check(std::string_view item) {
  std::string s = trimmed(item);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (s == "nir") return "nir";
  if (s == "etat_civil" || s == "civil_status" || s == "état_civil" || s == "identity") return "etat_civil";
  if (s == "adresse" || s == "address" || s == "postal_address") return "adresse";
  if (s == "secret_registre" || s == "register_secret" || s == "vitale_serial" || s == "carte_vitale" ||
      s == "iban_last7" || s == "iban")
    return "secret_registre";
  return {};
}

std::string_view id_document_label_fr(std::string_view code) {
  if (code == "carte_identite") return "carte nationale d'identité";
  if (code == "passeport") return "passeport";
  if (code == "titre_sejour") return "titre de séjour";
  if (code == "permis_conduire") return "permis de conduire";
  return {};
}

std::vector<std::string> problems(const Evidence& e) {
  std::vector<std::string> out;
  switch (e.channel) {
    case EvidenceChannel::phone: {
      std::vector<std::string> have;
      for (const auto& c : e.checked) have.push_back(canonical_check(c));
      auto missing = [&](std::string_view item) { return std::find(have.begin(), have.end(), item) == have.end(); };
      if (missing("nir")) out.push_back("Vérifiez le numéro de sécurité sociale de l'appelant.");
      if (missing("etat_civil")) out.push_back("Vérifiez l'état civil (nom, prénoms, date de naissance).");
      if (missing("adresse")) out.push_back("Vérifiez l'adresse postale.");
      if (missing("secret_registre"))
        out.push_back("Vérifiez un secret du dossier (numéro de série de la carte Vitale ou fin de l'IBAN).");
      break;
    }
    case EvidenceChannel::counter:
      if (trimmed(e.id_document).empty()) out.push_back("Indiquez la pièce d'identité présentée au guichet.");
      break;
    case EvidenceChannel::free_text:
      if (trimmed(e.text).empty()) out.push_back("Indiquez les vérifications d'identité effectuées.");
      break;
  }
  return out;
}

std::string describe(const Evidence& e) {
  switch (e.channel) {
    case EvidenceChannel::phone: {
      std::vector<std::string> items;
      for (const auto& c : e.checked) {
        auto k = canonical_check(c);
        if (!k.empty() && std::find(items.begin(), items.end(), k) == items.end()) items.push_back(k);
      }
      // Fixed order, whatever the input order: the same checks always read the same.
      std::string out = "phone:";
      bool first = true;
      for (auto want : kPhoneChecks) {
        if (std::find(items.begin(), items.end(), want) == items.end()) continue;
        out += first ? " " : ", ";
        out += want;
        first = false;
      }
      return out;
    }
    case EvidenceChannel::counter: return "counter: " + trimmed(e.id_document);
    case EvidenceChannel::free_text: return trimmed(e.text);
  }
  return {};
}

}  // namespace mc::staff
