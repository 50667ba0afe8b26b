#include "app/recovery.hpp"

#include <array>
#include <cctype>
#include <variant>

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

StepResult result(std::string kind, std::string message = {}) {
  StepResult r;
  r.kind = std::move(kind);
  r.message = std::move(message);
  return r;
}

StepResult invalid_nir(const std::string& input, nir::NirError e) {
  auto r = result("invalid_nir", nir::message_fr(e, input));
  r.detail = std::string(nir::code(e));
  return r;
}

StepResult invalid_or_expired() {
  return result("invalid_or_expired",
                "Ce lien ou ce code n'est plus valable (déjà utilisé, expiré ou remplacé par un plus récent). Faites une "
                "nouvelle demande.");
}

// The birth date and the delivery channel of a reset or activation request, or the answer that
// says which one is wrong.
struct RequestForm {
  std::string birth_date;
  token::Channel channel;
};
std::variant<RequestForm, StepResult> read_request(const std::string& birth_date_input, const std::string& channel_input) {
  auto birth_date = account::normalize_date(birth_date_input);
  if (!birth_date) {
    auto r = result("invalid_input", "Saisissez votre date de naissance au format JJ/MM/AAAA.");
    r.detail = "birth_date";
    return r;
  }
  auto channel = token::parse_channel(channel_input.empty() ? "email" : channel_input);
  if (!channel || *channel == token::Channel::counter) {
    auto r = result("invalid_input", "Choisissez la réception par e-mail ou par courrier.");
    r.detail = "channel";
    return r;
  }
  return RequestForm{*birth_date, *channel};
}

