#pragma once
// Test-only: samples of what the service really sends — the live texts of MessagesFr
// (src/adapters/messages), the ones wired in src/main/wiring.cpp — for the SMTP, delivery and
// letter tests.
#include <string>
#include <vector>

#include "adapters/messages/messages_fr.hpp"

namespace mc::mail::testing {

inline const std::string kBaseUrl = "https://moncompte.ameli.fr";

inline account::Member sample_member(std::string email = "maelle.richard@exemple.fr") {
  account::Member m;
  m.entry.nir13 = "2850875115104";
  m.entry.given_names = "Maëlle";
  m.entry.family_name = "RICHARD";
  m.entry.email = std::move(email);
  m.entry.address = "88 rue du Moulin";
  m.entry.postal_code = "75012";
  m.entry.city = "Paris";
  return m;
}

// One of each e-mail, every one to `to.email`.
inline std::vector<outbox::Mail> every_mail(const account::RegisterEntry& to) {
  using Notice = ports::Messages::Notice;
  const messages::MessagesFr fr(kBaseUrl);
  std::vector<outbox::Mail> out = {
      fr.reset_link(to, kBaseUrl + "/reinitialiser?token=0123456789abcdef0123456789abcdef", minutes(30)),
      fr.activation_code_mail(to, "K7MP4XRT", days(15)),
      fr.email_verification(to, to.email, kBaseUrl + "/verifier-email?token=0123456789abcdef0123456789abcdef",
                            hours(24)),
  };
  for (Notice n : ports::Messages::kEveryNotice) out.push_back(fr.notice(n, to, to.email));
  return out;
}

inline outbox::Mail sample_mail(const std::string& to = "maelle@exemple.fr") {
  return messages::MessagesFr(kBaseUrl).notice(ports::Messages::Notice::password_changed, sample_member(to).entry, to);
}

inline outbox::Letter sample_code_letter() {
  return messages::MessagesFr(kBaseUrl).reset_code_letter(sample_member(), "K7MP4XRT", days(15));
}

}  // namespace mc::mail::testing
