#include "app/backoffice/member_actions.hpp"

#include <array>
#include <expected>
#include <nlohmann/json.hpp>

#include "app/backoffice/internal.hpp"
#include "core/account/contact.hpp"
#include "core/nir/nir.hpp"
#include "core/ports/backoffice_store.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/code_store.hpp"
#include "core/ports/crypto.hpp"
#include "core/ports/devices.hpp"
#include "core/ports/messages.hpp"
#include "core/ports/store.hpp"
#include "core/staff/help_queue.hpp"

namespace mc::app::backoffice {

using namespace detail;
using json = nlohmann::json;
using Expect = ports::MemberChange::Expect;

bool plausible_email(const std::string& e) {
  auto at = e.find('@');
  return e.size() <= 254 && at != std::string::npos && at > 0 && e.find('@', at + 1) == std::string::npos &&
         e.find('.', at) != std::string::npos && e.back() != '.' && e.find_first_of(" \t\r\n<>,;\"") == std::string::npos;
}

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string duration_fr(Duration d) {
  auto m = d.count() / 60000;
  if (m >= 48 * 60 && m % (24 * 60) == 0) return std::to_string(m / (24 * 60)) + " jours";
  if (m >= 60 && m % 60 == 0) return std::to_string(m / 60) + (m == 60 ? " heure" : " heures");
  return std::to_string(std::max<long long>(m, 1)) + " minutes";
}

std::unexpected<Error> not_in_register() {
  return refuse(Errc::not_found, "Aucun assuré ne correspond à ce numéro dans le registre.", "nir");
}

Result<Done> apply_result(ports::ApplyResult r, std::string ok_message, std::string conflict_message) {
  switch (r) {
    case ports::ApplyResult::ok: return Done{std::move(ok_message)};
    case ports::ApplyResult::not_found: return not_in_register();
    case ports::ApplyResult::conflict: return refuse(Errc::conflict, std::move(conflict_message));
  }
  return refuse(Errc::conflict, std::move(conflict_message));
}

// The member a request is about, found in the register.
struct Target {
  std::string nir13;
  account::Member member;
};

// The first error of a member-targeted request: permission, then justification, then the NIR.
Result<Target> target(Deps& d, const Actor& actor, staff::Action action, const std::string& nir_input,
                      const Justification& why, bool evidence_required) {
  if (!allowed(actor, action)) return forbidden();
  if (auto bad = check_justification(why, evidence_required)) return std::unexpected(*bad);
  auto n = nir::parse(nir_input);
  if (!n) return nir_error(nir_input, n.error());
  auto member = d.store.find_member(n->digits13);
  if (!member) return not_in_register();
  return Target{n->digits13, *std::move(member)};
}

// What a code request sends, once the member's file allows it (send_code).
struct CodePlan {
  token::Channel channel = token::Channel::postal;
  token::Purpose purpose = token::Purpose::password_reset;
  Expect expect = Expect::account;
  bool create = false;  // create_account: the pending account is created with the code
};

// The channel asked, the evidence a counter code needs, the account's state for the action, and
// the contact the channel needs; the first that fails is the answer.
Result<CodePlan> plan_code(staff::Action action, const account::Member& m, const std::string& channel_input,
                           const Justification& why) {
  const bool reset = action == staff::Action::start_reset;
  auto channel = token::parse_channel(channel_input);
  if (!channel || (reset && *channel == token::Channel::counter))
    return refuse(Errc::invalid_input,
                  reset ? "Choisissez l'envoi par e-mail ou par courrier, aux coordonnées du dossier."
                        : "Choisissez l'envoi par courrier, par e-mail, ou la remise au guichet.",
                  "channel");
  // A code handed over the counter needs the identity document seen there (SPEC §4, §6).
  if (*channel == token::Channel::counter &&
      (!why.evidence || why.evidence->channel != staff::EvidenceChannel::counter))
    return refuse(Errc::invalid_input,
                  "Un code remis au guichet exige la vérification d'une pièce d'identité : indiquez laquelle.",
                  "evidence");
  CodePlan plan{*channel};
  if (action == staff::Action::create_account) {
    if (auto n = nir::parse(m.entry.nir13); n && n->is_temporary())
      return refuse(Errc::conflict, nir::temporary_number_message_fr(), "nir");
    if (m.organisme.runs_other_space())
      return refuse(Errc::conflict, "Ce dossier est géré par " + m.organisme.name +
                                        ", qui a son propre espace en ligne (« " + m.organisme.online_space +
                                        " ») : orientez l'assuré vers lui.");
    if (m.account && m.account->state != account::State::pending)
      return refuse(Errc::conflict, "Cet assuré a déjà un compte : débloquez-le ou émettez un code provisoire.");
    plan.purpose = token::Purpose::activation;
    plan.expect = Expect::no_open_account;
    plan.create = true;
  } else if (!m.account) {
    return refuse(Errc::conflict, reset ? "Cet assuré n'a pas encore de compte en ligne."
                                        : "Cet assuré n'a pas de compte : utilisez « Créer le compte ».");
  } else if (m.account->state == account::State::pending) {
    if (reset)
      return refuse(Errc::conflict,
                    "Ce compte n'est pas encore activé : un conseiller peut émettre un nouveau code d'activation.");
    plan.purpose = token::Purpose::activation;
  }
  if (*channel == token::Channel::email && m.entry.email.empty())
    return refuse(Errc::invalid_input, "Aucune adresse e-mail n'est connue pour cet assuré : choisissez le courrier.",
                  "channel");
  if (*channel == token::Channel::postal && m.entry.address.empty())
    return refuse(Errc::invalid_input, "Aucune adresse postale n'est connue pour cet assuré.", "channel");
  return plan;
}

struct Secret {
  std::string value;  // a reset link's token, or the short code
  Duration valid{};
};

// The secret of `plan` stored in `code` as its hash, and the mail or letter that carries it added
// to `ch` (with the security e-mail announcing a code sent elsewhere, SPEC §4).
Secret make_secret(Deps& d, const account::Member& m, const CodePlan& plan, token::CodeRecord& code,
                   ports::MemberChange& ch) {
  Secret s;
  if (plan.channel == token::Channel::email && plan.purpose == token::Purpose::password_reset) {
    std::array<std::uint8_t, 16> r{};
    d.crypto.random_bytes(r);
    s.value = token::make_link_token(r);
    code.secret_hash = d.settings.secrets.stored(d.crypto, "link:" + s.value);
    s.valid = d.settings.validity.email_link;
    ch.mails.push_back(
        d.messages.reset_link(m.entry, d.settings.base_url + "/reinitialiser?token=" + s.value, s.valid));
    return s;
  }
  std::array<std::uint8_t, 5> r{};
  d.crypto.random_bytes(r);
  s.value = token::make_code(r);
  code.secret_hash = d.settings.secrets.stored(d.crypto, "code:" + m.entry.nir13 + ":" + s.value);
  switch (plan.channel) {
    case token::Channel::email:
      s.valid = d.settings.validity.activation_email;
      code.detail = m.entry.email;  // a code read in that mailbox proves the address
      ch.mails.push_back(d.messages.activation_code_mail(m.entry, s.value, s.valid));
      break;
    case token::Channel::postal:
      s.valid = d.settings.validity.postal;
      ch.letters.push_back(plan.purpose == token::Purpose::activation
                               ? d.messages.activation_code_letter(m, s.value, s.valid)
                               : d.messages.reset_code_letter(m, s.value, s.valid));
      break;
    case token::Channel::counter: s.valid = d.settings.validity.counter; break;
  }
  // A code the member does not receive by e-mail is announced there (security e-mail, SPEC §4).
  if (plan.channel != token::Channel::email && !m.entry.email.empty())
    ch.mails.push_back(d.messages.notice(ports::Messages::Notice::new_code_issued, m.entry, m.entry.email));
  return s;
}

// What the advisor is told once the code is on its way (`shown`: the counter code, shown once).
std::string issued_message(const CodePlan& plan, Duration valid, const std::string& shown) {
  switch (plan.channel) {
    case token::Channel::counter:
      return "Code provisoire à remettre à l'assuré : " + shown + " (valable " + duration_fr(valid) +
             "). Il ne sera plus affiché.";
    case token::Channel::postal:
      return "Un courrier avec un code provisoire part à l'adresse du dossier (valable " + duration_fr(valid) + ").";
    case token::Channel::email: break;
  }
  return plan.purpose == token::Purpose::password_reset
             ? "Un lien pour choisir un nouveau mot de passe a été envoyé à l'adresse e-mail du dossier (valable " +
                   duration_fr(valid) + ")."
             : "Un code provisoire a été envoyé à l'adresse e-mail du dossier (valable " + duration_fr(valid) + ").";
}

}  // namespace

