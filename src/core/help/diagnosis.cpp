#include "core/help/diagnosis.hpp"

#include <algorithm>

namespace mc::help {

namespace {

struct Builder {
  Diagnosis d;
  void add(Step s) {
    if (std::find(d.steps.begin(), d.steps.end(), s) == d.steps.end()) d.steps.push_back(s);
  }
  // « Mot de passe oublié » by the channel the member can still read. Without the e-mail, the
  // seed sends them to the post or to the counter, and the caisse must update the address.
  void reset(EmailAccess email) {
    switch (email) {
      case EmailAccess::yes:
        add(Step::reset_by_email);
        break;
      case EmailAccess::no:
        add(Step::reset_by_post);
        add(Step::code_at_counter);
        add(Step::update_contact);
        break;
      case EmailAccess::unanswered:
      case EmailAccess::dont_know:
        add(Step::reset_by_email);
        add(Step::reset_by_post);
        break;
    }
  }
};

// The verdict from the member's own account of events, when they do not remember the message.
Verdict from_story(const Answers& a) {
  bool password_story = a.happened == Happened::wrong_password || a.happened == Happened::forgot ||
                        a.happened == Happened::dont_know || a.happened == Happened::unanswered;
  if (password_story) {
    switch (a.tries) {
      case Tries::permanent: return Verdict::permanently_locked;
      case Tries::temporary: return Verdict::temporarily_locked;
      case Tries::between:
      case Tries::below_temporary:
        return a.happened == Happened::forgot ? Verdict::forgotten_password : Verdict::not_locked;
      case Tries::unanswered:
      case Tries::dont_know: break;
    }
  }
  switch (a.happened) {
    case Happened::forgot: return Verdict::forgotten_password;
    case Happened::not_recognised: return Verdict::not_identified;
    case Happened::never_created: return Verdict::never_created;
    case Happened::long_unused: return Verdict::inactive;
    case Happened::wrong_password:
    case Happened::dont_know:
    case Happened::unanswered: break;
  }
  return Verdict::unclear;
}

}  // namespace

bool answerable(const Answers& a) {
  return a.happened != Happened::unanswered || (a.message != Message::unanswered && a.message != Message::none_or_forgotten) ||
         (a.tries != Tries::unanswered && a.tries != Tries::dont_know);
}

Diagnosis diagnose(const Answers& a, const lockout::Policy& policy) {
  Builder b;
  Diagnosis& d = b.d;
  d.wait = policy.temporary_lock;

  // The service's own message is the best evidence: it already says where the member stands.
  d.certain = true;
  switch (a.message) {
    case Message::permanently_locked: d.verdict = Verdict::permanently_locked; break;
    case Message::temporarily_locked: d.verdict = Verdict::temporarily_locked; break;
    case Message::incorrect_password: d.verdict = Verdict::not_locked; break;
    case Message::inactive: d.verdict = Verdict::inactive; break;
    case Message::pending: d.verdict = Verdict::pending; break;
    case Message::other_space: d.verdict = Verdict::other_regime; break;
    case Message::not_identified: d.verdict = Verdict::not_identified; break;
    case Message::unanswered:
    case Message::none_or_forgotten:
      d.certain = false;
      d.verdict = from_story(a);
      break;
  }

  if (d.verdict == Verdict::not_locked || d.verdict == Verdict::forgotten_password) {
    // After the temporary lock (failures 4 and 5) the next lock is the permanent one.
    d.next_lock_permanent = a.tries == Tries::between;
    d.tries_left = d.next_lock_permanent ? policy.permanent_after - policy.temporary_after - 1
                                         : (a.tries == Tries::below_temporary ? policy.temporary_after - 1 : 0);
  }

  switch (d.verdict) {
    case Verdict::not_locked:
      b.add(Step::stop_trying);
      b.add(Step::basic_checks);
      b.reset(a.email);
      b.add(Step::franceconnect);
      b.add(Step::france_services);
      break;
    case Verdict::temporarily_locked:
      b.add(Step::stop_trying);
      // Waiting only helps someone who still knows the password; a reset lifts the lock now.
      if (a.happened != Happened::forgot) b.add(Step::wait_lock_out);
      b.reset(a.email);
      b.add(Step::franceconnect);
      b.add(Step::call_3646);  // "le blocage ne se résout pas après le délai de 20 minutes"
      b.add(Step::france_services);
      break;
    case Verdict::permanently_locked:
      // A reset does not lift it, nor does FranceConnect: an advisor does.
      b.add(Step::call_3646);
      b.add(Step::counter_visit);
      if (a.email == EmailAccess::no) b.add(Step::update_contact);
      b.add(Step::franceconnect_no);
      b.add(Step::france_services);
      break;
    case Verdict::forgotten_password:
      b.reset(a.email);
      b.add(Step::franceconnect);
      b.add(Step::call_3646);  // the procedure fails: e-mail invalid, nothing received, link expired
      b.add(Step::france_services);
      break;
    case Verdict::inactive:
      b.add(Step::call_3646);
      b.add(Step::counter_visit);
      b.add(Step::france_services);
      break;
    case Verdict::pending:
      b.add(Step::use_activation_code);
      b.add(Step::call_3646);
      b.add(Step::france_services);
      break;
    case Verdict::never_created:
      b.add(Step::create_account);
      b.add(Step::france_services);
      break;
    case Verdict::other_regime:
      b.add(Step::check_regime);
      break;
    case Verdict::not_identified:
      b.add(Step::basic_checks);
      b.add(Step::create_account);
      b.add(Step::check_regime);
      b.add(Step::call_3646);  // "alors que vous êtes affilié depuis longtemps"
      b.add(Step::counter_visit);
      break;
    case Verdict::unclear:
      b.add(Step::stop_trying);
      b.add(Step::basic_checks);
      b.reset(a.email);
      b.add(Step::call_3646);
      b.add(Step::france_services);
      break;
  }
  if (a.urgent) b.add(Step::urgent_needs);
  return d;
}

Happened parse_happened(std::string_view v) {
  if (v == "erreurs") return Happened::wrong_password;
  if (v == "oubli") return Happened::forgot;
  if (v == "introuvable") return Happened::not_recognised;
  if (v == "jamais-cree") return Happened::never_created;
  if (v == "inutilise") return Happened::long_unused;
  if (v == "ne-sait-pas") return Happened::dont_know;
  return Happened::unanswered;
}

Tries parse_tries(std::string_view v) {
  if (v == "peu") return Tries::below_temporary;
  if (v == "premier-blocage") return Tries::temporary;
  if (v == "apres-blocage") return Tries::between;
  if (v == "beaucoup") return Tries::permanent;
  if (v == "ne-sait-pas") return Tries::dont_know;
  return Tries::unanswered;
}

Message parse_message(std::string_view v) {
  if (v == "incorrect") return Message::incorrect_password;
  if (v == "bloque-temporairement") return Message::temporarily_locked;
  if (v == "bloque") return Message::permanently_locked;
  if (v == "desactive") return Message::inactive;
  if (v == "non-active") return Message::pending;
  if (v == "autre-espace") return Message::other_space;
  if (v == "non-identifie") return Message::not_identified;
  if (v == "aucun") return Message::none_or_forgotten;
  return Message::unanswered;
}

EmailAccess parse_email(std::string_view v) {
  if (v == "oui") return EmailAccess::yes;
  if (v == "non") return EmailAccess::no;
  if (v == "ne-sait-pas") return EmailAccess::dont_know;
  return EmailAccess::unanswered;
}

std::string_view name(Verdict v) {
  switch (v) {
    case Verdict::not_locked: return "not_locked";
    case Verdict::temporarily_locked: return "temporarily_locked";
    case Verdict::permanently_locked: return "permanently_locked";
    case Verdict::forgotten_password: return "forgotten_password";
    case Verdict::inactive: return "inactive";
    case Verdict::pending: return "pending";
    case Verdict::never_created: return "never_created";
    case Verdict::other_regime: return "other_regime";
    case Verdict::not_identified: return "not_identified";
    case Verdict::unclear: return "unclear";
  }
  return "unclear";
}

std::string_view name(Step s) {
  switch (s) {
    case Step::stop_trying: return "stop_trying";
    case Step::wait_lock_out: return "wait_lock_out";
    case Step::reset_by_email: return "reset_by_email";
    case Step::reset_by_post: return "reset_by_post";
    case Step::code_at_counter: return "code_at_counter";
    case Step::update_contact: return "update_contact";
    case Step::franceconnect: return "franceconnect";
    case Step::franceconnect_no: return "franceconnect_no";
    case Step::call_3646: return "call_3646";
    case Step::counter_visit: return "counter_visit";
    case Step::france_services: return "france_services";
    case Step::basic_checks: return "basic_checks";
    case Step::use_activation_code: return "use_activation_code";
    case Step::create_account: return "create_account";
    case Step::check_regime: return "check_regime";
    case Step::urgent_needs: return "urgent_needs";
  }
  return "";
}

}  // namespace mc::help
