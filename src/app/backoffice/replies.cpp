#include "app/backoffice/replies.hpp"

#include "core/html.hpp"

namespace mc::app::backoffice {
namespace {

using html::escape;

constexpr const char* kReminder =
    "L'Assurance Maladie ne vous demande jamais votre mot de passe ni vos coordonnées bancaires par SMS ou par e-mail. "
    "En cas de doute, ne cliquez pas : connectez-vous vous-même à votre compte ou appelez le 36 46.";

std::vector<std::string> paragraphs(const staff::HelpRequest& r, const std::string& outcome) {
  return {"Vous nous avez adressé une demande d'aide (référence " + r.reference + ", « " +
              std::string(staff::label_fr(r.category)) + " »).",
          "Voici la réponse de votre conseiller :", outcome,
          "Pour toute question, appelez le 36 46 en indiquant votre référence."};
}

}  // namespace

outbox::Mail help_reply_mail(const account::RegisterEntry& to, const staff::HelpRequest& r, const std::string& outcome,
                             const std::string& base_url) {
  outbox::Mail m;
  m.to = to.email;
  m.member = to.nir13;
  m.kind = "help_outcome";
  m.subject = "Réponse à votre demande d'aide " + r.reference;
  std::string name = to.given_names + " " + to.family_name;
  m.text = "Bonjour " + name + ",\n\n";
  m.html = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + escape(m.subject) +
           "</title></head><body style=\"font-family: Arial, sans-serif; color: #1e1e1e;\"><p>Bonjour " + escape(name) +
           ",</p>";
  for (const auto& p : paragraphs(r, outcome)) {
    m.text += p + "\n\n";
    m.html += "<p>" + escape(p) + "</p>";
  }
  m.text += "Votre compte : " + base_url + "/connexion\n\nL'Assurance Maladie\n\n-- \n" + kReminder + "\n";
  m.html += "<p>Votre compte : <a href=\"" + escape(base_url) + "/connexion\">" + escape(base_url) +
            "/connexion</a></p><p>L'Assurance Maladie</p><hr><p><strong>" + escape(kReminder) + "</strong></p></body></html>";
  return m;
}

outbox::Letter help_reply_letter(const account::RegisterEntry& to, const staff::HelpRequest& r, const std::string& outcome) {
  outbox::Letter l;
  l.kind = "help_outcome";
  l.recipient_name = to.given_names + " " + to.family_name;
  l.address_lines = {to.address};
  l.postal_code = to.postal_code;
  l.city = to.city;
  l.subject = "Réponse à votre demande d'aide " + r.reference;
  // The PDF cover adds the salutation and the closing formula.
  for (auto& p : paragraphs(r, outcome)) l.paragraphs.push_back(std::move(p));
  return l;
}

}  // namespace mc::app::backoffice