MemberView MemberActions::make_view(const account::Member& m, bool full, Instant now) {
  MemberView v;
  v.full = full;
  v.nir13 = m.entry.nir13;
  if (auto n = nir::parse(m.entry.nir13)) v.nir15 = n->with_key();
  v.lock = d_.store.read_lockout(m.entry.nir13);
  v.lock_status = lockout::status(v.lock, now);
  if (d_.settings.device_trust)
    for (auto& c : d_.devices.lockout_counters(m.entry.nir13))
      v.counters.push_back({c.device, c.record, lockout::status(c.record, now)});
  v.account_state = account::display_state(m.account, v.lock, now);
  if (v.account_state == "active" && m.account && account::inactive_by_time(*m.account, now, d_.settings.inactivity_months))
    v.account_state = "inactive";
  if (!full) return v;
  v.entry = m.entry;
  v.organisme = m.organisme;
  v.account = m.account;
  if (v.account) v.account->password_hash.clear();
  v.attempts = d_.store.recent_attempts(m.entry.nir13, 50);
  for (auto purpose : {token::Purpose::activation, token::Purpose::password_reset, token::Purpose::email_verification}) {
    if (auto c = d_.codes.find_open_code(m.entry.nir13, purpose))
      v.open_codes.push_back({c->purpose, c->channel, c->created_at, c->expires_at, token::check(*c, now), c->failed_tries});
  }
  return v;
}

