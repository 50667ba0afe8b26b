#include "app/login.hpp"

#include <chrono>
#include <cmath>

#include "core/nir/nir.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/crypto.hpp"
#include "core/ports/devices.hpp"
#include "core/ports/messages.hpp"
#include "core/ports/password_hasher.hpp"
#include "core/ports/sign_in_history.hpp"
#include "core/ports/store.hpp"
#include "core/throttle/source.hpp"

namespace mc::app {

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

std::string too_many_requests_message(std::int64_t retry_after_s) {
  std::string wait = retry_after_s >= 60 ? plural((retry_after_s + 59) / 60, "minute", "minutes")
                                         : plural(std::max<std::int64_t>(retry_after_s, 1), "seconde", "secondes");
  return "Trop de tentatives de connexion depuis votre réseau. Réessayez dans " + wait +
         ". Si vous avez oublié votre mot de passe, utilisez « Mot de passe oublié ».";
}

struct Login::Attempt {
  const LoginRequest& request;
  std::string nir13;
  std::optional<std::string> device;  // recognised device of the account, if the cookie names one
  std::string counter;                // lockouts row: device::counter_key(nir13, device)
  lockout::Reservation reservation;
  std::int64_t attempt_id = 0;
  Instant now{};
};

std::optional<std::string> Login::recognised_device(const std::string& nir13, const std::string& cookie) {
  if (!d_.settings.device_trust || cookie.empty()) return std::nullopt;
  auto entries = device::parse_cookie(cookie);
  auto equal = [&](std::string_view a, std::string_view b) { return d_.crypto.equal(a, b); };
  auto id = d_.device_macs ? device::device_for_any(entries, nir13, d_.device_macs, equal)
                           : device::device_for(entries, nir13, d_.device_mac, equal);
  if (!id || !d_.devices.find_device(nir13, *id)) return std::nullopt;
  return id;
}

Login::DeviceGrant Login::grant_device(const std::string& nir13, const std::string& cookie,
                                       const std::optional<std::string>& recognised, const std::string& user_agent,
                                       Instant now) {
  std::string id;
  if (recognised) {
    id = *recognised;
  } else {
    id = d_.sessions.random_token(device::kIdHexChars / 2);
  }
  ports::Device dev{id, nir13, device::describe_user_agent(user_agent), now, now};
  auto entries = device::with_entry(device::parse_cookie(cookie), device::make_entry(nir13, id, d_.device_mac));
  return {dev, device::format_cookie(entries)};
}

Result<SignedIn> Login::operator()(const LoginRequest& req, LoginTrace* trace) {
  LoginTrace ignored;
  LoginTrace& t = trace ? *trace : ignored;
  auto parsed = nir::parse(req.nir);
  if (!parsed)
    return fail(Errc::invalid_nir, nir::message_fr(parsed.error(), req.nir),
                {.field = std::string(nir::code(parsed.error()))});
  if (parsed->is_temporary()) {
    // A property of the number itself, so saying it reveals nothing about any account.
    return fail(Errc::invalid_nir, nir::temporary_number_message_fr(), {.field = "temporary_number"});
  }
  const std::string nir13 = parsed->digits13;
  t.nir13 = nir13;
  // An empty field is a slip of the hand, not a guess: answered without counting a try.
  if (req.password.empty()) return fail(Errc::invalid_input, "Saisissez votre mot de passe.");

  // The source's budget, before any account lookup or hashing: a sprayer is refused here.
  if (auto wait = d_.throttle.refused(ThrottleScope::login, req.client_ip))
    return fail(Errc::too_many_requests, too_many_requests_message(*wait), {.retry_after_s = *wait});

  // Admission first: a saturated hashing pool must not consume one of the member's tries. The
  // source is carried in, so that a source already holding slots is the one refused.
  auto ticket = d_.hasher.admit(throttle::source_key(req.client_ip));
  if (!ticket) return fail(Errc::busy, "Le service est très sollicité. Réessayez dans quelques secondes.");

  Attempt a{req, nir13, recognised_device(nir13, req.device_cookie), {}, {}, 0, {}};
  a.counter = device::counter_key(nir13, a.device);
  // Count the attempt before evaluating it: the lock check, the count and the attempt log are one
  // transaction, logged as a wrong password until proven otherwise. A lock placed by an attempt
  // still being evaluated may be lifted in a moment by its correct password: wait for that
  // outcome (a few tens of milliseconds) rather than answer "locked".
  const Instant give_up = d_.clock.now() + lockout::kPendingWindow / 3;
  // The member's own history row rides in the same transaction (written only if the NIR has an
  // account), and is settled with the attempt: no extra commit on the hot path.
  const ports::SignInNote note{"password", a.device.value_or(""), throttle::masked_source(req.client_ip)};
  for (;;) {
    a.now = d_.clock.now();
    a.attempt_id = d_.store.reserve_attempt(nir13, a.counter, a.now, req.client_ip, [&](const lockout::Record& current) {
      a.reservation = lockout::reserve(current, a.now, d_.settings.lockout);
      return ports::Store::Decision{a.reservation.record, lockout::attempt_outcome(a.reservation.gate), note};
    });
    if (a.reservation.gate != lockout::Gate::retry_shortly || a.now >= give_up) break;
    d_.clock.pause(Duration{20});
  }
  if (a.reservation.gate != lockout::Gate::evaluate) return std::unexpected(refused(a.reservation));

  // Unknown NIRs and NIRs without an account verify a dummy hash: same work, same time.
  auto member = d_.store.find_member(nir13);
  const bool has_account = member && member->account && !member->account->password_hash.empty();
  const std::string& phc = has_account ? member->account->password_hash : d_.hasher.dummy_hash();
  const bool correct = d_.hasher.verify(*ticket, phc, req.password) && has_account;
  ticket->reset();

  if (correct) return after_correct_password(a, *member, phc, req.password);
  return std::unexpected(wrong_password(a, member, t));
}

Error Login::wrong_password(const Attempt& a, const std::optional<account::Member>& member, LoginTrace& trace) {
  d_.throttle.spend_failure(ThrottleScope::login, a.request.client_ip);
  d_.monitor.failure(a.nir13, a.now);
  // A wrong password needs no second write for the count: the reservation already counted and
  // logged it. Only the failure that placed a lock confirms it (so that others stop waiting for
  // its outcome) and queues the member's security e-mail, in one transaction.
  auto answer = lockout::answer_failure(a.reservation, a.now, d_.settings.lockout);
  if (answer.kind != lockout::FailureKind::invalid_credentials) {
    std::optional<outbox::Mail> notice;
    if (member && member->account && !member->entry.email.empty()) {
      const bool permanent = answer.kind == lockout::FailureKind::permanently_locked;
      // With device trust, the shared counter only ever locks devices the member has not used:
      // say so when they have recognised devices that still work.
      const bool unknown_only =
          d_.settings.device_trust && !a.device && !d_.devices.list_devices(a.nir13).empty();
      using N = ports::Messages::Notice;
      const N kind = unknown_only ? (permanent ? N::unknown_devices_permanently_locked : N::unknown_devices_temporarily_locked)
                                  : (permanent ? N::permanently_locked : N::temporarily_locked);
      notice = d_.messages.notice(kind, member->entry, member->entry.email);
    }
    d_.store.confirm_lock(a.counter, a.now, notice);
    trace.lock_triggered = true;
  }
  switch (answer.kind) {
    case lockout::FailureKind::invalid_credentials: break;
    case lockout::FailureKind::temporarily_locked:
      return {Errc::temporarily_locked,
              temporarily_locked_message(answer.retry_after_s),
              {.retry_after_s = answer.retry_after_s}};
    case lockout::FailureKind::permanently_locked: return {Errc::permanently_locked, permanently_locked_message()};
  }
  return {
      Errc::invalid_credentials,
      invalid_credentials_message(answer.attempts_before_lock, answer.next_lock_is_permanent,
                                  d_.settings.lockout.temporary_lock),
      {.attempts_before_lock = answer.attempts_before_lock, .next_lock_is_permanent = answer.next_lock_is_permanent}};
}

Error Login::refused(const lockout::Reservation& r) {
  // Another sign-in on this account is being checked right now and may unlock it: not counted.
  // Its wait is busy's own (error_mapping), as for a saturated hashing pool.
  if (r.gate == lockout::Gate::retry_shortly)
    return {Errc::busy, "Une autre connexion à votre compte est en cours de vérification. Réessayez dans un instant."};
  if (r.gate == lockout::Gate::refuse_permanent) return {Errc::permanently_locked, permanently_locked_message()};
  return {Errc::temporarily_locked, temporarily_locked_message(r.retry_after_s), {.retry_after_s = r.retry_after_s}};
}

Result<SignedIn> Login::after_correct_password(const Attempt& a, const account::Member& member, const std::string& phc,
                                               const std::string& password) {
  const auto& acc = *member.account;
  // A 6th failure reserved concurrently may have locked the account for good meanwhile: that
  // lock stays (only an advisor lifts it); one placed by this very attempt does not.
  auto after = [&](const lockout::Record& current) { return lockout::after_success(current, a.reservation); };
  auto settle = [&](std::string_view outcome, const std::optional<ports::Store::SignIn>& sign_in) {
    d_.store.settle_attempt(a.attempt_id, acc.nir13, a.counter, after, outcome, sign_in);
  };
  // State answers are given only now, after a correct password (never from the NIR alone).
  if (acc.state == account::State::pending) {
    settle("pending", std::nullopt);
    return fail(Errc::pending,
                "Votre compte n'est pas encore activé : confirmez votre adresse e-mail avec le lien reçu, ou "
                "utilisez le code provisoire pour choisir votre mot de passe.");
  }
  if (acc.state == account::State::inactive || account::inactive_by_time(acc, a.now, d_.settings.inactivity_months)) {
    if (acc.state != account::State::inactive) d_.store.set_account_state(acc.nir13, account::State::inactive);
    settle("inactive", std::nullopt);
    return fail(Errc::inactive,
                "Votre compte a été désactivé après une longue période sans connexion. Votre caisse peut le "
                "réactiver : appelez le 36 46 ou rendez-vous à l'accueil avec une pièce d'identité.");
  }
  if (const auto& org = member.organisme; org.runs_other_space()) {
    settle("other_space", std::nullopt);
    return fail(Errc::other_space,
                "Votre dossier est géré par " + org.name + ", qui propose son propre espace en ligne : « " +
                    org.online_space + " ». Contactez-le au " + org.phone + ".",
                {.other_space = OtherSpace{org.name, org.online_space, org.phone}});
  }
  std::optional<std::string> rehashed;
  if (d_.hasher.needs_rehash(phc)) rehashed = d_.hasher.hash(password);
  auto session = d_.sessions.prepare(acc.nir13, "member", "password");
  ports::Store::SignIn sign_in{a.now, rehashed, session.session, std::nullopt};
  SignedIn out{
      .session = {}, .device_cookie = std::nullopt, .recognised_device = a.device.has_value(), .nir13 = acc.nir13};
  if (d_.settings.device_trust) {
    auto grant = grant_device(acc.nir13, a.request.device_cookie, a.device, a.request.user_agent, a.now);
    sign_in.device = grant.device;
    out.device_cookie = std::move(grant.cookie);
  }
  settle("success", sign_in);
  out.session = std::move(session);
  return out;
}

}  // namespace mc::app
