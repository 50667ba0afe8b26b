#pragma once
// "Mon compte est bloqué ?": the seed's advice as a decision, from a few answers a worried
// member can give (what happened, how many tries, what the message said, is the e-mail still
// readable, is something urgent) to a verdict and the ordered steps to take.
//
// Pure: the answers come from a GET form, the thresholds from the lockout policy in force, and
// the words are the templates' (help_diagnosis_answer.html); this only decides.
#include <optional>
#include <string_view>
#include <vector>

#include "core/lockout/lockout.hpp"

namespace mc::help {

enum class Happened {
  unanswered,
  wrong_password,  // "j'ai saisi un mauvais mot de passe plusieurs fois"
  forgot,          // forgotten password, or a provisional code no longer valid
  not_recognised,  // "compte introuvable", "identifiants non reconnus"
  never_created,
  long_unused,     // no sign-in for a long time (the account may have been deactivated)
  dont_know,
};

// Bands relative to the policy (3 and 6 by default), so the form follows the configuration.
enum class Tries {
  unanswered,
  below_temporary,  // 1 or 2
  temporary,        // exactly 3: the temporary lock
  between,          // 4 or 5: after the temporary lock, before the permanent one
  permanent,        // 6 or more
  dont_know,
};

// The message the service showed (the member picks the one that looks like theirs).
enum class Message {
  unanswered,
  incorrect_password,  // "Mot de passe incorrect. Encore N essais…"
  temporarily_locked,  // "Compte bloqué temporairement : réessayez dans N minutes…"
  permanently_locked,  // "Compte bloqué : contactez votre caisse au 36 46."
  inactive,            // "…désactivé après une longue période sans connexion…"
  pending,             // "…pas encore activé…"
  other_space,         // "Votre dossier est géré par …, qui propose son propre espace…"
  not_identified,      // "vos données ne permettent pas de vous identifier", "numéro non reconnu"
  none_or_forgotten,
};

enum class EmailAccess { unanswered, yes, no, dont_know };

struct Answers {
  Happened happened = Happened::unanswered;
  Tries tries = Tries::unanswered;
  Message message = Message::unanswered;
  EmailAccess email = EmailAccess::unanswered;
  bool urgent = false;  // an attestation, daily allowances, maternity, ALD… needed soon
};

enum class Verdict {
  not_locked,          // wrong passwords, but tries are left
  temporarily_locked,  // wait the lock out, or reset now
  permanently_locked,  // only the caisse can unlock
  forgotten_password,  // not a real lock: an identification problem
  inactive,            // deactivated after a long time: the caisse reactivates it
  pending,             // created but never activated: the provisional code
  never_created,       // create the account
  other_regime,        // another organisme's online space
  not_identified,      // check the number, then the caisse
  unclear,             // not enough to tell: the safe general path
};

enum class Step {
  stop_trying,          // no more guesses: each failure brings the lock closer
  wait_lock_out,        // wait the temporary lock's duration, then one calm try
  reset_by_email,       // « Mot de passe oublié » → link by e-mail
  reset_by_post,        // « Mot de passe oublié » → code by post
  code_at_counter,      // a code handed at the counter, with an ID document
  update_contact,       // the caisse updates the e-mail on file (36 46 or counter)
  franceconnect,        // sign in through FranceConnect (active or temporarily locked accounts)
  franceconnect_no,     // FranceConnect does not lift this lock
  call_3646,            // an advisor can unlock, reactivate, re-issue a code
  counter_visit,        // the caisse's counter, documents at hand
  france_services,      // free help in person
  basic_checks,         // 13 characters, caps lock, keyboard language, another device
  use_activation_code,  // the provisional code received, or a new one
  create_account,       // activation with NIR, birth date, postal code, carte Vitale or IBAN
  check_regime,         // which organisme, which online space
  urgent_needs,         // paper attestation by post, help request, call soon
};

struct Diagnosis {
  Verdict verdict = Verdict::unclear;
  // True when the verdict rests on the message the service showed (the member's own words
  // otherwise: "probablement").
  bool certain = false;
  // Failures the member may still make before the next lock (not_locked only; 0 = unknown).
  int tries_left = 0;
  bool next_lock_permanent = false;
  Duration wait{};  // the temporary lock's duration
  std::vector<Step> steps;
};

// Nothing answered about what happened nor about the message: ask again.
[[nodiscard]] bool answerable(const Answers& a);

[[nodiscard]] Diagnosis diagnose(const Answers& a, const lockout::Policy& policy);

// Form values (the radio buttons' `value` attributes) → answers; unknown or empty → unanswered.
[[nodiscard]] Happened parse_happened(std::string_view v);
[[nodiscard]] Tries parse_tries(std::string_view v);
[[nodiscard]] Message parse_message(std::string_view v);
[[nodiscard]] EmailAccess parse_email(std::string_view v);

// The stable names used in forms, templates and tests.
[[nodiscard]] std::string_view name(Verdict v);
[[nodiscard]] std::string_view name(Step s);

}  // namespace mc::help
