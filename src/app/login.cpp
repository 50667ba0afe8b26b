#include "app/login.hpp"

#include <chrono>
#include <cmath>
#include <thread>

#include "core/nir/nir.hpp"

namespace mc::app {

using Kind = LoginOutcome::Kind;

std::string_view result_code(Kind k) {
  switch (k) {
    case Kind::ok: return "ok";
    case Kind::invalid_nir: return "invalid_nir";
    case Kind::invalid_credentials: return "invalid_credentials";
    case Kind::temporarily_locked: return "temporarily_locked";
    case Kind::permanently_locked: return "permanently_locked";
    case Kind::inactive: return "inactive";
    case Kind::pending: return "pending";
    case Kind::other_space: return "other_space";
    case Kind::busy: return "busy";
    case Kind::invalid_input: return "invalid_input";
  }
  return "invalid_credentials";
}

namespace {

std::string plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n > 1 ? many : one);
}

std::string duration_fr(Duration d) {
  auto s = (d.count() + 999) / 1000;
  if (s >= 60) return plural((s + 59) / 60, "minute", "minutes");
  return plural(s, "seconde", "secondes");
}

}  // namespace

std::string invalid_credentials_message(int left, bool next_is_permanent, Duration temporary_lock) {
  std::string m = "Mot de passe incorrect. Encore " + plural(left, "essai", "essais");
  if (next_is_permanent) return m + " avant le blocage définitif de votre compte.";
  return m + " avant un blocage de " + duration_fr(temporary_lock) + ".";
}

std::string temporarily_locked_message(std::int64_t retry_after_s) {
  std::string wait = retry_after_s >= 60 ? plural((retry_after_s + 59) / 60, "minute", "minutes")
                                         : plural(std::max<std::int64_t>(retry_after_s, 1), "seconde", "secondes");
  return "Compte bloqué temporairement : réessayez dans " + wait + ", ou utilisez « Mot de passe oublié ».";
}

std::string permanently_locked_message() { return "Compte bloqué : contactez votre caisse au 36 46."; }