Result<MemberView> MemberActions::lookup(const Actor& actor, const std::string& nir_input, const Justification& why) {
  bool full = allowed(actor, staff::Action::lookup_member);
  if (!full && !allowed(actor, staff::Action::lookup_state)) return forbidden();
  if (auto bad = check_justification(why, false)) return std::unexpected(*bad);
  auto n = nir::parse(nir_input);
  if (!n) return nir_error(nir_input, n.error());
  const Instant now = d_.clock.now();
  // Audited first, found or not: fishing through numbers shows in the log too.
  (void)d_.bo.append_audit(sealer(d_.crypto, draft(actor, now, full ? "lookup_member" : "lookup_state", n->digits13,
                                                   staff::trimmed(why.reason), evidence_text(why))));
  auto member = d_.store.find_member(n->digits13);
  if (!member) return not_in_register();
  return make_view(*member, full, now);
}

Result<std::vector<ports::MemberSummary>> MemberActions::search(const Actor& actor, const std::string& family_name,
                                                                const std::string& birth_date_input,
                                                                const Justification& why) {
  if (!allowed(actor, staff::Action::lookup_member)) return forbidden();
  if (auto bad = check_justification(why, false)) return std::unexpected(*bad);
  std::string name = staff::trimmed(family_name);
  if (name.empty() || name.size() > 100)
    return refuse(Errc::invalid_input, "Saisissez le nom de famille.", "family_name");
  auto birth_date = account::normalize_date(birth_date_input);
  if (!birth_date)
    return refuse(Errc::invalid_input, "Saisissez la date de naissance au format JJ/MM/AAAA.", "birth_date");
  const Instant now = d_.clock.now();
  (void)d_.bo.append_audit(sealer(d_.crypto, draft(actor, now, "search_member", "name:" + name + "/" + *birth_date,
                                                   staff::trimmed(why.reason), evidence_text(why))));
  auto matches = d_.bo.search_members(name, *birth_date, 50);
  if (matches.empty()) return refuse(Errc::not_found, "Aucun assuré de ce nom n'est né à cette date dans le registre.");
  return matches;
}

