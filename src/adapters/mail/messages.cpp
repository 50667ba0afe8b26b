#include "adapters/mail/messages.hpp"

#include <array>
#include <chrono>

namespace mc::mail {
namespace {

constexpr std::string_view kSignature = "Votre caisse d'Assurance Maladie";
constexpr std::string_view kAutomatic =
    "Ce message vous est envoyé automatiquement : cette adresse ne reçoit pas les réponses.";
constexpr std::string_view kBlue = "#0c419a";

// Builds the text and HTML parts side by side, so that both always say the same thing.
class Composer {
 public:
  Composer(const Recipient& to, std::string subject, std::string kind) {
    mail_.to = to.email;
    mail_.subject = std::move(subject);
    mail_.kind = std::move(kind);
    const std::string hello = to.name.empty() ? "Bonjour," : "Bonjour " + to.name + ",";
    para(hello);
  }

  Composer& para(std::string_view text) {
    text_ += std::string(text) + "\n\n";
    html_ += "<p style=\"margin:0 0 16px;\">" + html_escape(text) + "</p>\n";
    return *this;
  }

  // A button and, below it, the address itself: what the member sees is where it goes.
  Composer& button(std::string_view label, const std::string& url) {
    text_ += std::string(label) + " :\n" + url + "\n\n";
    const std::string href = html_escape(url);
    html_ += "<p style=\"margin:24px 0;\"><a href=\"" + href +
             "\" style=\"display:inline-block;padding:12px 20px;background:" + std::string(kBlue) +
             ";color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;\">" + html_escape(label) +
             "</a></p>\n"
             "<p style=\"margin:0 0 16px;font-size:14px;\">Si le bouton ne fonctionne pas, copiez cette adresse "
             "dans votre navigateur :<br><a href=\"" +
             href + "\" style=\"color:" + std::string(kBlue) + ";\">" + href + "</a></p>\n";
    return *this;
  }

  Composer& code(std::string_view label, std::string_view code) {
    text_ += std::string(label) + " : " + std::string(code) + "\n\n";
    html_ += "<p style=\"margin:0 0 16px;\">" + html_escape(label) +
             " :</p>\n<p style=\"margin:0 0 16px;font-size:24px;font-family:'Courier New',monospace;"
             "letter-spacing:3px;font-weight:bold;\">" +
             html_escape(code) + "</p>\n";
    return *this;
  }

  Composer& bullets(const std::vector<std::string>& items) {
    html_ += "<ul style=\"margin:0 0 16px;\">\n";
    for (const auto& item : items) {
      text_ += "- " + item + "\n";
      html_ += "<li>" + html_escape(item) + "</li>\n";
    }
    text_ += "\n";
    html_ += "</ul>\n";
    return *this;
  }

  // Someone else's words (an advisor's answer), set apart.
  Composer& quote(std::string_view text) {
    std::string indented = "    ";
    for (char c : text) {
      indented += c;
      if (c == '\n') indented += "    ";
    }
    text_ += indented + "\n\n";
    std::string escaped = html_escape(text);
    std::string with_breaks;
    for (char c : escaped) with_breaks += c == '\n' ? std::string("<br>") : std::string(1, c);
    html_ += "<blockquote style=\"margin:0 0 16px;padding:8px 16px;border-left:4px solid " + std::string(kBlue) +
             ";background:#f4f6f8;\">" + with_breaks + "</blockquote>\n";
    return *this;
  }

  outbox::Mail finish() {
    text_ += "Bien cordialement,\n" + std::string(kSignature) + "\n\n-- \n" + std::string(kAntiScamReminder) + "\n" +
             std::string(kAutomatic) + "\n";
    mail_.text = std::move(text_);
    mail_.html =
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
        html_escape(mail_.subject) +
        "</title>\n</head>\n"
        "<body style=\"margin:0;padding:0;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;"
        "font-size:16px;line-height:1.5;color:#1d1d1d;\">\n"
        "<div style=\"max-width:600px;margin:0 auto;padding:24px;background:#ffffff;\">\n"
        "<p style=\"margin:0 0 24px;font-size:20px;font-weight:bold;color:" +
        std::string(kBlue) + ";\">Assurance Maladie</p>\n" + html_ +
        "<p style=\"margin:24px 0 16px;\">Bien cordialement,<br>" + html_escape(kSignature) +
        "</p>\n"
        "<hr style=\"border:none;border-top:1px solid #d0d7de;margin:24px 0;\">\n"
        "<p style=\"margin:0 0 8px;font-size:14px;font-weight:bold;\">" +
        html_escape(kAntiScamReminder) + "</p>\n<p style=\"margin:0;font-size:13px;color:#555555;\">" +
        html_escape(kAutomatic) + "</p>\n</div>\n</body>\n</html>\n";
    return std::move(mail_);
  }

