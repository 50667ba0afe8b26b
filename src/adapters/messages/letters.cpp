// Letters: structured content that the letter worker renders to PDF for the print house.
#include "adapters/messages/messages_fr.hpp"
#include "core/token/token.hpp"

namespace mc::messages {

std::string duration_fr(Duration d) {
  auto minutes_total = d.count() / 60000;
  if (minutes_total >= 48 * 60 && minutes_total % (24 * 60) == 0) return std::to_string(minutes_total / (24 * 60)) + " jours";
  if (minutes_total >= 120 && minutes_total % 60 == 0) return std::to_string(minutes_total / 60) + " heures";
  if (minutes_total >= 2) return std::to_string(minutes_total) + " minutes";
  const long long seconds = std::max<long long>(1, d.count() / 1000);
  return std::to_string(seconds) + (seconds == 1 ? " seconde" : " secondes");
}

namespace {

outbox::Letter addressed(const account::Member& m, std::string kind, std::string subject) {
  outbox::Letter l;
  l.kind = std::move(kind);
  l.recipient_name = m.entry.given_names + " " + m.entry.family_name;
  l.address_lines = {m.entry.address};
  l.postal_code = m.entry.postal_code;
  l.city = m.entry.city;
  l.subject = std::move(subject);
  return l;
}

}  // namespace

outbox::Letter MessagesFr::reset_code_letter(const account::Member& to, const std::string& code, Duration valid) const {
  auto l = addressed(to, "reset_code", "Votre code provisoire pour choisir un nouveau mot de passe");
  l.code = token::display_code(code);
  // The PDF cover adds the salutation and the closing; the code box follows the first paragraph,
  // so that paragraph ends on the sentence that announces the code.
  l.paragraphs = {
      "Vous avez demandé à réinitialiser le mot de passe de votre compte ameli. Voici votre code provisoire, valable " +
          duration_fr(valid) + " :",
      "Pour l'utiliser, rendez-vous sur " + base_url_ + "/reinitialiser-par-code, saisissez votre numéro de sécurité "
      "sociale, ce code, puis le nouveau mot de passe de votre choix. Après 5 saisies erronées, le code est annulé.",
      "Si vous n'êtes pas à l'origine de cette demande, vous pouvez ignorer ce courrier : votre mot de passe actuel reste "
      "valable. En cas de question, appelez le 36 46.",
      kAntiScamReminder,
  };
  return l;
}

outbox::Letter MessagesFr::activation_code_letter(const account::Member& to, const std::string& code, Duration valid) const {
  auto l = addressed(to, "activation_code", "Votre code provisoire pour créer votre compte ameli");
  l.code = token::display_code(code);
  l.paragraphs = {
      "Vous avez demandé la création de votre compte ameli. Voici votre code provisoire, valable " + duration_fr(valid) + " :",
      "Pour terminer, rendez-vous sur " + base_url_ + "/activation/code, saisissez votre numéro de sécurité sociale, ce "
      "code, le mot de passe de votre choix et votre adresse e-mail. Un lien de confirmation vous sera envoyé à cette "
      "adresse.",
      "Si vous n'êtes pas à l'origine de cette demande, appelez le 36 46.",
      kAntiScamReminder,
  };
  return l;
}

}  // namespace mc::messages