std::optional<MemberView> MemberActions::view_after_action(const Actor& actor, const std::string& nir_input) {
  bool full = allowed(actor, staff::Action::lookup_member);
  if (!full && !allowed(actor, staff::Action::lookup_state)) return std::nullopt;
  auto n = nir::parse(nir_input);
  if (!n) return std::nullopt;
  auto member = d_.store.find_member(n->digits13);
  if (!member) return std::nullopt;
  return make_view(*member, full, d_.clock.now());
}

Result<Done> MemberActions::unlock(const Actor& actor, const std::string& nir, const Justification& why) {
  auto t = target(d_, actor, staff::Action::unlock, nir, why, true);
  if (!t) return std::unexpected(t.error());
  if (!t->member.account)
    return refuse(Errc::conflict, "Cet assuré n'a pas de compte en ligne : il n'y a rien à débloquer.");
  const Instant now = d_.clock.now();
  auto before = d_.store.read_lockout(t->nir13);
  auto status = lockout::status(before, now);
  std::string was = status.standing == lockout::Standing::permanently_locked   ? "permanent"
                    : status.standing == lockout::Standing::temporarily_locked ? "temporary"
                                                                               : "none";
  ports::MemberChange ch{t->nir13, now};
  ch.expect = Expect::account;
  ch.unlock = true;
  ch.attempt_note = "advisor_unlock";
  auto details = json{{"previous_lock", was}, {"failures", before.failures}}.dump();
  auto r = d_.bo.apply(ch, sealer(d_.crypto, draft(actor, now, "unlock", t->nir13, staff::trimmed(why.reason),
                                                   evidence_text(why), details)));
  return apply_result(r,
                      was == "none" ? "Le compte n'était pas bloqué ; le compteur d'essais est remis à zéro."
                                    : "Compte débloqué : l'assuré peut de nouveau se connecter avec son mot de passe.",
                      "Cet assuré n'a pas de compte en ligne.");
}

Result<CodeIssued> MemberActions::send_code(const Actor& actor, staff::Action action, const std::string& nir_input,
                                            const std::string& channel_input, const Justification& why) {
  auto t = target(d_, actor, action, nir_input, why, true);
  if (!t) return std::unexpected(t.error());
  auto plan = plan_code(action, t->member, channel_input, why);
  if (!plan) return std::unexpected(plan.error());
  const Instant now = d_.clock.now();
  token::CodeRecord code;
  code.nir13 = t->nir13;
  code.purpose = plan->purpose;
  code.channel = plan->channel;
  code.created_at = now;
  ports::MemberChange ch{t->nir13, now};
  ch.expect = plan->expect;
  ch.create_pending_account = plan->create;
  auto secret = make_secret(d_, t->member, *plan, code, ch);
  code.expires_at = now + secret.valid;
  ch.code = code;
  auto details = json{{"purpose", token::to_string(plan->purpose)},
                      {"channel", token::to_string(plan->channel)},
                      {"expires_at", to_millis(code.expires_at)}}
                     .dump();
  std::string action_name = action == staff::Action::create_account ? "create_account"
                            : action == staff::Action::start_reset  ? "start_reset"
                                                                    : "issue_code";
  auto r = d_.bo.apply(ch, sealer(d_.crypto, draft(actor, now, action_name, t->nir13, staff::trimmed(why.reason),
                                                   evidence_text(why), details)));
  if (r != ports::ApplyResult::ok)
    return std::unexpected(
        apply_result(r, "", "Le compte a changé entre-temps : rechargez la fiche et recommencez.").error());
  CodeIssued out;
  out.purpose = std::string(token::to_string(plan->purpose));
  out.channel = std::string(token::to_string(plan->channel));
  out.expires_at = code.expires_at;
  if (plan->channel == token::Channel::counter) out.code = token::display_code(secret.value);
  out.message = issued_message(*plan, secret.valid, out.code);
  return out;
}