 private:
  outbox::Mail mail_;
  std::string text_, html_;
};

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    }
  }
  return out;
}

std::string plural(long long n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n > 1 ? many : one);
}

outbox::Letter letter_to(const PostalRecipient& to, std::string kind, std::string subject) {
  outbox::Letter l;
  l.kind = std::move(kind);
  l.recipient_name = to.name;
  l.address_lines = to.lines;
  l.postal_code = to.postal_code;
  l.city = to.city;
  l.subject = std::move(subject);
  return l;
}

// The steps to use a code provisoire received by post; the letter names the site in full
// because paper has no link to click.
std::vector<std::string> code_letter_paragraphs(const Site& site, std::string_view intro, Instant valid_until,
                                                std::string_view purpose) {
  return {
      std::string(intro),
      "Ce code est valable jusqu'au " + french_date(valid_until) + " et ne sert qu'une seule fois.",
      "Pour l'utiliser, rendez-vous sur " + site.link(site.login_path) +
          " et connectez-vous avec votre numéro de sécurité sociale et ce code provisoire. " + std::string(purpose),
      "Ce code est personnel : ne le communiquez à personne, pas même à un conseiller.",
      "Si vous n'êtes pas à l'origine de cette demande, vous n'avez rien à faire ; en cas de doute, appelez le "
      "36 46.",
      std::string(kAntiScamReminder),
  };
}

}  // namespace

