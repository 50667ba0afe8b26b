#pragma once
// What the service writes to members (SPEC §4, §10): security e-mails and letters, in French.
//
// Rules every text here follows, so that the scam checker (§8) rates it `no_sign` and a
// member can tell it from a fake: vouvoiement; no request for a password, a code or bank
// details; no urgency or threat wording; every link is public.base_url + a path of ours; the
// only phone numbers are 36 46 and the emergency numbers; each message ends with the
// anti-scam reminder. The HTML part has no image or external resource, and every value put
// in it is escaped.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/outbox.hpp"
#include "core/time.hpp"

namespace mc::mail {

inline constexpr std::string_view kAntiScamReminder =
    "L'Assurance Maladie ne vous demande jamais votre mot de passe ni vos coordonnées bancaires "
    "par SMS ou par e-mail. En cas de doute, ne cliquez pas : connectez-vous vous-même à votre "
    "compte ou appelez le 36 46.";

// Where links point. Paths are the service's pages; tokens go in the query as "?jeton=…".
struct Site {
  std::string base_url = "http://127.0.0.1:8080";  // public.base_url (a trailing '/' is ignored)
  std::string login_path = "/connexion";
  std::string forgot_path = "/mot-de-passe-oublie";
  std::string reset_path = "/mot-de-passe/nouveau";            // + ?jeton=<reset token>
  std::string verify_email_path = "/adresse-email/verifier";   // + ?jeton=<verification token>
  std::string help_path = "/aide";

  // base_url + path (+ "?jeton=" + percent-encoded token when given).
  std::string link(std::string_view path, std::string_view token = {}) const;
};

struct Recipient {
  std::string email;
  std::string name;  // "Maëlle RICHARD" -> "Bonjour Maëlle RICHARD,"; empty -> "Bonjour,"
};

// --- E-mails (outbox::Mail::kind in parentheses) -------------------------------------------

// (reset_link) « Réinitialiser votre mot de passe », single use, valid `valid_for`.
outbox::Mail reset_link(const Site& site, const Recipient& to, std::string_view token, Duration valid_for);

// (activation_code) A code provisoire to sign in for the first time (or after reactivation),
// valid `valid_for`; the member then chooses a password and confirms their e-mail.
outbox::Mail activation_code(const Site& site, const Recipient& to, std::string_view code, Duration valid_for);

// (email_verification) Sent to a NEW address: the link proves the member reads it.
outbox::Mail email_verification(const Site& site, const Recipient& to, std::string_view token, Duration valid_for);

// (account_locked_temporary) After the 3rd wrong password: how long, and « Mot de passe oublié ».
outbox::Mail account_locked_temporarily(const Site& site, const Recipient& to, Duration lock_length);

// (account_locked_permanent) Only the caisse can unlock: 36 46 or a counter.
outbox::Mail account_locked_permanently(const Site& site, const Recipient& to);

// (password_changed)
outbox::Mail password_changed(const Site& site, const Recipient& to);

enum class ContactField { email, phone, postal_address };
// (contact_details_changed) Send it to the OLD address when the e-mail itself changed.
outbox::Mail contact_details_changed(const Site& site, const Recipient& old_address,
                                     const std::vector<ContactField>& changed);

enum class CodeChannel { post, counter, email };
// (provisional_code_issued) A notice that a new code provisoire exists (sent by `channel`);
// the code itself is never in this notice.
outbox::Mail provisional_code_issued(const Site& site, const Recipient& to, CodeChannel channel);

// (inactivity_warning) Sent before the account becomes inactive on `inactive_on`.
outbox::Mail inactivity_warning(const Site& site, const Recipient& to, Instant inactive_on);

// (help_request_received) `reference` is the request's public reference.
outbox::Mail help_request_received(const Site& site, const Recipient& to, std::string_view reference);

// (help_request_outcome) `outcome`: the advisor's answer, plain text (escaped in HTML).
outbox::Mail help_request_outcome(const Site& site, const Recipient& to, std::string_view reference,
                                  std::string_view outcome);

// --- Letters (outbox::Letter::kind in parentheses) -----------------------------------------
// The PDF writer (letter_writer.hpp) prints `code` in a box after the FIRST paragraph.

struct PostalRecipient {
  std::string name;                // "Mme Maëlle RICHARD"
  std::vector<std::string> lines;  // street, building… (no postal code or city)
  std::string postal_code;
  std::string city;
};

// (reset_code) A code provisoire by post to choose a new password, valid until `valid_until`.
outbox::Letter reset_code_letter(const Site& site, const PostalRecipient& to, std::string_view code,
                                 Instant valid_until);

// (activation_code) A code provisoire by post to activate the account.
outbox::Letter activation_code_letter(const Site& site, const PostalRecipient& to, std::string_view code,
                                      Instant valid_until);

// (help_outcome) The advisor's answer to a help request, by post.
outbox::Letter help_outcome_letter(const Site& site, const PostalRecipient& to, std::string_view reference,
                                   std::string_view outcome);

// --- Helpers (exposed for tests and other French texts) -------------------------------------

// "30 minutes", "1 heure", "24 heures", "15 jours" (rounded up to the minute).
std::string french_duration(Duration d);
// The calendar date in metropolitan France (CET/CEST) at `t`.
std::chrono::year_month_day paris_date(Instant t);
// "3 mars 2025", "1er avril 2025": paris_date() in words.
std::string french_date(Instant t);
// &, <, >, ", ' escaped.
std::string html_escape(std::string_view text);

}  // namespace mc::mail
