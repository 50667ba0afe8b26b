#include "app/franceconnect_login.hpp"

#include <vector>

#include "core/identity/matching.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/crypto.hpp"
#include "core/ports/franceconnect_provider.hpp"
#include "core/ports/franceconnect_store.hpp"
#include "core/ports/session.hpp"
#include "core/ports/sign_in_history.hpp"
#include "core/ports/store.hpp"
#include "core/throttle/source.hpp"

namespace mc::app {

namespace {

// A refusal whose sentence is on its page (web/templates/franceconnect_*.html), and why, for the log.
std::unexpected<Error> refusal(FranceConnectTrace& trace, Errc code, std::string log_detail,
                               ErrorDetails details = {}) {
  trace.log_detail = std::move(log_detail);
  return fail(code, "", std::move(details));
}

identity::RegisterIdentity identity_of(const account::RegisterEntry& e) {
  // The register keeps the INSEE commune code, or the 99xxx country code for people born abroad,
  // in one column: exactly what the matcher expects.
  return {e.family_name, e.given_names, e.birth_date, e.sex, e.birth_place_insee};
}

}  // namespace

std::expected<FranceConnectRedirect, ports::FranceConnectProvider::Failure> FranceConnectLogin::start() {
  const std::string cookie = d_.sessions.random_token(32);
  const std::string state = d_.sessions.random_token(32);
  const std::string nonce = d_.sessions.random_token(32);
  auto url = d_.provider.authorization_url(state, nonce);
  if (!url) return std::unexpected(url.error());
  const Instant now = d_.clock.now();
  d_.fc_store.create_fc_flow({d_.crypto.sha256_hex(cookie), "login", state, nonce, now, now + d_.fc.flow_ttl});
  return FranceConnectRedirect{std::move(*url), cookie};
}

std::optional<ports::FranceConnectFlow> FranceConnectLogin::take_flow(const std::string& cookie, std::string_view purpose,
                                                                      const std::string& state, std::string& why) {
  if (cookie.size() != 64) {
    why = "no flow cookie";
    return std::nullopt;
  }
  // Consumed before anything else is looked at: whatever happens next, this state and this
  // nonce are never accepted again.
  auto flow = d_.fc_store.consume_fc_flow(d_.crypto.sha256_hex(cookie), d_.clock.now());
  if (!flow) {
    why = "unknown, used or expired flow";
    return std::nullopt;
  }
  if (flow->purpose != purpose) {
    why = "flow started for " + flow->purpose;
    return std::nullopt;
  }
  if (state.size() != flow->state.size() || !d_.crypto.equal(state, flow->state)) {
    why = "state mismatch";
    return std::nullopt;
  }
  return flow;
}

Result<FranceConnectSignedIn> FranceConnectLogin::callback(const FranceConnectCallback& q,
                                                           const std::string& flow_cookie, const std::string& client_ip,
                                                           FranceConnectTrace* trace) {
  FranceConnectTrace ignored;
  FranceConnectTrace& t = trace ? *trace : ignored;
  std::string why;
  auto flow = take_flow(flow_cookie, "login", q.state, why);
  if (!flow) return refusal(t, Errc::invalid_flow, why);
  if (!q.error.empty()) {
    return refusal(t, q.error == "access_denied" ? Errc::cancelled : Errc::provider_error,
                   "callback error " + q.error + ": " + q.error_description);
  }
  if (!q.iss.empty() && !d_.provider.callback_issuer_ok(q.iss))
    return refusal(t, Errc::provider_error, "callback iss is not the provider's issuer");
  if (q.code.empty()) return refusal(t, Errc::provider_error, "callback without code");

  const Instant now = d_.clock.now();
  auto login = d_.provider.complete_login(q.code, flow->nonce, now);
  if (!login) {
    return refusal(t, Errc::provider_error, login.error().code + ": " + login.error().detail,
                   {.retry_after_s = login.error().transient ? kFranceConnectRetryAfterS : 0});
  }
  const auto& person = login->person;

  // A linked `sub` first: it was matched once already, and FranceConnect derives it from the
  // identity, so it stays the same whichever identity provider the member picks.
  if (auto nir13 = d_.fc_store.find_nir_by_franceconnect_sub(person.sub))
    return sign_in(*nir13, *login, false, client_ip, now, t);

  std::vector<account::RegisterEntry> rows;
  if (account::normalize_date(person.birthdate) == person.birthdate)
    rows = d_.fc_store.register_entries_born_on(person.birthdate);
  std::vector<identity::RegisterIdentity> candidates;
  candidates.reserve(rows.size());
  for (const auto& r : rows) candidates.push_back(identity_of(r));
  auto match = identity::match_register(person, candidates);
  switch (match.outcome) {
    case identity::MatchOutcome::none:
      return refusal(t, Errc::no_match, std::to_string(rows.size()) + " register entries born that day, none matches");
    case identity::MatchOutcome::several:
      // Never pick one: the member goes to their caisse, which can tell them apart.
      return refusal(t, Errc::several_matches, std::to_string(match.matches.size()) + " register entries match");
    case identity::MatchOutcome::unique: break;
  }
  return sign_in(rows[match.index].nir13, *login, true, client_ip, now, t);
}

Result<FranceConnectSignedIn> FranceConnectLogin::sign_in(const std::string& nir13,
                                                          const ports::FranceConnectProvider::Login& login, bool link,
                                                          const std::string& client_ip, Instant now,
                                                          FranceConnectTrace& trace) {
  auto member = d_.store.find_member(nir13);
  if (!member) return refusal(trace, Errc::no_match, "linked account no longer in the register");

  // The member has proved who they are: state answers may be given (never from a NIR alone).
  // FranceConnect has no settle transaction to ride in (its writes are separate already): the
  // history row is one more statement, written only when the NIR has an account.
  auto remember = [&](std::string_view outcome) {
    if (d_.history)
      d_.history->record_sign_in(nir13, now, outcome, {"franceconnect", "", throttle::masked_source(client_ip)});
  };
  auto refuse = [&](Errc code, ErrorDetails details = {}) {
    const std::string result(result_code(code));
    d_.store.record_attempt(nir13, now, "franceconnect_" + result, client_ip);
    switch (code) {
      case Errc::permanently_locked: remember("refused_permanent_lock"); break;
      case Errc::temporarily_locked: remember("refused_temporary_lock"); break;
      default: remember(result); break;
    }
    return refusal(trace, code, result, std::move(details));
  };
  if (const auto& org = member->organisme; org.runs_other_space())
    return refuse(Errc::other_space, {.other_space = OtherSpace{org.name, org.online_space, org.phone}});
  if (!member->account) return refuse(Errc::no_account);
  const auto& acc = *member->account;
  if (acc.state == account::State::pending) return refuse(Errc::pending);

  // FranceConnect reads the lock but never changes it: no failure counted, none forgotten.
  const auto standing = lockout::status(d_.store.read_lockout(nir13), now);
  if (standing.standing == lockout::Standing::permanently_locked) return refuse(Errc::permanently_locked);
  if (acc.state == account::State::inactive || account::inactive_by_time(acc, now, d_.settings.inactivity_months)) {
    if (acc.state != account::State::inactive) d_.store.set_account_state(nir13, account::State::inactive);
    return refuse(Errc::inactive);
  }
  if (standing.standing == lockout::Standing::temporarily_locked && !d_.fc.allow_temporarily_locked)
    return refuse(Errc::temporarily_locked, {.retry_after_s = standing.retry_after_s});

  if (link && acc.franceconnect_sub != login.person.sub &&
      !d_.fc_store.link_franceconnect_sub(nir13, login.person.sub, now))
    return refuse(Errc::link_conflict);

  d_.store.mark_signed_in(nir13, now, std::nullopt);
  d_.store.record_attempt(nir13, now, "franceconnect", client_ip);
  remember("success");
  trace.log_detail = link ? "linked" : "by sub";
  return FranceConnectSignedIn{d_.sessions.open(nir13, "member", "franceconnect", login.id_token)};
}

std::optional<FranceConnectRedirect> FranceConnectLogin::logout(const ports::Session& ended) {
  if (ended.auth_method != "franceconnect" || ended.franceconnect_id_token.empty()) return std::nullopt;
  const std::string cookie = d_.sessions.random_token(32);
  const std::string state = d_.sessions.random_token(32);
  auto url = d_.provider.end_session_url(ended.franceconnect_id_token, state);
  if (!url) return std::nullopt;
  const Instant now = d_.clock.now();
  d_.fc_store.create_fc_flow({d_.crypto.sha256_hex(cookie), "logout", state, "", now, now + d_.fc.flow_ttl});
  return FranceConnectRedirect{std::move(*url), cookie};
}

bool FranceConnectLogin::logout_returned(const std::string& flow_cookie, const std::string& state) {
  std::string why;
  return take_flow(flow_cookie, "logout", state, why).has_value();
}

}  // namespace mc::app