std::string Site::link(std::string_view path, std::string_view token) const {
  std::string url = base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (!path.empty() && path.front() != '/') url += '/';
  url += path;
  if (!token.empty()) url += "?jeton=" + percent_encode(token);
  return url;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string french_duration(Duration d) {
  const long long minutes = std::max<long long>(1, (d.count() + 59'999) / 60'000);
  if (minutes % 1440 == 0 && minutes / 1440 >= 2) return plural(minutes / 1440, "jour", "jours");
  if (minutes % 60 == 0) return plural(minutes / 60, "heure", "heures");
  return plural(minutes, "minute", "minutes");
}

std::chrono::year_month_day paris_date(Instant t) {
  namespace ch = std::chrono;  // mc::days/hours (config helpers) would shadow the chrono types
  // Metropolitan France: UTC+1, UTC+2 from the last Sunday of March to the last Sunday of
  // October at 01:00 UTC (EU rule). libstdc++ 12 has no time-zone database.
  const ch::year y = ch::year_month_day{ch::floor<ch::days>(t)}.year();
  const auto last_sunday = [&](ch::month m) {
    return ch::sys_days{ch::year_month_weekday_last{y, m, ch::weekday_last{ch::Sunday}}} + ch::hours{1};
  };
  const bool summer = t >= last_sunday(ch::March) && t < last_sunday(ch::October);
  return ch::year_month_day{ch::floor<ch::days>(t + ch::hours{summer ? 2 : 1})};
}

std::string french_date(Instant t) {
  const auto ymd = paris_date(t);
  static constexpr std::array<const char*, 12> kMonths{"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                                       "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
  const unsigned day = static_cast<unsigned>(ymd.day());
  return (day == 1 ? std::string("1er") : std::to_string(day)) + " " +
         kMonths[static_cast<unsigned>(ymd.month()) - 1] + " " + std::to_string(static_cast<int>(ymd.year()));
}

// --- E-mails ---------------------------------------------------------------------------------

outbox::Mail reset_link(const Site& site, const Recipient& to, std::string_view token, Duration valid_for) {
  return Composer(to, "Réinitialisation de votre mot de passe", "reset_link")
      .para("Vous avez demandé à réinitialiser le mot de passe de votre compte ameli.")
      .para("Pour choisir un nouveau mot de passe, utilisez le lien ci-dessous. Il est valable " +
            french_duration(valid_for) + " et ne fonctionne qu'une seule fois.")
      .button("Réinitialiser votre mot de passe", site.link(site.reset_path, token))
      .para("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe actuel "
            "reste valable et personne ne peut le changer sans ce lien.")
      .finish();
}

outbox::Mail activation_code(const Site& site, const Recipient& to, std::string_view code, Duration valid_for) {
  return Composer(to, "Votre code provisoire pour accéder à votre compte ameli", "activation_code")
      .para("Voici le code provisoire qui vous permet d'accéder à votre compte ameli.")
      .code("Votre code provisoire", code)
      .para("Ce code est valable " + french_duration(valid_for) + " et ne sert qu'une seule fois.")
      .para("Pour l'utiliser, ouvrez la page de connexion ci-dessous et connectez-vous avec votre numéro de "
            "sécurité sociale et ce code provisoire. Vous choisirez ensuite votre propre mot de passe.")
      .button("Se connecter à mon compte", site.link(site.login_path))
      .para("Ce code est personnel : ne le communiquez à personne, pas même à un conseiller.")
      .para("Si vous n'avez pas demandé ce code, ignorez ce message ; en cas de doute, appelez le 36 46.")
      .finish();
}

outbox::Mail email_verification(const Site& site, const Recipient& to, std::string_view token, Duration valid_for) {
  return Composer(to, "Validation de votre nouvelle adresse e-mail", "email_verification")
      .para("Vous avez choisi cette adresse e-mail pour recevoir les messages de votre compte ameli.")
      .para("Pour que nous puissions l'utiliser, ouvrez le lien ci-dessous. Il est valable " +
            french_duration(valid_for) + " et ne fonctionne qu'une seule fois.")
      .button("Valider cette adresse e-mail", site.link(site.verify_email_path, token))
      .para("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : cette adresse ne sera pas "
            "enregistrée.")
      .finish();
}

outbox::Mail account_locked_temporarily(const Site& site, const Recipient& to, Duration lock_length) {
  return Composer(to, "Votre compte ameli est bloqué temporairement", "account_locked_temporary")
      .para("Trois essais de connexion avec un mot de passe incorrect ont eu lieu à la suite sur votre compte "
            "ameli. Par sécurité, il est bloqué pendant " +
            french_duration(lock_length) + ".")
      .para("Passé ce délai, vous pourrez vous connecter de nouveau. Si vous avez oublié votre mot de passe, "
            "vous pouvez en choisir un nouveau avec « Mot de passe oublié » :")
      .button("Mot de passe oublié", site.link(site.forgot_path))
      .para("Si ce n'est pas vous qui avez essayé de vous connecter, choisissez par précaution un nouveau mot "
            "de passe avec « Mot de passe oublié ».")
      .finish();
}

outbox::Mail account_locked_permanently(const Site& site, const Recipient& to) {
  return Composer(to, "Votre compte ameli est bloqué", "account_locked_permanent")
      .para("À la suite de plusieurs essais de connexion avec un mot de passe incorrect, votre compte ameli est "
            "bloqué.")
      .para("Pour le débloquer, appelez votre caisse d'Assurance Maladie au 36 46 (service gratuit + prix d'un "
            "appel) ou rendez-vous à l'un de ses accueils avec une pièce d'identité.")
      .para("Vos droits et vos remboursements ne changent pas : seul l'accès en ligne est bloqué. Le centre "
            "d'aide explique comment obtenir une attestation en attendant :")
      .button("Centre d'aide", site.link(site.help_path))
      .finish();
}

outbox::Mail password_changed(const Site& site, const Recipient& to) {
  return Composer(to, "Le mot de passe de votre compte ameli a été modifié", "password_changed")
      .para("Le mot de passe de votre compte ameli vient d'être modifié. Par sécurité, vos autres sessions en "
            "cours ont pris fin.")
      .para("Si vous êtes à l'origine de ce changement, vous n'avez rien à faire.")
      .para("Si ce n'est pas vous, choisissez un nouveau mot de passe avec « Mot de passe oublié » et appelez "
            "le 36 46 pour nous le signaler.")
      .button("Mot de passe oublié", site.link(site.forgot_path))
      .finish();
}

outbox::Mail contact_details_changed(const Site& site, const Recipient& old_address,
                                     const std::vector<ContactField>& changed) {
  std::vector<std::string> items;
  bool email = false;
  for (ContactField f : changed) {
    switch (f) {
      case ContactField::email: items.emplace_back("votre adresse e-mail"); email = true; break;
      case ContactField::phone: items.emplace_back("votre numéro de téléphone"); break;
      case ContactField::postal_address: items.emplace_back("votre adresse postale"); break;
    }
  }
  Composer c(old_address, "Les coordonnées de votre compte ameli ont été modifiées", "contact_details_changed");
  c.para("Les informations suivantes de votre compte ameli viennent d'être modifiées :").bullets(items);
  if (email)
    c.para("Ce message est envoyé à votre ancienne adresse e-mail ; les prochains messages iront à la "
           "nouvelle.");
  return c.para("Si vous êtes à l'origine de ce changement, vous n'avez rien à faire.")
      .para("Si ce n'est pas vous, appelez le 36 46 : un conseiller de votre caisse pourra rétablir vos "
            "coordonnées.")
      .button("Se connecter à mon compte", site.link(site.login_path))
      .finish();
}

outbox::Mail provisional_code_issued(const Site& site, const Recipient& to, CodeChannel channel) {
  std::string how;
  switch (channel) {
    case CodeChannel::post: how = "Il vous est envoyé par courrier, à l'adresse postale connue de votre caisse."; break;
    case CodeChannel::counter: how = "Il vous a été remis à l'accueil de votre caisse."; break;
    case CodeChannel::email: how = "Il vous est envoyé dans un message séparé."; break;
  }
  return Composer(to, "Un nouveau code provisoire a été créé pour votre compte ameli", "provisional_code_issued")
      .para("Un nouveau code provisoire a été créé pour votre compte ameli. " + how)
      .para("Les codes provisoires précédents ne fonctionnent plus.")
      .para("Si vous n'êtes pas à l'origine de cette demande, appelez le 36 46.")
      .button("Se connecter à mon compte", site.link(site.login_path))
      .finish();
}

outbox::Mail inactivity_warning(const Site& site, const Recipient& to, Instant inactive_on) {
  return Composer(to, "Votre compte ameli va passer à l'état inactif", "inactivity_warning")
      .para("Vous ne vous êtes pas connecté à votre compte ameli depuis longtemps. Sans nouvelle connexion d'ici "
            "le " +
            french_date(inactive_on) + ", il passera à l'état inactif.")
      .para("Pour le garder actif, il vous suffit de vous connecter une fois :")
      .button("Se connecter à mon compte", site.link(site.login_path))
      .para("Un compte inactif peut être réactivé à tout moment avec un nouveau code provisoire. Vos droits et "
            "vos remboursements ne dépendent pas de votre compte en ligne.")
      .finish();
}

outbox::Mail help_request_received(const Site& site, const Recipient& to, std::string_view reference) {
  return Composer(to, "Votre demande d'aide a bien été enregistrée", "help_request_received")
      .para("Votre demande d'aide a bien été enregistrée sous la référence " + std::string(reference) + ".")
      .para("Un conseiller de votre caisse l'étudiera et vous apportera une réponse par téléphone, par e-mail ou "
            "par courrier. Les demandes liées aux indemnités journalières, à la maternité ou à une affection de "
            "longue durée sont traitées en priorité.")
      .para("En cas de problème de santé grave, appelez le 15 ou le 112 (le 114 par SMS pour les personnes "
            "sourdes ou malentendantes) : votre santé passe avant toute question de compte.")
      .button("Centre d'aide", site.link(site.help_path))
      .finish();
}

outbox::Mail help_request_outcome(const Site& site, const Recipient& to, std::string_view reference,
                                  std::string_view outcome) {
  return Composer(to, "Réponse à votre demande d'aide", "help_request_outcome")
      .para("Un conseiller de votre caisse a traité votre demande d'aide (référence " + std::string(reference) +
            "). Voici sa réponse :")
      .quote(outcome)
      .para("Si vous avez encore besoin d'aide, appelez le 36 46 ou consultez le centre d'aide :")
      .button("Centre d'aide", site.link(site.help_path))
      .finish();
}

// --- Letters ---------------------------------------------------------------------------------

outbox::Letter reset_code_letter(const Site& site, const PostalRecipient& to, std::string_view code,
                                 Instant valid_until) {
  auto l = letter_to(to, "reset_code", "Votre code provisoire pour choisir un nouveau mot de passe");
  l.code = std::string(code);
  l.paragraphs = code_letter_paragraphs(
      site, "Vous avez demandé à choisir un nouveau mot de passe pour votre compte ameli. Voici votre code provisoire.",
      valid_until, "Vous choisirez ensuite votre nouveau mot de passe.");
  return l;
}

outbox::Letter activation_code_letter(const Site& site, const PostalRecipient& to, std::string_view code,
                                      Instant valid_until) {
  auto l = letter_to(to, "activation_code", "Votre code provisoire pour accéder à votre compte ameli");
  l.code = std::string(code);
  l.paragraphs = code_letter_paragraphs(
      site, "Vous avez demandé à accéder à votre compte ameli. Voici votre code provisoire.", valid_until,
      "Vous choisirez ensuite votre propre mot de passe et l'adresse e-mail de votre compte.");
  return l;
}

outbox::Letter help_outcome_letter(const Site& site, const PostalRecipient& to, std::string_view reference,
                                   std::string_view outcome) {
  auto l = letter_to(to, "help_outcome", "Réponse à votre demande d'aide");
  l.paragraphs = {
      "Un conseiller de votre caisse a traité votre demande d'aide (référence " + std::string(reference) +
          "). Voici sa réponse :",
      "« " + std::string(outcome) + " »",
      "Si vous avez encore besoin d'aide, appelez le 36 46 ou consultez le centre d'aide sur " +
          site.link(site.help_path) + ".",
      std::string(kAntiScamReminder),
  };
  return l;
}

}  // namespace mc::mail