LoginOutcome Login::operator()(const LoginRequest& req) {
  LoginOutcome out;
  auto parsed = nir::parse(req.nir);
  if (!parsed) {
    out.kind = Kind::invalid_nir;
    out.detail_code = nir::code(parsed.error());
    out.message = nir::message_fr(parsed.error(), req.nir);
    return out;
  }
  if (parsed->is_temporary()) {
    // A property of the number itself, so saying it reveals nothing about any account.
    out.kind = Kind::invalid_nir;
    out.detail_code = "temporary_number";
    out.message = nir::temporary_number_message_fr();
    return out;
  }
  const std::string nir13 = parsed->digits13;
  out.nir13 = nir13;
  if (req.password.empty()) {
    // An empty field is a slip of the hand, not a guess: answered without counting a try.
    out.kind = Kind::invalid_input;
    out.message = "Saisissez votre mot de passe.";
    return out;
  }

  // Admission first: a saturated hashing pool must not consume one of the member's tries.
  auto ticket = hasher_.admit();
  if (!ticket) {
    out.kind = Kind::busy;
    out.message = "Le service est très sollicité. Réessayez dans quelques secondes.";
    out.retry_after_s = 2;
    return out;
  }

  // Count the attempt before evaluating it: the lock check, the count and the attempt log are one
  // transaction, logged as a wrong password until proven otherwise.
  Instant now = clock_.now();
  lockout::Reservation reservation;
  std::int64_t attempt = 0;
  // A lock placed by an attempt still being evaluated may be lifted in a moment by its correct
  // password: wait for that outcome (a few tens of milliseconds) rather than answer "locked".
  for (int waited_ms = 0;; waited_ms += 20) {
    now = clock_.now();
    attempt = store_.reserve_attempt(nir13, now, req.client_ip, [&](const lockout::Record& current) {
      reservation = lockout::reserve(current, now, settings_.lockout);
      std::string outcome = reservation.gate == lockout::Gate::evaluate           ? "wrong_password"
                            : reservation.gate == lockout::Gate::refuse_permanent ? "refused_permanent_lock"
                            : reservation.gate == lockout::Gate::retry_shortly    ? ""  // not logged: it waits
                                                                                  : "refused_temporary_lock";
      return ports::Store::Decision{reservation.record, outcome};
    });
    if (reservation.gate != lockout::Gate::retry_shortly || waited_ms >= 3000) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (reservation.gate != lockout::Gate::evaluate) {
    ticket.reset();
    return refused(reservation, nir13);
  }

  // Unknown NIRs and NIRs without an account verify a dummy hash: same work, same time.
  auto member = store_.find_member(nir13);
  const bool has_account = member && member->account && !member->account->password_hash.empty();
  const std::string& phc = has_account ? member->account->password_hash : hasher_.dummy_hash();
  const bool correct = hasher_.verify(*ticket, phc, req.password) && has_account;
  ticket->reset();

  if (correct) return after_correct_password(*member, phc, req.password, reservation, attempt, now);

  // A wrong password needs no second write: the reservation already counted and logged it. Only
  // the failure that placed a lock confirms it, so that others stop waiting for its outcome.
  auto answer = lockout::answer_failure(reservation, now, settings_.lockout);
  if (answer.kind != lockout::FailureKind::invalid_credentials)
    (void)store_.update_lockout(nir13, [](const lockout::Record& current) { return lockout::confirmed(current); });
  switch (answer.kind) {
    case lockout::FailureKind::invalid_credentials:
      out.kind = Kind::invalid_credentials;
      out.attempts_before_lock = answer.attempts_before_lock;
      out.next_lock_is_permanent = answer.next_lock_is_permanent;
      out.message = invalid_credentials_message(answer.attempts_before_lock, answer.next_lock_is_permanent,
                                                settings_.lockout.temporary_lock);
      break;
    case lockout::FailureKind::temporarily_locked:
      out.kind = Kind::temporarily_locked;
      out.retry_after_s = answer.retry_after_s;
      out.lock_triggered = true;
      out.message = temporarily_locked_message(answer.retry_after_s);
      break;
    case lockout::FailureKind::permanently_locked:
      out.kind = Kind::permanently_locked;
      out.lock_triggered = true;
      out.message = permanently_locked_message();
      break;
  }
  return out;
}

LoginOutcome Login::refused(const lockout::Reservation& r, const std::string& nir13) {
  LoginOutcome out;
  out.nir13 = nir13;
  if (r.gate == lockout::Gate::retry_shortly) {
    // Another sign-in on this account is being checked right now and may unlock it: not counted.
    out.kind = Kind::busy;
    out.retry_after_s = 1;
    out.message = "Une autre connexion à votre compte est en cours de vérification. Réessayez dans un instant.";
  } else if (r.gate == lockout::Gate::refuse_permanent) {
    out.kind = Kind::permanently_locked;
    out.message = permanently_locked_message();
  } else {
    out.kind = Kind::temporarily_locked;
    out.retry_after_s = r.retry_after_s;
    out.message = temporarily_locked_message(r.retry_after_s);
  }
  return out;
}

LoginOutcome Login::after_correct_password(const account::Member& member, const std::string& phc,
                                           const std::string& password, const lockout::Reservation& reservation,
                                           std::int64_t attempt, Instant now) {
  LoginOutcome out;
  const auto& acc = *member.account;
  out.nir13 = acc.nir13;
  // A 6th failure reserved concurrently may have locked the account for good meanwhile: that
  // lock stays (only an advisor lifts it); one placed by this very attempt does not.
  auto after = [&](const lockout::Record& current) { return lockout::after_success(current, reservation); };
  // State answers are given only now, after a correct password (never from the NIR alone).
  if (acc.state == account::State::pending) {
    out.kind = Kind::pending;
    out.message = "Votre compte n'est pas encore activé : confirmez votre adresse e-mail avec le lien reçu, ou "
                  "utilisez le code provisoire pour choisir votre mot de passe.";
    store_.settle_attempt(attempt, acc.nir13, after, "pending", std::nullopt);
    return out;
  }
  if (acc.state == account::State::inactive || account::inactive_by_time(acc, now, settings_.inactivity_months)) {
    if (acc.state != account::State::inactive) store_.set_account_state(acc.nir13, account::State::inactive);
    out.kind = Kind::inactive;
    out.message = "Votre compte a été désactivé après une longue période sans connexion. Votre caisse peut le "
                  "réactiver : appelez le 36 46 ou rendez-vous à l'accueil avec une pièce d'identité.";
    store_.settle_attempt(attempt, acc.nir13, after, "inactive", std::nullopt);
    return out;
  }
  if (member.organisme.runs_other_space()) {
    out.kind = Kind::other_space;
    out.organisme = member.organisme;
    out.message = "Votre dossier est géré par " + member.organisme.name + ", qui propose son propre espace en ligne : « " +
                  member.organisme.online_space + " ». Contactez-le au " + member.organisme.phone + ".";
    store_.settle_attempt(attempt, acc.nir13, after, "other_space", std::nullopt);
    return out;
  }
  std::optional<std::string> rehashed;
  if (hasher_.needs_rehash(phc)) rehashed = hasher_.hash(password);
  auto session = sessions_.prepare(acc.nir13, "member", "password");
  store_.settle_attempt(attempt, acc.nir13, after, "success", ports::Store::SignIn{now, rehashed, session.session});
  out.kind = Kind::ok;
  out.session = std::move(session);
  return out;
}

}  // namespace mc::app