Result<CodeIssued> MemberActions::issue_code(const Actor& actor, const std::string& nir, const std::string& channel,
                                             const Justification& why) {
  return send_code(actor, staff::Action::issue_code, nir, channel, why);
}

Result<CodeIssued> MemberActions::start_reset(const Actor& actor, const std::string& nir, const std::string& channel,
                                              const Justification& why) {
  return send_code(actor, staff::Action::start_reset, nir, channel, why);
}

Result<CodeIssued> MemberActions::create_account(const Actor& actor, const std::string& nir, const std::string& channel,
                                                 const Justification& why) {
  auto r = send_code(actor, staff::Action::create_account, nir, channel, why);
  if (r) r->message = "Compte créé, en attente d'activation. " + r->message;
  return r;
}

Result<Done> MemberActions::update_contact(const Actor& actor, const std::string& nir, const ContactInput& in,
                                           const Justification& why) {
  auto t = target(d_, actor, staff::Action::update_contact, nir, why, true);
  if (!t) return std::unexpected(t.error());
  const auto& e = t->member.entry;
  ports::ContactChange c;
  ChangeSet changes;
  const json& details = changes.details;
  if (in.email) {
    std::string v = lower(staff::trimmed(*in.email));
    if (!plausible_email(v))
      return refuse(Errc::invalid_input, "Saisissez une adresse e-mail valide (par exemple prenom.nom@exemple.fr).",
                    "email");
    changes.set("email", c.email, e.email, v);
  }
  if (in.phone) {
    auto v = account::normalize_mobile(*in.phone);  // the column is the member's mobile, one stored form
    if (!v)
      return refuse(Errc::invalid_input, "Saisissez un numéro de mobile français (par exemple 06 12 34 56 78).",
                    "phone");
    changes.set("phone", c.phone, e.phone, *v);
  }
  if (in.address) {
    std::string v = staff::trimmed(*in.address);
    if (v.empty() || v.size() > 200)
      return refuse(Errc::invalid_input, "Saisissez l'adresse (numéro et voie).", "address");
    changes.set("address", c.address, e.address, v);
  }
  if (in.postal_code) {
    std::string v = staff::trimmed(*in.postal_code);
    bool ok = v.size() == 5 && v.find_first_not_of("0123456789") == std::string::npos;
    if (!ok) return refuse(Errc::invalid_input, "Le code postal comporte 5 chiffres.", "postal_code");
    changes.set("postal_code", c.postal_code, e.postal_code, v);
  }
  if (in.city) {
    std::string v = staff::trimmed(*in.city);
    if (v.empty() || v.size() > 100) return refuse(Errc::invalid_input, "Saisissez la commune.", "city");
    changes.set("city", c.city, e.city, v);
  }
  if (details.empty()) return refuse(Errc::invalid_input, "Aucune coordonnée n'est modifiée.");
  const Instant now = d_.clock.now();
  ports::MemberChange ch{t->nir13, now};
  ch.contact = c;
  // The old address is told (ASVS 6.3.7): if the change was not wanted, the member can react.
  if (c.email && !e.email.empty())
    ch.mails.push_back(d_.messages.notice(ports::Messages::Notice::contact_changed, e, e.email));
  auto r = d_.bo.apply(ch, sealer(d_.crypto, draft(actor, now, "update_contact", t->nir13, staff::trimmed(why.reason),
                                                   evidence_text(why), details.dump())));
  return apply_result(r, c.email && !e.email.empty() ? "Coordonnées mises à jour ; l'ancienne adresse e-mail en est informée."
                                                     : "Coordonnées mises à jour.",
                      "");
}