StepResult too_many_requests(std::int64_t retry_after_s) {
  auto r = result("rate_limited", "Trop de demandes depuis cette connexion. Réessayez plus tard, ou appelez le 36 46.");
  r.retry_after_s = retry_after_s;
  return r;
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
  for (const auto& form : d_.settings.secrets.accepted(d_.crypto, "code:" + nir13 + ":" + code))
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

std::optional<StepResult> Recovery::over_source_budget(ThrottleScope scope, const std::string& client_ip) {
  if (auto wait = d_.throttle.spend_request(scope, client_ip)) return too_many_requests(*wait);
  return std::nullopt;
}

std::optional<StepResult> Recovery::check_policy(const std::string& candidate, const account::RegisterEntry& entry) {
  auto v = password::Policy::builtin().check(candidate, entry.nir13, entry.birth_date);
  if (v.empty()) return std::nullopt;
  auto r = result("weak_password", "Ce mot de passe ne respecte pas les règles : " + v.front().message);
  r.violations = std::move(v);
  return r;
}

StepResult Recovery::start_reset(const std::string& nir_input, const std::string& birth_date_input,
                                 const std::string& channel_input, const std::string& client_ip) {
  auto n = nir::parse(nir_input);
  if (!n) return invalid_nir(nir_input, n.error());
  auto form = read_request(birth_date_input, channel_input);
  if (auto* wrong = std::get_if<StepResult>(&form)) return *wrong;
  const auto [birth_date, channel] = std::get<RequestForm>(form);
  const Instant now = d_.clock.now();
  if (auto refused = over_source_budget(ThrottleScope::reset, client_ip)) return *refused;
  const std::string nir13 = n->digits13;
  const bool within_nir_limit =
      d_.limiter.hit("reset:nir:" + nir13, now, hours(1)) <= d_.settings.requests_per_nir_per_hour;

  auto member = d_.store.find_member(nir13);
  bool matches = within_nir_limit && member && member->account && member->account->state != account::State::pending &&
                 member->entry.birth_date == birth_date && !member->organisme.runs_other_space();
  if (matches && channel == token::Channel::email && member->entry.email.empty()) matches = false;
  if (matches && channel == token::Channel::postal && member->entry.address.empty()) matches = false;

  if (matches) {
    token::CodeRecord code;
    code.nir13 = nir13;
    code.purpose = token::Purpose::password_reset;
    code.channel = channel;
    code.created_at = now;
    if (channel == token::Channel::email) {
      auto secret = new_link_token();
      code.secret_hash = secret.hash;
      code.expires_at = now + d_.settings.validity.email_link;
      auto link = d_.settings.base_url + "/reinitialiser?token=" + secret.value;
      (void)d_.codes.issue_code(code, false, d_.messages.reset_link(member->entry, link, d_.settings.validity.email_link),
                                std::nullopt);
    } else {
      auto secret = new_code(nir13);
      code.secret_hash = secret.hash;
      code.expires_at = now + d_.settings.validity.postal;
      (void)d_.codes.issue_code(code, false, std::nullopt,
                                d_.messages.reset_code_letter(*member, secret.value, d_.settings.validity.postal));
    }
  } else {
    // The matching path writes one more transaction (the code and its message); this one keeps
    // the number of synchronous commits, hence the timing, the same.
    (void)d_.limiter.hit("reset:nomatch", now, minutes(1));
  }
  auto r = result("accepted",
                  channel == token::Channel::email
                      ? "Si les informations saisies correspondent à un compte, un e-mail vient de vous être envoyé avec un "
                        "lien valable " + std::to_string(d_.settings.validity.email_link.count() / 60000) +
                            " minutes. Pensez à regarder dans vos courriers indésirables."
                      : "Si les informations saisies correspondent à un compte, un courrier avec un code provisoire vous "
                        "sera envoyé à l'adresse postale connue de votre caisse, sous quelques jours.");
  r.channel = std::string(token::to_string(channel));
  return r;
}

StepResult Recovery::finish_password(const token::CodeRecord& code, const account::Member& member,
                                     const std::string& new_password, ports::CredentialChange change) {
  const Instant now = d_.clock.now();
  if (d_.store.read_lockout(member.entry.nir13).permanently_locked)
    return result("permanently_locked",
                  "Votre compte est bloqué : la réinitialisation du mot de passe ne le débloque pas. Contactez votre caisse au "
                  "36 46.");
  if (auto weak = check_policy(new_password, member.entry)) return *weak;
  change.new_password_hash = d_.hasher.hash(new_password);
  auto address = member.entry.email;
  if (!address.empty() && !change.notice)
    change.notice = d_.messages.notice(ports::Messages::Notice::password_changed, member.entry, address);
  switch (d_.codes.redeem(code.id, now, change)) {
    case ports::RedeemResult::ok: return result("ok", "Votre mot de passe a été modifié. Vous pouvez vous connecter.");
    case ports::RedeemResult::permanently_locked:
      return result("permanently_locked", "Votre compte est bloqué : contactez votre caisse au 36 46.");
    case ports::RedeemResult::unusable: break;
  }
  return invalid_or_expired();
}

StepResult Recovery::complete_with_token(const std::string& token_input, const std::string& new_password,
                                         const DeviceOf& device_of) {
  auto t = token::normalize_link_token(token_input);
  if (!t) return invalid_or_expired();
  auto code = find_link(*t);
  if (!code || code->purpose != token::Purpose::password_reset ||
      token::check(*code, d_.clock.now()) != token::Usability::usable)
    return invalid_or_expired();
  auto member = d_.store.find_member(code->nir13);
  if (!member || !member->account) return invalid_or_expired();
  ports::CredentialChange change{code->nir13};
  change.lift_temporary_lock = true;
  change.end_sessions = true;
  change.mark_email_verified = true;  // the link was read in that mailbox
  if (d_.settings.device_trust) change.revoke_devices_except = device_of ? device_of(code->nir13).value_or("") : "";
  return finish_password(*code, *member, new_password, change);
}

StepResult Recovery::redeem_code_for(const std::string& nir_input, const std::string& code_input, token::Purpose purpose,
                                     std::optional<token::CodeRecord>& found, std::optional<account::Member>& member) {
  auto n = nir::parse(nir_input);
  if (!n) return invalid_nir(nir_input, n.error());
  auto code = token::normalize_code(code_input);
  if (!code) {
    auto r = result("invalid_or_expired", "Le code provisoire comporte 8 caractères (lettres et chiffres, sans 0, 1, I ni O).");
    r.detail = "code_format";
    return r;
  }
  auto open = d_.codes.find_open_code(n->digits13, purpose);
  const Instant now = d_.clock.now();
  if (!open || token::check(*open, now) != token::Usability::usable) return invalid_or_expired();
  if (!code_matches(n->digits13, *code, open->secret_hash)) {
    int tries = d_.codes.record_code_failure(open->id);
    auto r = result("invalid_or_expired");
    r.tries_left = std::max(0, token::kMaxCodeTries - tries);
    r.message = r.tries_left > 0 ? "Code incorrect. Il vous reste " + std::to_string(r.tries_left) + " essai" +
                                       (r.tries_left > 1 ? "s" : "") + " avant que ce code ne soit annulé."
                                 : "Code incorrect : ce code est maintenant annulé. Faites une nouvelle demande.";
    return r;
  }
  member = d_.store.find_member(n->digits13);
  if (!member || !member->account) return invalid_or_expired();
  found = open;
  return result("ok");
}

StepResult Recovery::complete_with_code(const std::string& nir_input, const std::string& code_input,
                                        const std::string& new_password, const DeviceOf& device_of) {
  std::optional<token::CodeRecord> code;
  std::optional<account::Member> member;
  auto r = redeem_code_for(nir_input, code_input, token::Purpose::password_reset, code, member);
  if (r.kind != "ok") return r;
  ports::CredentialChange change{code->nir13};
  change.lift_temporary_lock = true;
  change.end_sessions = true;
  if (d_.settings.device_trust) change.revoke_devices_except = device_of ? device_of(code->nir13).value_or("") : "";
  return finish_password(*code, *member, new_password, change);
}

StepResult Recovery::start_activation(const std::string& nir_input, const std::string& birth_date_input,
                                      const std::string& postal_code, const std::string& secret,
                                      const std::string& channel_input, const std::string& client_ip) {
  auto n = nir::parse(nir_input);
  if (!n) return invalid_nir(nir_input, n.error());
  if (!n->key_given) {
    auto r = result("invalid_nir", "Saisissez les 15 chiffres de votre numéro de sécurité sociale, clé comprise.");
    r.detail = "key_required";
    return r;
  }
  if (n->is_temporary()) {
    auto r = result("invalid_nir", nir::temporary_number_message_fr());
    r.detail = "temporary_number";
    return r;
  }
  auto form = read_request(birth_date_input, channel_input);
  if (auto* wrong = std::get_if<StepResult>(&form)) return *wrong;
  const auto [birth_date, channel] = std::get<RequestForm>(form);
  const Instant now = d_.clock.now();
  if (auto refused = over_source_budget(ThrottleScope::activation, client_ip)) return *refused;
  const std::string nir13 = n->digits13;
  if (d_.limiter.hit("activation:nir:" + nir13, now, hours(1)) > d_.settings.requests_per_nir_per_hour)
    return result("rate_limited", "Trop de tentatives pour ce numéro. Réessayez dans une heure, ou appelez le 36 46.");

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
    return result("not_identified",
                  "Les informations saisies ne permettent pas de vous identifier. Vérifiez-les (numéro de carte Vitale ou 7 "
                  "derniers caractères de votre IBAN), ou appelez le 36 46.");
  // Identity is proven from here on: the answers may depend on the account.
  if (member->organisme.runs_other_space()) {
    auto r = result("other_space", "Votre dossier est géré par " + member->organisme.name + ". Créez votre compte sur son espace : « " +
                                       member->organisme.online_space + " », ou appelez le " + member->organisme.phone + ".");
    r.organisme = member->organisme;
    return r;
  }
  if (member->account && member->account->state != account::State::pending)
    return result("already_active",
                  "Vous avez déjà un compte. Si vous avez oublié votre mot de passe, utilisez « Mot de passe oublié » ; s'il est "
                  "désactivé ou bloqué, appelez le 36 46.");
  if (channel == token::Channel::email && member->entry.email.empty())
    return result("no_email", "Votre caisse ne connaît pas d'adresse e-mail pour vous : choisissez la réception par courrier.");

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
  auto r = result("accepted", channel == token::Channel::email
                                  ? "Un code provisoire vient de vous être envoyé par e-mail."
                                  : "Un code provisoire vous sera envoyé par courrier à votre adresse postale, sous quelques jours.");
  r.channel = std::string(token::to_string(channel));
  return r;
}

StepResult Recovery::complete_activation(const std::string& nir_input, const std::string& code_input,
                                         const std::string& new_password, const std::string& email_input) {
  std::string email = lower(email_input);
  if (!plausible_email(email)) {
    auto r = result("invalid_input", "Saisissez une adresse e-mail valide (par exemple prenom.nom@exemple.fr).");
    r.detail = "email";
    return r;
  }
  std::optional<token::CodeRecord> code;
  std::optional<account::Member> member;
  auto r = redeem_code_for(nir_input, code_input, token::Purpose::activation, code, member);
  if (r.kind != "ok") return r;
  if (auto weak = check_policy(new_password, member->entry)) return *weak;
  // A code received in that very mailbox proves the address; otherwise a link must.
  bool verified = code->channel == token::Channel::email && lower(code->detail) == email;
  ports::CredentialChange change{code->nir13};
  change.new_password_hash = d_.hasher.hash(new_password);
  change.activate = verified;
  change.mark_email_verified = verified;
  change.new_email = email;
  const Instant now = d_.clock.now();
  switch (d_.codes.redeem(code->id, now, change)) {
    case ports::RedeemResult::ok: break;
    case ports::RedeemResult::permanently_locked:
      return result("permanently_locked", "Votre compte est bloqué : contactez votre caisse au 36 46.");
    case ports::RedeemResult::unusable: return invalid_or_expired();
  }
  if (verified) return result("ok", "Votre compte est activé. Vous pouvez vous connecter avec votre nouveau mot de passe.");
  auto link = new_link_token();
  token::CodeRecord v;
  v.nir13 = code->nir13;
  v.purpose = token::Purpose::email_verification;
  v.channel = token::Channel::email;
  v.secret_hash = link.hash;
  v.created_at = now;
  v.expires_at = now + d_.settings.validity.email_verification;
  v.detail = email;
  (void)d_.codes.issue_code(v, false,
                            d_.messages.email_verification(member->entry, email,
                                                           d_.settings.base_url + "/verifier-email?token=" + link.value,
                                                           d_.settings.validity.email_verification),
                            std::nullopt);
  auto ok = result("ok", "Votre mot de passe est enregistré. Pour terminer, cliquez sur le lien envoyé à " + email +
                             " : votre compte sera alors activé.");
  ok.email_verification_required = true;
  return ok;
}

StepResult Recovery::verify_email(const std::string& token_input) {
  auto t = token::normalize_link_token(token_input);
  if (!t) return invalid_or_expired();
  auto code = find_link(*t);
  if (!code || code->purpose != token::Purpose::email_verification ||
      token::check(*code, d_.clock.now()) != token::Usability::usable)
    return invalid_or_expired();
  auto member = d_.store.find_member(code->nir13);
  if (!member || !member->account) return invalid_or_expired();
  ports::CredentialChange change{code->nir13};
  change.activate = true;
  change.mark_email_verified = true;
  change.new_email = code->detail;
  const std::string old_address = member->entry.email;
  if (!old_address.empty() && lower(old_address) != lower(code->detail))
    change.notice = d_.messages.notice(ports::Messages::Notice::contact_changed, member->entry, old_address);
  if (d_.codes.redeem(code->id, d_.clock.now(), change) != ports::RedeemResult::ok) return invalid_or_expired();
  return result("ok", "Votre adresse e-mail est confirmée.");
}

StepResult Recovery::change_password(const ports::Session& session, const std::string& current_password,
                                     const std::string& new_password) {
  auto member = d_.store.find_member(session.subject);
  if (!member || !member->account) return result("invalid_credentials", "Session invalide.");
  if (auto weak = check_policy(new_password, member->entry)) return *weak;
  auto ticket = d_.hasher.admit();
  if (!ticket) return result("busy", "Le service est très sollicité. Réessayez dans quelques secondes.");
  if (!d_.hasher.verify(*ticket, member->account->password_hash, current_password))
    return result("invalid_credentials", "Le mot de passe actuel est incorrect.");
  ticket->reset();
  std::optional<outbox::Mail> notice;
  if (!member->entry.email.empty())
    notice = d_.messages.notice(ports::Messages::Notice::password_changed, member->entry, member->entry.email);
  d_.accounts.change_password(session.subject, d_.hasher.hash(new_password), session.id_hash, notice, d_.clock.now());
  return result("ok", "Votre mot de passe a été modifié. Vos autres sessions ont été fermées.");
}

StepResult Recovery::request_email_change(const ports::Session& session, const std::string& new_email_input) {
  std::string email = lower(new_email_input);
  if (!plausible_email(email)) {
    auto r = result("invalid_input", "Saisissez une adresse e-mail valide (par exemple prenom.nom@exemple.fr).");
    r.detail = "email";
    return r;
  }
  auto member = d_.store.find_member(session.subject);
  if (!member || !member->account) return result("invalid_credentials", "Session invalide.");
  const Instant now = d_.clock.now();
  auto link = new_link_token();
  token::CodeRecord v;
  v.nir13 = session.subject;
  v.purpose = token::Purpose::email_verification;
  v.channel = token::Channel::email;
  v.secret_hash = link.hash;
  v.created_at = now;
  v.expires_at = now + d_.settings.validity.email_verification;
  v.detail = email;
  (void)d_.codes.issue_code(v, false,
                            d_.messages.email_verification(member->entry, email,
                                                           d_.settings.base_url + "/verifier-email?token=" + link.value,
                                                           d_.settings.validity.email_verification),
                            std::nullopt);
  return result("accepted", "Un lien de confirmation vient d'être envoyé à " + email +
                                ". Votre adresse sera modifiée quand vous aurez cliqué dessus.");
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
