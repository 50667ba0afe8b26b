#pragma once
// Test-only: one sample of every e-mail the service sends, for the content, SMTP and scam
// checker tests.
#include <vector>

#include "adapters/mail/messages.hpp"

namespace mc::mail::testing {

inline std::vector<outbox::Mail> every_mail(const Site& site, const Recipient& to) {
  const Instant inactive_on = from_millis(1744459200000);  // 2025-04-12T12:00:00Z
  return {
      reset_link(site, to, "Zq3-x_9AbCdEfGhIjKlMnO", minutes(30)),
      activation_code(site, to, "K7MP-4XRT", days(15)),
      email_verification(site, to, "v3r1f-T0ken", hours(24)),
      account_locked_temporarily(site, to, minutes(20)),
      account_locked_permanently(site, to),
      password_changed(site, to),
      contact_details_changed(site, to, {ContactField::email, ContactField::phone, ContactField::postal_address}),
      provisional_code_issued(site, to, CodeChannel::post),
      provisional_code_issued(site, to, CodeChannel::counter),
      provisional_code_issued(site, to, CodeChannel::email),
      inactivity_warning(site, to, inactive_on),
      help_request_received(site, to, "AIDE-2025-000123"),
      help_request_outcome(site, to, "AIDE-2025-000123",
                           "Votre compte a été débloqué. Vous pouvez de nouveau vous connecter avec votre mot de "
                           "passe habituel."),
  };
}

}  // namespace mc::mail::testing