Result<Done> MemberActions::correct_civil_status(const Actor& actor, const std::string& nir, const CivilStatusInput& in,
                                                 const Justification& why) {
  auto t = target(d_, actor, staff::Action::correct_civil_status, nir, why, true);
  if (!t) return std::unexpected(t.error());
  const auto& e = t->member.entry;
  ports::CivilStatusChange c;
  ChangeSet changes;
  const json& details = changes.details;
  auto text = [&](const std::optional<std::string>& v, const char* field, const char* message, const char* name,
                  std::optional<std::string>& slot, const std::string& old) -> std::optional<Error> {
    if (!v) return std::nullopt;
    std::string s = staff::trimmed(*v);
    if (s.empty() || s.size() > 100) return refuse(Errc::invalid_input, message, field).error();
    changes.set(name, slot, old, s);
    return std::nullopt;
  };
  if (in.sex) {
    std::string s = staff::trimmed(*in.sex);
    if (s != "M" && s != "F") return refuse(Errc::invalid_input, "Le sexe est M ou F, comme au registre.", "sex");
    changes.set("sex", c.sex, e.sex, s);
  }
  if (auto bad = text(in.family_name, "family_name", "Saisissez le nom de famille.", "family_name", c.family_name, e.family_name))
    return std::unexpected(*bad);
  if (auto bad = text(in.given_names, "given_names", "Saisissez le ou les prénoms.", "given_names", c.given_names, e.given_names))
    return std::unexpected(*bad);
  if (in.birth_date) {
    auto d = account::normalize_date(*in.birth_date);
    if (!d) return refuse(Errc::invalid_input, "Saisissez la date de naissance au format JJ/MM/AAAA.", "birth_date");
    changes.set("birth_date", c.birth_date, e.birth_date, *d);
  }
  if (auto bad = text(in.birth_place_insee, "birth_place_insee", "Saisissez le code INSEE du lieu de naissance.",
                      "birth_place_insee", c.birth_place_insee, e.birth_place_insee))
    return std::unexpected(*bad);
  if (auto bad = text(in.birth_place_label, "birth_place_label", "Saisissez le lieu de naissance.", "birth_place_label",
                      c.birth_place_label, e.birth_place_label))
    return std::unexpected(*bad);
  if (auto bad = text(in.birth_country, "birth_country", "Saisissez le pays de naissance.", "birth_country", c.birth_country,
                      e.birth_country))
    return std::unexpected(*bad);
  if (details.empty()) return refuse(Errc::invalid_input, "Aucune donnée d'état civil n'est modifiée.");
  const Instant now = d_.clock.now();
  ports::MemberChange ch{t->nir13, now};
  ch.civil_status = c;
  auto r = d_.bo.apply(ch, sealer(d_.crypto, draft(actor, now, "correct_civil_status", t->nir13,
                                                   staff::trimmed(why.reason), evidence_text(why), details.dump())));
  return apply_result(r, "État civil corrigé.", "");
}

Result<Done> MemberActions::reactivate(const Actor& actor, const std::string& nir, const Justification& why) {
  auto t = target(d_, actor, staff::Action::reactivate, nir, why, true);
  if (!t) return std::unexpected(t.error());
  const auto& a = t->member.account;
  if (!a) return refuse(Errc::conflict, "Cet assuré n'a pas de compte en ligne.");
  const Instant now = d_.clock.now();
  const bool stored_inactive = a->state == account::State::inactive;
  if (!stored_inactive && !account::inactive_by_time(*a, now, d_.settings.inactivity_months))
    return refuse(Errc::conflict, "Ce compte n'est pas désactivé.");
  ports::MemberChange ch{t->nir13, now};
  ch.expect = stored_inactive ? Expect::inactive : Expect::account;
  ch.reactivate = true;
  auto r = d_.bo.apply(
      ch, sealer(d_.crypto, draft(actor, now, "reactivate", t->nir13, staff::trimmed(why.reason), evidence_text(why))));
  return apply_result(r, "Compte réactivé : l'assuré peut se connecter.", "Le compte a changé entre-temps : rechargez la fiche.");
}

}  // namespace mc::app::backoffice
