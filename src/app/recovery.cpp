#include "app/recovery.hpp"

#include <array>
#include <cctype>
#include <utility>

#include "core/account/contact.hpp"
#include "core/nir/nir.hpp"
#include "core/ports/account_store.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/code_store.hpp"
#include "core/ports/crypto.hpp"
#include "core/ports/messages.hpp"
#include "core/ports/outbox_store.hpp"
#include "core/ports/password_hasher.hpp"
#include "core/ports/rate_limiter.hpp"
#include "core/ports/session.hpp"
#include "core/ports/store.hpp"

namespace mc::app {
namespace {

std::unexpected<Error> invalid_nir(const std::string& input, nir::NirError e) {
  return fail(Errc::invalid_nir, nir::message_fr(e, input), {.field = std::string(nir::code(e))});
}

std::unexpected<Error> invalid_or_expired() {
  return fail(Errc::invalid_or_expired,
              "Ce lien ou ce code n'est plus valable (déjà utilisé, expiré ou remplacé par un plus récent). Faites une "
              "nouvelle demande.");
}

std::unexpected<Error> permanently_locked() {
  return fail(Errc::permanently_locked, "Votre compte est bloqué : contactez votre caisse au 36 46.");
}

std::unexpected<Error> invalid_email() {
  return fail(Errc::invalid_input, "Saisissez une adresse e-mail valide (par exemple prenom.nom@exemple.fr).",
              {.field = "email"});
}

std::unexpected<Error> session_invalid() { return fail(Errc::invalid_credentials, "Session invalide."); }

// The code row of a link token still usable for `purpose` (a reset, an e-mail verification) and
// the member it belongs to; `find_link` finds the row whichever accepted form it was stored under.
template <class FindLink>
Result<std::pair<token::CodeRecord, account::Member>> open_link(const std::string& token_input, token::Purpose purpose,
                                                                ports::Store& store, const ports::Clock& clock,
                                                                const FindLink& find_link) {
  auto t = token::normalize_link_token(token_input);
  if (!t) return invalid_or_expired();
  auto code = find_link(*t);
  if (!code || code->purpose != purpose || token::check(*code, clock.now()) != token::Usability::usable)
    return invalid_or_expired();
  auto member = store.find_member(code->nir13);
  if (!member || !member->account) return invalid_or_expired();
  return std::pair{std::move(*code), std::move(*member)};
}

// The birth date and the delivery channel of a reset or activation request, or the answer that
// says which one is wrong.
struct RequestForm {
  std::string birth_date;
  token::Channel channel;
};
Result<RequestForm> read_request(const std::string& birth_date_input, const std::string& channel_input) {
  auto birth_date = account::normalize_date(birth_date_input);
  if (!birth_date)
    return fail(Errc::invalid_input, "Saisissez votre date de naissance au format JJ/MM/AAAA.",
                {.field = "birth_date"});
  auto channel = token::parse_channel(channel_input.empty() ? "email" : channel_input);
  if (!channel || *channel == token::Channel::counter)
    return fail(Errc::invalid_input, "Choisissez la réception par e-mail ou par courrier.", {.field = "channel"});
  return RequestForm{*birth_date, *channel};
}

std::string squeeze_upper(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '-' || c == '.') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

bool plausible_email(const std::string& e) {
  auto at = e.find('@');
  return e.size() <= 254 && at != std::string::npos && at > 0 && e.find('@', at + 1) == std::string::npos &&
         e.find('.', at) != std::string::npos && e.back() != '.' && e.find_first_of(" \t\r\n<>,;\"") == std::string::npos;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Recovery::Secret Recovery::new_link_token() {
  std::array<std::uint8_t, 16> r{};
  d_.crypto.random_bytes(r);
  Secret s;
  s.value = token::make_link_token(r);
  s.hash = d_.settings.secrets.stored(d_.crypto, "link:" + s.value);
  return s;
}

std::string Recovery::code_hash(const std::string& nir13, const std::string& code) const {
  return d_.settings.secrets.stored(d_.crypto, "code:" + nir13 + ":" + code);
}

bool Recovery::code_matches(const std::string& nir13, const std::string& code, const std::string& stored) const {
  bool match = false;
  std::string input = "code:" + nir13;
  input += ':';
  input += code;
  for (const auto& form : d_.settings.secrets.accepted(d_.crypto, input))
    match = d_.crypto.equal(form, stored) || match;  // every form compared: no early exit
  return match;
}

std::optional<token::CodeRecord> Recovery::find_link(const std::string& token) const {
  for (const auto& form : d_.settings.secrets.accepted(d_.crypto, "link:" + token))
    if (auto code = d_.codes.find_code_by_hash(form)) return code;
  return std::nullopt;
}

Recovery::Secret Recovery::new_code(const std::string& nir13) {
  std::array<std::uint8_t, 5> r{};
  d_.crypto.random_bytes(r);
  Secret s;
  s.value = token::make_code(r);
  s.hash = code_hash(nir13, s.value);
  return s;
}

std::optional<Error> Recovery::over_source_budget(ThrottleScope scope, const std::string& client_ip) {
  auto wait = d_.throttle.spend_request(scope, client_ip);
  if (!wait) return std::nullopt;
  return Error{Errc::rate_limited,
               "Trop de demandes depuis cette connexion. Réessayez plus tard, ou appelez le 36 46.",
               {.retry_after_s = *wait}};
}

std::optional<Error> Recovery::check_policy(const std::string& candidate, const account::RegisterEntry& entry) {
  auto v = password::Policy::builtin().check(candidate, entry.nir13, entry.birth_date);
  if (v.empty()) return std::nullopt;
  Error e{Errc::weak_password, "Ce mot de passe ne respecte pas les règles : " + v.front().message};
  for (auto& violation : v) e.details.reasons.push_back({std::move(violation.code), std::move(violation.message)});
  return e;
}

void Recovery::send_email_verification(const std::string& nir13, const account::RegisterEntry& entry,
                                       const std::string& email, Instant now) {
  auto link = new_link_token();
  token::CodeRecord v;
  v.nir13 = nir13;
  v.purpose = token::Purpose::email_verification;
  v.channel = token::Channel::email;
  v.secret_hash = link.hash;
  v.created_at = now;
  v.expires_at = now + d_.settings.validity.email_verification;
  v.detail = email;
  (void)d_.codes.issue_code(
      v, false,
      d_.messages.email_verification(entry, email, d_.settings.base_url + "/verifier-email?token=" + link.value,
                                     d_.settings.validity.email_verification),
      std::nullopt);
}

void Recovery::issue_reset(const account::Member& member, token::Channel channel, Instant now) {
  token::CodeRecord code;
  code.nir13 = member.entry.nir13;
  code.purpose = token::Purpose::password_reset;
  code.channel = channel;
  code.created_at = now;
  if (channel == token::Channel::email) {
    auto secret = new_link_token();
    code.secret_hash = secret.hash;
    code.expires_at = now + d_.settings.validity.email_link;
    auto link = d_.settings.base_url + "/reinitialiser?token=" + secret.value;
    (void)d_.codes.issue_code(code, false, d_.messages.reset_link(member.entry, link, d_.settings.validity.email_link),
                              std::nullopt);
  } else {
    auto secret = new_code(member.entry.nir13);
    code.secret_hash = secret.hash;
    code.expires_at = now + d_.settings.validity.postal;
    (void)d_.codes.issue_code(code, false, std::nullopt,
                              d_.messages.reset_code_letter(member, secret.value, d_.settings.validity.postal));
  }
}

Result<StepAccepted> Recovery::start_reset(const std::string& nir_input, const std::string& birth_date_input,
                                           const std::string& channel_input, const std::string& client_ip) {
  auto n = nir::parse(nir_input);
  if (!n) return invalid_nir(nir_input, n.error());
  auto form = read_request(birth_date_input, channel_input);
  if (!form) return std::unexpected(std::move(form.error()));
  const auto [birth_date, channel] = *form;
  const Instant now = d_.clock.now();
  if (auto refused = over_source_budget(ThrottleScope::reset, client_ip)) return std::unexpected(std::move(*refused));
  const std::string nir13 = n->digits13;
  const bool within_nir_limit =
      d_.limiter.hit("reset:nir:" + nir13, now, hours(1)) <= d_.settings.requests_per_nir_per_hour;

  auto member = d_.store.find_member(nir13);
  bool matches = within_nir_limit && member && member->account && member->account->state != account::State::pending &&
                 member->entry.birth_date == birth_date && !member->organisme.runs_other_space();
  if (matches && channel == token::Channel::email && member->entry.email.empty()) matches = false;
  if (matches && channel == token::Channel::postal && member->entry.address.empty()) matches = false;

  if (matches) {
    issue_reset(*member, channel, now);
  } else {
    // The matching path writes one more transaction (the code and its message); this one keeps
    // the number of synchronous commits, hence the timing, the same.
    (void)d_.limiter.hit("reset:nomatch", now, minutes(1));
  }
  return StepAccepted{
      channel == token::Channel::email
          ? "Si les informations saisies correspondent à un compte, un e-mail vient de vous être envoyé avec un "
            "lien valable " +
                std::to_string(d_.settings.validity.email_link.count() / 60000) +
                " minutes. Pensez à regarder dans vos courriers indésirables."
          : "Si les informations saisies correspondent à un compte, un courrier avec un code provisoire vous "
            "sera envoyé à l'adresse postale connue de votre caisse, sous quelques jours.",
      std::string(token::to_string(channel))};
}

Result<StepDone> Recovery::finish_password(const token::CodeRecord& code, const account::Member& member,
                                           const std::string& new_password, ports::CredentialChange change) {
  const Instant now = d_.clock.now();
  if (d_.store.read_lockout(member.entry.nir13).permanently_locked)
    return fail(
        Errc::permanently_locked,
        "Votre compte est bloqué : la réinitialisation du mot de passe ne le débloque pas. Contactez votre caisse au "
        "36 46.");
  if (auto weak = check_policy(new_password, member.entry)) return std::unexpected(std::move(*weak));
  change.new_password_hash = d_.hasher.hash(new_password);
  auto address = member.entry.email;
  if (!address.empty() && !change.notice)
    change.notice = d_.messages.notice(ports::Messages::Notice::password_changed, member.entry, address);
  switch (d_.codes.redeem(code.id, now, change)) {
    case ports::RedeemResult::ok: return StepDone{"Votre mot de passe a été modifié. Vous pouvez vous connecter."};
    case ports::RedeemResult::permanently_locked: return permanently_locked();
    case ports::RedeemResult::unusable: break;
  }
  return invalid_or_expired();
}

ports::CredentialChange Recovery::reset_change(const std::string& nir13, const DeviceOf& device_of) const {
  ports::CredentialChange change{nir13};
  change.lift_temporary_lock = true;
  change.end_sessions = true;
  if (d_.settings.device_trust) change.revoke_devices_except = device_of ? device_of(nir13).value_or("") : "";
  return change;
}

Result<StepDone> Recovery::complete_with_token(const std::string& token_input, const std::string& new_password,
                                               const DeviceOf& device_of) {
  auto link = open_link(token_input, token::Purpose::password_reset, d_.store, d_.clock,
                        [this](const std::string& t) { return find_link(t); });
  if (!link) return std::unexpected(std::move(link.error()));
  const auto& [code, member] = *link;
  auto change = reset_change(code.nir13, device_of);
  change.mark_email_verified = true;  // the link was read in that mailbox
  return finish_password(code, member, new_password, change);
}

Result<Recovery::Redeemable> Recovery::redeem_code_for(const std::string& nir_input, const std::string& code_input,
                                                       token::Purpose purpose) {
  auto n = nir::parse(nir_input);
  if (!n) return invalid_nir(nir_input, n.error());
  auto code = token::normalize_code(code_input);
  if (!code)
    return fail(Errc::invalid_or_expired,
                "Le code provisoire comporte 8 caractères (lettres et chiffres, sans 0, 1, I ni O).",
                {.field = "code_format"});
  auto open = d_.codes.find_open_code(n->digits13, purpose);
  const Instant now = d_.clock.now();
  if (!open || token::check(*open, now) != token::Usability::usable) return invalid_or_expired();
  if (!code_matches(n->digits13, *code, open->secret_hash)) {
    const int tries_left = std::max(0, token::kMaxCodeTries - d_.codes.record_code_failure(open->id));
    return fail(Errc::invalid_or_expired,
                tries_left > 0 ? "Code incorrect. Il vous reste " + std::to_string(tries_left) + " essai" +
                                     (tries_left > 1 ? "s" : "") + " avant que ce code ne soit annulé."
                               : "Code incorrect : ce code est maintenant annulé. Faites une nouvelle demande.",
                {.tries_left = tries_left});
  }
  auto member = d_.store.find_member(n->digits13);
  if (!member || !member->account) return invalid_or_expired();
  return Redeemable{std::move(*open), std::move(*member)};
}

Result<StepDone> Recovery::complete_with_code(const std::string& nir_input, const std::string& code_input,
                                              const std::string& new_password, const DeviceOf& device_of) {
  auto found = redeem_code_for(nir_input, code_input, token::Purpose::password_reset);
  if (!found) return std::unexpected(std::move(found.error()));
  return finish_password(found->code, found->member, new_password, reset_change(found->code.nir13, device_of));
}

Result<account::Member> Recovery::identify(const std::string& nir13, const std::string& birth_date,
                                           const std::string& postal_code, const std::string& secret) {
  auto member = d_.store.find_member(nir13);
  const std::string given = squeeze_upper(secret);
  bool identified = false;
  if (member && !given.empty()) {
    bool vitale = !member->entry.vitale_serial.empty() && d_.crypto.equal(given, squeeze_upper(member->entry.vitale_serial));
    bool iban = !member->entry.iban_last7.empty() && d_.crypto.equal(given, squeeze_upper(member->entry.iban_last7));
    identified = (vitale || iban) && member->entry.birth_date == birth_date &&
                 squeeze_upper(member->entry.postal_code) == squeeze_upper(postal_code);
  }
  if (!identified)
    return fail(
        Errc::not_identified,
        "Les informations saisies ne permettent pas de vous identifier. Vérifiez-les (numéro de carte Vitale ou 7 "
        "derniers caractères de votre IBAN), ou appelez le 36 46.");
  // Identity is proven from here on: the answers may depend on the account.
  const auto& o = member->organisme;
  if (o.runs_other_space())
    return fail(Errc::other_space,
                "Votre dossier est géré par " + o.name + ". Créez votre compte sur son espace : « " + o.online_space +
                    " », ou appelez le " + o.phone + ".",
                {.other_space = OtherSpace{o.name, o.online_space, o.phone}});
  if (member->account && member->account->state != account::State::pending)
    return fail(
        Errc::already_active,
        "Vous avez déjà un compte. Si vous avez oublié votre mot de passe, utilisez « Mot de passe oublié » ; s'il est "
        "désactivé ou bloqué, appelez le 36 46.");
  return std::move(*member);
}

Result<StepAccepted> Recovery::start_activation(const std::string& nir_input, const std::string& birth_date_input,
                                                const std::string& postal_code, const std::string& secret,
                                                const std::string& channel_input, const std::string& client_ip) {
  auto n = nir::parse(nir_input);
  if (!n) return invalid_nir(nir_input, n.error());
  if (!n->key_given)
    return fail(Errc::invalid_nir, "Saisissez les 15 chiffres de votre numéro de sécurité sociale, clé comprise.",
                {.field = "key_required"});
  if (n->is_temporary())
    return fail(Errc::invalid_nir, nir::temporary_number_message_fr(), {.field = "temporary_number"});
  auto form = read_request(birth_date_input, channel_input);
  if (!form) return std::unexpected(std::move(form.error()));
  const auto [birth_date, channel] = *form;
  const Instant now = d_.clock.now();
  if (auto refused = over_source_budget(ThrottleScope::activation, client_ip))
    return std::unexpected(std::move(*refused));
  const std::string nir13 = n->digits13;
  if (d_.limiter.hit("activation:nir:" + nir13, now, hours(1)) > d_.settings.requests_per_nir_per_hour)
    return fail(Errc::rate_limited,
                "Trop de tentatives pour ce numéro. Réessayez dans une heure, ou appelez le 36 46.");
  auto member = identify(nir13, birth_date, postal_code, secret);
  if (!member) return std::unexpected(std::move(member.error()));
  if (channel == token::Channel::email && member->entry.email.empty())
    return fail(Errc::no_email,
                "Votre caisse ne connaît pas d'adresse e-mail pour vous : choisissez la réception par courrier.");

  token::CodeRecord code;
  code.nir13 = nir13;
  code.purpose = token::Purpose::activation;
  code.channel = channel;
  code.created_at = now;
  auto s = new_code(nir13);
  code.secret_hash = s.hash;
  if (channel == token::Channel::email) {
    code.expires_at = now + d_.settings.validity.activation_email;
    code.detail = member->entry.email;
    (void)d_.codes.issue_code(code, true, d_.messages.activation_code_mail(member->entry, s.value, d_.settings.validity.activation_email),
                              std::nullopt);
  } else {
    code.expires_at = now + d_.settings.validity.postal;
    (void)d_.codes.issue_code(code, true, std::nullopt, d_.messages.activation_code_letter(*member, s.value, d_.settings.validity.postal));
  }
  return StepAccepted{
      channel == token::Channel::email
          ? "Un code provisoire vient de vous être envoyé par e-mail."
          : "Un code provisoire vous sera envoyé par courrier à votre adresse postale, sous quelques jours.",
      std::string(token::to_string(channel))};
}

Result<StepDone> Recovery::complete_activation(const std::string& nir_input, const std::string& code_input,
                                               const std::string& new_password, const std::string& email_input) {
  std::string email = lower(email_input);
  if (!plausible_email(email)) return invalid_email();
  auto found = redeem_code_for(nir_input, code_input, token::Purpose::activation);
  if (!found) return std::unexpected(std::move(found.error()));
  const auto& [code, member] = *found;
  if (auto weak = check_policy(new_password, member.entry)) return std::unexpected(std::move(*weak));
  // A code received in that very mailbox proves the address; otherwise a link must.
  bool verified = code.channel == token::Channel::email && lower(code.detail) == email;
  ports::CredentialChange change{code.nir13};
  change.new_password_hash = d_.hasher.hash(new_password);
  change.activate = verified;
  change.mark_email_verified = verified;
  change.new_email = email;
  const Instant now = d_.clock.now();
  switch (d_.codes.redeem(code.id, now, change)) {
    case ports::RedeemResult::ok: break;
    case ports::RedeemResult::permanently_locked: return permanently_locked();
    case ports::RedeemResult::unusable: return invalid_or_expired();
  }
  if (verified) return StepDone{"Votre compte est activé. Vous pouvez vous connecter avec votre nouveau mot de passe."};
  send_email_verification(code.nir13, member.entry, email, now);
  return StepDone{"Votre mot de passe est enregistré. Pour terminer, cliquez sur le lien envoyé à " + email +
                      " : votre compte sera alors activé.",
                  true};
}

Result<StepDone> Recovery::verify_email(const std::string& token_input) {
  auto link = open_link(token_input, token::Purpose::email_verification, d_.store, d_.clock,
                        [this](const std::string& t) { return find_link(t); });
  if (!link) return std::unexpected(std::move(link.error()));
  const auto& [code, member] = *link;
  ports::CredentialChange change{code.nir13};
  change.activate = true;
  change.mark_email_verified = true;
  change.new_email = code.detail;
  const std::string old_address = member.entry.email;
  if (!old_address.empty() && lower(old_address) != lower(code.detail))
    change.notice = d_.messages.notice(ports::Messages::Notice::contact_changed, member.entry, old_address);
  if (d_.codes.redeem(code.id, d_.clock.now(), change) != ports::RedeemResult::ok) return invalid_or_expired();
  return StepDone{"Votre adresse e-mail est confirmée."};
}

Result<StepDone> Recovery::change_password(const ports::Session& session, const std::string& current_password,
                                           const std::string& new_password) {
  auto member = d_.store.find_member(session.subject);
  if (!member || !member->account) return session_invalid();
  if (auto weak = check_policy(new_password, member->entry)) return std::unexpected(std::move(*weak));
  auto ticket = d_.hasher.admit();
  if (!ticket) return fail(Errc::busy, "Le service est très sollicité. Réessayez dans quelques secondes.");
  if (!d_.hasher.verify(*ticket, member->account->password_hash, current_password))
    return fail(Errc::invalid_credentials, "Le mot de passe actuel est incorrect.");
  ticket->reset();
  ports::AccountChange change{session.subject, d_.clock.now()};
  change.password_hash = d_.hasher.hash(new_password);
  change.keep_session_hash = session.id_hash;
  if (!member->entry.email.empty())
    change.notice = d_.messages.notice(ports::Messages::Notice::password_changed, member->entry, member->entry.email);
  if (!d_.accounts.update(change)) return session_invalid();
  return StepDone{"Votre mot de passe a été modifié. Vos autres sessions ont été fermées."};
}

Result<StepAccepted> Recovery::request_email_change(const ports::Session& session, const std::string& new_email_input) {
  std::string email = lower(new_email_input);
  if (!plausible_email(email)) return invalid_email();
  auto member = d_.store.find_member(session.subject);
  if (!member || !member->account) return session_invalid();
  send_email_verification(session.subject, member->entry, email, d_.clock.now());
  return StepAccepted{"Un lien de confirmation vient d'être envoyé à " + email +
                          ". Votre adresse sera modifiée quand vous aurez cliqué dessus.",
                      ""};
}

Result<StepDone> Recovery::change_phone(const ports::Session& session, const std::string& new_phone) {
  auto phone = account::normalize_mobile(new_phone);
  if (!phone)
    return fail(Errc::invalid_input, "Saisissez un numéro de mobile français, par exemple 06 12 34 56 78.",
                {.field = "phone"});
  auto member = d_.store.find_member(session.subject);
  if (!member || !member->account) return session_invalid();
  ports::AccountChange change{session.subject, d_.clock.now()};
  change.contact = account::ContactChange{.phone = *phone};
  auto entry = member->entry;
  entry.phone = *phone;
  if (!entry.email.empty())
    change.notice = d_.messages.notice(ports::Messages::Notice::phone_changed, entry, entry.email);
  if (!d_.accounts.update(change)) return session_invalid();
  return StepDone{"Votre numéro de téléphone mobile a été modifié : " + account::display_mobile(*phone) + "."};
}

int Recovery::sweep_inactivity() {
  const Instant now = d_.clock.now();
  const Duration idle = days(d_.settings.inactivity_months * 30.44);
  for (const auto& nir13 : d_.accounts.take_inactivity_warnings(now - (idle - days(30)), now)) {
    auto member = d_.store.find_member(nir13);
    if (!member || member->entry.email.empty()) continue;
    // Not atomic with the warning mark: a lost notice is better than two, and the member still
    // gets the inactive page and the way to reactivation.
    d_.outbox.enqueue_mail(
        d_.messages.notice(ports::Messages::Notice::inactivity_warning, member->entry, member->entry.email), now);
  }
  return d_.accounts.deactivate_idle(now - idle);
}

}  // namespace mc::app
