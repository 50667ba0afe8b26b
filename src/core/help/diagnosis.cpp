#include "core/help/diagnosis.hpp"

#include <algorithm>
#include <initializer_list>

#include "core/enum_names.hpp"

namespace mc::help {

namespace {

struct Builder {
  Diagnosis d;
  // Each step once, in the order first added.
  void add(std::initializer_list<Step> steps) {
    for (Step s : steps)
      if (std::find(d.steps.begin(), d.steps.end(), s) == d.steps.end()) d.steps.push_back(s);
  }
  // « Mot de passe oublié » by the channel the member can still read. Without the e-mail, the
  // seed sends them to the post or to the counter, and the caisse must update the address.
  void reset(EmailAccess email) {
    switch (email) {
      case EmailAccess::yes: add({Step::reset_by_email}); break;
      case EmailAccess::no: add({Step::reset_by_post, Step::code_at_counter, Step::update_contact}); break;
      case EmailAccess::unanswered:
      case EmailAccess::dont_know: add({Step::reset_by_email, Step::reset_by_post}); break;
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
      b.add({Step::stop_trying, Step::basic_checks});
      b.reset(a.email);
      b.add({Step::franceconnect, Step::france_services});
      break;
    case Verdict::temporarily_locked:
      b.add({Step::stop_trying});
      // Waiting only helps someone who still knows the password; a reset lifts the lock now.
      if (a.happened != Happened::forgot) b.add({Step::wait_lock_out});
      b.reset(a.email);
      // 3646: "le blocage ne se résout pas après le délai de 20 minutes".
      b.add({Step::franceconnect, Step::call_3646, Step::france_services});
      break;
    case Verdict::permanently_locked:
      // A reset does not lift it, nor does FranceConnect: an advisor does.
      b.add({Step::call_3646, Step::counter_visit});
      if (a.email == EmailAccess::no) b.add({Step::update_contact});
      b.add({Step::franceconnect_no, Step::france_services});
      break;
    case Verdict::forgotten_password:
      b.reset(a.email);
      // 3646: the procedure fails (e-mail invalid, nothing received, link expired).
      b.add({Step::franceconnect, Step::call_3646, Step::france_services});
      break;
    case Verdict::inactive: b.add({Step::call_3646, Step::counter_visit, Step::france_services}); break;
    case Verdict::pending: b.add({Step::use_activation_code, Step::call_3646, Step::france_services}); break;
    case Verdict::never_created: b.add({Step::create_account, Step::france_services}); break;
    case Verdict::other_regime: b.add({Step::check_regime}); break;
    case Verdict::not_identified:
      // 3646: "alors que vous êtes affilié depuis longtemps".
      b.add({Step::basic_checks, Step::create_account, Step::check_regime, Step::call_3646, Step::counter_visit});
      break;
    case Verdict::unclear:
      b.add({Step::stop_trying, Step::basic_checks});
      b.reset(a.email);
      b.add({Step::call_3646, Step::france_services});
      break;
  }
  if (a.urgent) b.add({Step::urgent_needs});
  return d;
}

namespace {

// The values of the "Mon compte est bloqué" form fields; an absent or unknown one is "unanswered".
constexpr EnumName<Happened> kHappenedValues[] = {
    {Happened::wrong_password, "erreurs"},     {Happened::forgot, "oubli"},
    {Happened::not_recognised, "introuvable"}, {Happened::never_created, "jamais-cree"},
    {Happened::long_unused, "inutilise"},      {Happened::dont_know, "ne-sait-pas"}};
constexpr EnumName<Tries> kTriesValues[] = {{Tries::below_temporary, "peu"},
                                            {Tries::temporary, "premier-blocage"},
                                            {Tries::between, "apres-blocage"},
                                            {Tries::permanent, "beaucoup"},
                                            {Tries::dont_know, "ne-sait-pas"}};
constexpr EnumName<Message> kMessageValues[] = {
    {Message::incorrect_password, "incorrect"}, {Message::temporarily_locked, "bloque-temporairement"},
    {Message::permanently_locked, "bloque"},    {Message::inactive, "desactive"},
    {Message::pending, "non-active"},           {Message::other_space, "autre-espace"},
    {Message::not_identified, "non-identifie"}, {Message::none_or_forgotten, "aucun"}};
constexpr EnumName<EmailAccess> kEmailAccessValues[] = {
    {EmailAccess::yes, "oui"}, {EmailAccess::no, "non"}, {EmailAccess::dont_know, "ne-sait-pas"}};

constexpr EnumName<Verdict> kVerdictNames[] = {
    {Verdict::not_locked, "not_locked"},
    {Verdict::temporarily_locked, "temporarily_locked"},
    {Verdict::permanently_locked, "permanently_locked"},
    {Verdict::forgotten_password, "forgotten_password"},
    {Verdict::inactive, "inactive"},
    {Verdict::pending, "pending"},
    {Verdict::never_created, "never_created"},
    {Verdict::other_regime, "other_regime"},
    {Verdict::not_identified, "not_identified"},
    {Verdict::unclear, "unclear"},
};
constexpr EnumName<Step> kStepNames[] = {
    {Step::stop_trying, "stop_trying"},
    {Step::wait_lock_out, "wait_lock_out"},
    {Step::reset_by_email, "reset_by_email"},
    {Step::reset_by_post, "reset_by_post"},
    {Step::code_at_counter, "code_at_counter"},
    {Step::update_contact, "update_contact"},
    {Step::franceconnect, "franceconnect"},
    {Step::franceconnect_no, "franceconnect_no"},
    {Step::call_3646, "call_3646"},
    {Step::counter_visit, "counter_visit"},
    {Step::france_services, "france_services"},
    {Step::basic_checks, "basic_checks"},
    {Step::use_activation_code, "use_activation_code"},
    {Step::create_account, "create_account"},
    {Step::check_regime, "check_regime"},
    {Step::urgent_needs, "urgent_needs"},
};

}  // namespace

Happened parse_happened(std::string_view v) { return value_named(kHappenedValues, v).value_or(Happened::unanswered); }

Tries parse_tries(std::string_view v) { return value_named(kTriesValues, v).value_or(Tries::unanswered); }

Message parse_message(std::string_view v) { return value_named(kMessageValues, v).value_or(Message::unanswered); }

EmailAccess parse_email(std::string_view v) {
  return value_named(kEmailAccessValues, v).value_or(EmailAccess::unanswered);
}

std::string_view name(Verdict v) { return name_of(kVerdictNames, v, "unclear"); }

std::string_view name(Step s) { return name_of(kStepNames, s); }

}  // namespace mc::help
