// E-mails: plain text and HTML, French, every link on the service's own base URL, and the
// anti-scam reminder. Kept free of urgency wording so that the scam checker rates them genuine.
#include <sstream>

#include "adapters/messages/messages_fr.hpp"
#include "core/html.hpp"
#include "core/token/token.hpp"

namespace mc::messages {
namespace {

// Paragraphs; a paragraph that is exactly a URL becomes a link, one starting with "CODE:" a code box.
outbox::Mail compose(const account::RegisterEntry& about, std::string to, std::string kind, std::string subject,
                     const std::string& greeting_name, const std::vector<std::string>& paragraphs) {
  outbox::Mail m;
  m.to = std::move(to);
  m.member = about.nir13;
  m.kind = std::move(kind);
  m.subject = std::move(subject);
  std::ostringstream text, html;
  text << "Bonjour " << greeting_name << ",\n\n";
  html << "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" << html::escape(m.subject)
       << "</title></head><body style=\"font-family: Arial, sans-serif; color: #1e1e1e;\">"
       << "<p>Bonjour " << html::escape(greeting_name) << ",</p>";
  for (const auto& p : paragraphs) {
    if (p.starts_with("https://") || p.starts_with("http://")) {
      text << p << "\n\n";
      html << "<p><a href=\"" << html::escape(p) << "\">" << html::escape(p) << "</a></p>";
    } else if (p.starts_with("CODE:")) {
      text << "    " << p.substr(5) << "\n\n";
      html << "<p style=\"font-size: 1.4em; font-weight: bold; letter-spacing: .1em;\">" << html::escape(p.substr(5))
           << "</p>";
    } else {
      text << p << "\n\n";
      html << "<p>" << html::escape(p) << "</p>";
    }
  }
  text << "L'Assurance Maladie\n\n-- \n" << kAntiScamReminder << "\n";
  html << "<p>L'Assurance Maladie</p><hr><p><strong>" << html::escape(kAntiScamReminder)
       << "</strong></p></body></html>";
  m.text = text.str();
  m.html = html.str();
  return m;
}

std::string name_of(const account::RegisterEntry& e) { return e.given_names + " " + e.family_name; }

// What a notice says: its kind, subject and paragraphs.
struct NoticeText {
  const char* kind;
  const char* subject;
  std::vector<std::string> paragraphs;
};

// `to` is the member after the change (the phone notice names the new number's last two digits).
NoticeText notice_text(ports::Messages::Notice kind, const account::RegisterEntry& to, const std::string& base_url,
                       Duration temporary_lock) {
  using Notice = ports::Messages::Notice;
  switch (kind) {
    case Notice::temporarily_locked:
      return {"notice_temporarily_locked",
              "Votre compte ameli est bloqué temporairement",
              {"Trois mots de passe erronés ont été saisis pour votre compte ameli : la connexion par mot de passe est "
               "bloquée pendant " +
                   duration_fr(temporary_lock) + ".",
               "Si vous avez oublié votre mot de passe, utilisez « Mot de passe oublié » sur la page de connexion :",
               base_url + "/mot-de-passe-oublie",
               "Si ce n'était pas vous, votre compte reste protégé ; vous pouvez choisir un nouveau mot de passe."}};
    case Notice::permanently_locked:
      return {"notice_permanently_locked",
              "Votre compte ameli est bloqué",
              {"Six mots de passe erronés ont été saisis pour votre compte ameli : la connexion par mot de passe est "
               "bloquée jusqu'à l'intervention de votre caisse.",
               "Pour la débloquer, appelez le 36 46 ou rendez-vous à l'accueil de votre caisse avec une pièce "
               "d'identité. Plus d'informations :",
               base_url + "/aide/compte-bloque"}};
    case Notice::unknown_devices_temporarily_locked:
      return {"notice_unknown_devices_locked",
              "Connexion à votre compte ameli bloquée sur les appareils inconnus",
              {"Trois mots de passe erronés ont été saisis pour votre compte ameli depuis des appareils que vous "
               "n'avez jamais utilisés pour vous connecter : la connexion par mot de passe depuis un nouvel appareil "
               "est bloquée pendant " +
                   duration_fr(temporary_lock) + ".",
               "Les appareils sur lesquels vous vous êtes déjà connecté (votre téléphone, votre ordinateur) ne sont "
               "pas bloqués : vous pouvez continuer à les utiliser normalement.",
               "Si ce n'était pas vous, quelqu'un connaît peut-être votre numéro de sécurité sociale ; votre mot de "
               "passe n'a pas été trouvé. Vous pouvez vérifier vos appareils dans votre compte :",
               base_url + "/mon-compte"}};
    case Notice::unknown_devices_permanently_locked:
      return {"notice_unknown_devices_locked_permanently",
              "Connexion à votre compte ameli bloquée sur les appareils inconnus",
              {"Six mots de passe erronés ont été saisis pour votre compte ameli depuis des appareils que vous "
               "n'avez jamais utilisés pour vous connecter : la connexion par mot de passe depuis un nouvel appareil "
               "est bloquée jusqu'à l'intervention de votre caisse.",
               "Les appareils sur lesquels vous vous êtes déjà connecté ne sont pas bloqués : vous pouvez continuer "
               "à les utiliser normalement.",
               "Pour vous connecter depuis un nouvel appareil, appelez le 36 46 ou rendez-vous à l'accueil de votre "
               "caisse avec une pièce d'identité. Plus d'informations :",
               base_url + "/aide/compte-bloque"}};
    case Notice::password_changed:
      return {"notice_password_changed",
              "Le mot de passe de votre compte ameli a été modifié",
              {"Le mot de passe de votre compte ameli vient d'être modifié, et vos autres sessions ont été fermées.",
               "Si vous êtes à l'origine de cette modification, vous n'avez rien à faire. Sinon, appelez le 36 46."}};
    case Notice::contact_changed:
      return {"notice_contact_changed",
              "Vos coordonnées ont été modifiées sur votre compte ameli",
              {"Les coordonnées de votre compte ameli viennent d'être modifiées : cette adresse e-mail ne sera plus "
               "utilisée pour vous écrire.",
               "Si vous êtes à l'origine de cette modification, vous n'avez rien à faire. Sinon, appelez le 36 46."}};
    case Notice::phone_changed:
      return {"notice_phone_changed",
              "Votre numéro de téléphone mobile a été modifié",
              {"Le numéro de téléphone mobile enregistré sur votre compte ameli vient d'être modifié. Le nouveau "
               "numéro se termine par " +
                   (to.phone.size() >= 2 ? to.phone.substr(to.phone.size() - 2) : to.phone) + ".",
               "Si vous êtes à l'origine de cette modification, vous n'avez rien à faire. Sinon, changez votre mot "
               "de passe et appelez le 36 46."}};
    case Notice::new_code_issued:
      return {"notice_new_code",
              "Un nouveau code provisoire a été émis pour votre compte ameli",
              {"Un nouveau code provisoire a été émis pour votre compte ameli ; les codes précédents ne sont plus "
               "valables.",
               "Si vous n'en avez pas fait la demande, appelez le 36 46."}};
    case Notice::inactivity_warning:
      return {"notice_inactivity",
              "Votre compte ameli n'a pas été utilisé depuis longtemps",
              {"Vous ne vous êtes pas connecté à votre compte ameli depuis près de deux ans. Sans connexion d'ici "
               "30 jours, il sera désactivé ; votre caisse pourra alors le réactiver à votre demande.",
               "Pour le garder actif, il suffit de vous connecter :", base_url + "/connexion"}};
  }
  return {"notice", "Information sur votre compte ameli", {}};
}

}  // namespace

outbox::Mail MessagesFr::reset_link(const account::RegisterEntry& to, const std::string& link, Duration valid) const {
  return compose(
      to, to.email, "reset_link", "Réinitialisation du mot de passe de votre compte ameli", name_of(to),
      {"Vous avez demandé à choisir un nouveau mot de passe pour votre compte ameli. Pour le faire, ouvrez le lien "
       "ci-dessous, valable " +
           duration_fr(valid) + " et utilisable une seule fois :",
       link,
       "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe actuel reste "
       "valable."});
}

outbox::Mail MessagesFr::activation_code_mail(const account::RegisterEntry& to, const std::string& code, Duration valid) const {
  return compose(to, to.email, "activation_code", "Votre code provisoire pour créer votre compte ameli", name_of(to),
                 {"Vous avez demandé la création de votre compte ameli. Voici votre code provisoire, valable " +
                      duration_fr(valid) + " :",
                  "CODE:" + token::display_code(code),
                  "Pour terminer, allez sur la page d'activation de votre compte :", base_url_ + "/activation/code",
                  "Si vous n'êtes pas à l'origine de cette demande, appelez le 36 46."});
}

outbox::Mail MessagesFr::email_verification(const account::RegisterEntry& to, const std::string& new_address,
                                            const std::string& link, Duration valid) const {
  return compose(
      to, new_address, "email_verification", "Confirmez votre adresse e-mail pour votre compte ameli", name_of(to),
      {"Pour que cette adresse soit enregistrée sur votre compte ameli, ouvrez le lien ci-dessous (valable " +
           duration_fr(valid) + ") puis cliquez sur « Confirmer mon adresse » :",
       link, "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne sera modifié."});
}

outbox::Mail MessagesFr::notice(Notice kind, const account::RegisterEntry& to, const std::string& address) const {
  NoticeText t = notice_text(kind, to, base_url_, temporary_lock_);
  return compose(to, address, t.kind, t.subject, name_of(to), t.paragraphs);
}

}  // namespace mc::messages
