#include "app/login.hpp"

#include <cmath>

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

  // Admission first: a saturated hashing pool must not consume one of the member's tries.
  auto ticket = hasher_.admit();
  if (!ticket) {
    out.kind = Kind::busy;
    out.message = "Le service est très sollicité. Réessayez dans quelques secondes.";
    out.retry_after_s = 2;
    return out;
  }

  // Count the attempt before evaluating it (the lock check and the count are one transaction).
  const Instant now = clock_.now();
  lockout::Reservation reservation;
  (void)store_.update_lockout(nir13, [&](const lockout::Record& current) {
    reservation = lockout::reserve(current, now, settings_.lockout);
    return reservation.record;
  });
  if (reservation.gate != lockout::Gate::evaluate) {
    ticket.reset();
    return refused(reservation, nir13, req.client_ip, now);
  }

  // Unknown NIRs and NIRs without an account verify a dummy hash: same work, same time.
  auto member = store_.find_member(nir13);
  const bool has_account = member && member->account && !member->account->password_hash.empty();
  const std::string& phc = has_account ? member->account->password_hash : hasher_.dummy_hash();
  const bool correct = hasher_.verify(*ticket, phc, req.password) && has_account;
  ticket->reset();

  if (correct) {
    // A 6th failure reserved concurrently may have locked the account for good meanwhile: that
    // lock stays (only an advisor lifts it); one placed by this very attempt does not.
    (void)store_.update_lockout(nir13, [&](const lockout::Record& current) {
      return lockout::after_success(current, reservation);
    });
    return after_correct_password(*member, phc, req.password, req.client_ip, now);
  }

  auto answer = lockout::answer_failure(reservation, now, settings_.lockout);
  store_.record_attempt(nir13, now, "wrong_password", req.client_ip);
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

LoginOutcome Login::refused(const lockout::Reservation& r, const std::string& nir13, const std::string& ip, Instant now) {
  LoginOutcome out;
  out.nir13 = nir13;
  if (r.gate == lockout::Gate::refuse_permanent) {
    out.kind = Kind::permanently_locked;
    out.message = permanently_locked_message();
    store_.record_attempt(nir13, now, "refused_permanent_lock", ip);
  } else {
    out.kind = Kind::temporarily_locked;
    out.retry_after_s = r.retry_after_s;
    out.message = temporarily_locked_message(r.retry_after_s);
    store_.record_attempt(nir13, now, "refused_temporary_lock", ip);
  }
  return out;
}

LoginOutcome Login::after_correct_password(const account::Member& member, const std::string& phc,
                                           const std::string& password, const std::string& ip, Instant now) {
  LoginOutcome out;
  const auto& acc = *member.account;
  out.nir13 = acc.nir13;
  // State answers are given only now, after a correct password (never from the NIR alone).
  if (acc.state == account::State::pending) {
    out.kind = Kind::pending;
    out.message = "Votre compte n'est pas encore activé : utilisez le code provisoire reçu pour choisir votre "
                  "mot de passe.";
    store_.record_attempt(acc.nir13, now, "pending", ip);
    return out;
  }
  if (acc.state == account::State::inactive || account::inactive_by_time(acc, now, settings_.inactivity_months)) {
    if (acc.state != account::State::inactive) store_.set_account_state(acc.nir13, account::State::inactive);
    out.kind = Kind::inactive;
    out.message = "Votre compte a été désactivé après une longue période sans connexion. Votre caisse peut le "
                  "réactiver : appelez le 36 46 ou rendez-vous à l'accueil avec une pièce d'identité.";
    store_.record_attempt(acc.nir13, now, "inactive", ip);
    return out;
  }
  if (member.organisme.runs_other_space()) {
    out.kind = Kind::other_space;
    out.organisme = member.organisme;
    out.message = "Votre dossier est géré par " + member.organisme.name + ", qui propose son propre espace en ligne : « " +
                  member.organisme.online_space + " ». Contactez-le au " + member.organisme.phone + ".";
    store_.record_attempt(acc.nir13, now, "other_space", ip);
    return out;
  }
  std::optional<std::string> rehashed;
  if (hasher_.needs_rehash(phc)) rehashed = hasher_.hash(password);
  store_.mark_signed_in(acc.nir13, now, rehashed);
  store_.record_attempt(acc.nir13, now, "success", ip);
  out.kind = Kind::ok;
  out.session = sessions_.open(acc.nir13, "member", "password");
  return out;
}

}  // namespace mc::app
