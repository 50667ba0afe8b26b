#include "app/backoffice/staff_auth.hpp"

#include <nlohmann/json.hpp>

#include "app/backoffice/internal.hpp"
#include "app/login.hpp"
#include "core/password/policy.hpp"
#include "core/ports/backoffice_store.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/crypto.hpp"
#include "core/ports/password_hasher.hpp"
#include "core/ports/store.hpp"
#include "core/ports/totp.hpp"

namespace mc::app::backoffice {

using namespace detail;

namespace {

std::string staff_key(const std::string& login) { return "staff:" + login; }

std::string lower_trimmed(const std::string& s) {
  std::string out = staff::trimmed(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<NewSession> StaffAuth::sign_in(const std::string& login_input, const std::string& password,
                                      const std::string& totp, const std::string& client_ip) {
  const std::string login = lower_trimmed(login_input);
  auto wait = [](std::int64_t seconds) {
    ErrorDetails d;
    d.retry_after_s = seconds;
    return d;
  };
  const char* kWrong = "Identifiant, mot de passe ou code de vérification incorrect.";
  const char* kPermanent = "Compte bloqué après trop d'essais : demandez à votre superviseur de le débloquer.";
  if (!staff::valid_login(login)) {
    ErrorDetails d;
    d.attempts_before_lock = 0;  // nothing counted (no such login can exist); the API has always said 0
    return fail(Errc::invalid_credentials, kWrong, std::move(d));
  }

  // The same limiter as members' sign-in: a source guessing staff passwords is refused first.
  if (auto refused = d_.throttle.refused(ThrottleScope::staff_login, client_ip))
    return fail(Errc::too_many_requests, too_many_requests_message(*refused), wait(*refused));
  auto ticket = d_.hasher.admit(throttle::source_key(client_ip));
  if (!ticket) return fail(Errc::busy, "Le service est très sollicité. Réessayez dans quelques secondes.");
  // The members' flow: the attempt is counted and logged in one transaction before the password
  // is evaluated, and settled in one more after a success (race-free across processes).
  const Instant now = d_.clock.now();
  const std::string key = staff_key(login);
  lockout::Reservation reservation;
  const std::int64_t attempt = d_.store.reserve_attempt(key, key, now, client_ip, [&](const lockout::Record& current) {
    reservation = lockout::reserve(current, now, d_.settings.lockout);
    // retry_shortly: another sign-in placed this lock and is still being checked; staff sign-ins
    // are rare enough to answer it as the lock it most likely is.
    const auto gate = reservation.gate == lockout::Gate::retry_shortly ? lockout::Gate::refuse_temporary : reservation.gate;
    return ports::Store::Decision{reservation.record, lockout::attempt_outcome(gate)};
  });
  if (reservation.gate == lockout::Gate::refuse_permanent) return fail(Errc::permanently_locked, kPermanent);
  if (reservation.gate == lockout::Gate::refuse_temporary || reservation.gate == lockout::Gate::retry_shortly)
    return fail(Errc::temporarily_locked, temporarily_locked_message(reservation.retry_after_s),
                wait(reservation.retry_after_s));

  auto member = d_.bo.find_staff(login);
  const bool known = member.has_value();
  const bool password_ok = d_.hasher.verify(*ticket, known ? member->password_hash : d_.hasher.dummy_hash(), password);
  ticket->reset();
  const std::string secret = known ? member->totp_secret : dummy_secret_;
  auto step = staff::match_totp(
      totp, now, known ? member->last_totp_step : std::nullopt, d_.totp_policy,
      [&](std::int64_t s) { return d_.totp.code_at(secret, s, d_.totp_policy.digits); },
      [&](std::string_view a, std::string_view b) { return a.size() == b.size() && d_.crypto.equal(a, b); });
  // The step is marked used only after a correct password, so a guessed code cannot burn the
  // real one; the conditional update makes a code single-use across processes.
  const bool ok = known && member->active && password_ok && step && d_.bo.accept_totp_step(login, *step);

  if (!ok) {
    d_.throttle.spend_failure(ThrottleScope::staff_login, client_ip);
    auto answer = lockout::answer_failure(reservation, now, d_.settings.lockout);
    if (answer.kind != lockout::FailureKind::invalid_credentials)  // this failure placed the lock: it is certain
      d_.store.confirm_lock(key, now, std::nullopt);
    switch (answer.kind) {
      case lockout::FailureKind::invalid_credentials: {
        ErrorDetails d;
        d.attempts_before_lock = answer.attempts_before_lock;
        return fail(Errc::invalid_credentials,
                    std::string(kWrong) + " Encore " + std::to_string(answer.attempts_before_lock) +
                        (answer.attempts_before_lock > 1 ? " essais" : " essai") + " avant le blocage.",
                    std::move(d));
      }
      case lockout::FailureKind::temporarily_locked:
        return fail(Errc::temporarily_locked, temporarily_locked_message(answer.retry_after_s),
                    wait(answer.retry_after_s));
      case lockout::FailureKind::permanently_locked: return fail(Errc::permanently_locked, kPermanent);
    }
  }
  d_.store.settle_attempt(attempt, key, key, [&](const lockout::Record& r) { return lockout::after_success(r, reservation); },
                          "success", std::nullopt);
  Actor actor{login, member->role};
  // Written before the cookie is handed out: no session the log does not know about.
  (void)d_.bo.append_audit(sealer(d_.crypto, draft(actor, now, "staff_sign_in", login, "connexion", "password+totp",
                                                   nlohmann::json{{"client_ip", client_ip}}.dump())));
  return d_.sessions.open(login, "staff", "password+totp");
}

std::optional<StaffContext> StaffAuth::authenticate(const std::string& cookie_value) {
  auto s = d_.sessions.validate(cookie_value, d_.settings.staff_sessions);
  if (!s || s->kind != "staff") return std::nullopt;
  // The role is read on every request: a change or a deactivation applies at once.
  auto member = d_.bo.find_staff(s->subject);
  if (!member || !member->active) return std::nullopt;
  return StaffContext{Actor{member->login, member->role}, *s};
}

void StaffAuth::sign_out(const std::string& cookie_value) { d_.sessions.close(cookie_value); }

Result<StaffAdded> StaffAuth::add_staff(const Actor& actor, const std::string& login_input,
                                        const std::string& role_input, const std::string& password,
                                        const std::string& reason_input) {
  if (!allowed(actor, staff::Action::manage_staff)) return forbidden();
  const std::string login = lower_trimmed(login_input);
  if (!staff::valid_login(login))
    return refuse(Errc::invalid_input,
                  "L'identifiant comporte de 3 à 64 caractères : lettres minuscules, chiffres, « . », « _ » ou « - ».",
                  "login");
  auto role = staff::parse_role(role_input);
  if (!role)
    return refuse(Errc::invalid_input, "Choisissez un profil : conseiller, france_services ou superviseur.", "role");
  auto violations = password::Policy::builtin().check(password, "", "");
  if (!violations.empty()) {
    ErrorDetails d;
    d.field = "password";
    for (const auto& v : violations) d.problems.push_back(v.message);
    return fail(Errc::weak_password, "Ce mot de passe ne respecte pas les règles : " + violations.front().message,
                std::move(d));
  }
  const Instant now = d_.clock.now();
  staff::StaffMember m;
  m.login = login;
  m.role = *role;
  m.password_hash = d_.hasher.hash(password);
  const auto secret = d_.totp.new_secret();
  m.totp_secret = secret.stored;
  m.created_at = now;
  m.created_by = actor.command_line ? "cli:" + actor.login : actor.login;
  std::string reason = staff::trimmed(reason_input);
  if (reason.empty()) reason = "création du compte";
  auto details = nlohmann::json{{"role", staff::to_string(*role)}}.dump();
  if (!d_.bo.add_staff(m, sealer(d_.crypto, draft(actor, now, "staff_add", login, reason, "", details))))
    return refuse(Errc::conflict, "Cet identifiant est déjà utilisé.", "login");
  return StaffAdded{
      "Compte créé. Enregistrez la clé dans l'application d'authentification : elle ne sera plus affichée.",
      staff::otpauth_uri("MonCompte", login, secret.base32, d_.totp_policy)};
}

Result<Done> StaffAuth::set_active(const Actor& actor, const std::string& login, bool active,
                                   const std::string& reason) {
  if (!allowed(actor, staff::Action::manage_staff)) return forbidden();
  if (auto bad = check_justification({reason, std::nullopt}, false)) return std::unexpected(*bad);
  if (!active && login == actor.login && !actor.command_line)
    return fail(Errc::conflict, "Vous ne pouvez pas désactiver votre propre compte.");
  auto d = draft(actor, d_.clock.now(), active ? "staff_activate" : "staff_deactivate", login, staff::trimmed(reason), "");
  if (!d_.bo.set_staff_active(login, active, sealer(d_.crypto, d)))
    return fail(Errc::not_found, "Identifiant inconnu.");
  return Done{active ? "Compte réactivé." : "Compte désactivé ; ses sessions sont fermées."};
}

Result<Done> StaffAuth::unlock(const Actor& actor, const std::string& login, const std::string& reason) {
  if (!allowed(actor, staff::Action::manage_staff)) return forbidden();
  if (auto bad = check_justification({reason, std::nullopt}, false)) return std::unexpected(*bad);
  auto d = draft(actor, d_.clock.now(), "staff_unlock", login, staff::trimmed(reason), "");
  if (!d_.bo.unlock_staff(login, sealer(d_.crypto, d))) return fail(Errc::not_found, "Identifiant inconnu.");
  return Done{"Compte débloqué."};
}

Result<std::vector<StaffRow>> StaffAuth::list(const Actor& actor) {
  if (!allowed(actor, staff::Action::manage_staff)) return forbidden();
  const Instant now = d_.clock.now();
  std::vector<StaffRow> out;
  for (auto m : d_.bo.list_staff()) {
    auto lock = lockout::status(d_.store.read_lockout(staff_key(m.login)), now);
    m.password_hash.clear();
    m.totp_secret.clear();
    out.push_back({std::move(m), lock});
  }
  return out;
}

}  // namespace mc::app::backoffice
