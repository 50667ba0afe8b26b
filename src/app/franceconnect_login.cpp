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

using Kind = FranceConnectOutcome::Kind;

std::string_view result_code(Kind k) {
  switch (k) {
    case Kind::ok: return "ok";
    case Kind::invalid_flow: return "invalid_flow";
    case Kind::cancelled: return "cancelled";
    case Kind::provider_error: return "provider_error";
    case Kind::no_match: return "no_match";
    case Kind::several_matches: return "several_matches";
    case Kind::link_conflict: return "link_conflict";
    case Kind::no_account: return "no_account";
    case Kind::other_space: return "other_space";
    case Kind::pending: return "pending";
    case Kind::inactive: return "inactive";
    case Kind::permanently_locked: return "permanently_locked";
    case Kind::temporarily_locked: return "temporarily_locked";
  }
  return "provider_error";
}

namespace {

FranceConnectOutcome outcome(Kind kind, std::string log_detail = {}) {
  FranceConnectOutcome o;
  o.kind = kind;
  o.log_detail = std::move(log_detail);
  return o;
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

FranceConnectOutcome FranceConnectLogin::callback(const FranceConnectCallback& q, const std::string& flow_cookie,
                                                  const std::string& client_ip) {
  std::string why;
  auto flow = take_flow(flow_cookie, "login", q.state, why);
  if (!flow) return outcome(Kind::invalid_flow, why);
  if (!q.error.empty()) {
    return outcome(q.error == "access_denied" ? Kind::cancelled : Kind::provider_error,
                   "callback error " + q.error + ": " + q.error_description);
  }
  if (!q.iss.empty() && !d_.provider.callback_issuer_ok(q.iss))
    return outcome(Kind::provider_error, "callback iss is not the provider's issuer");
  if (q.code.empty()) return outcome(Kind::provider_error, "callback without code");

  const Instant now = d_.clock.now();
  auto login = d_.provider.complete_login(q.code, flow->nonce, now);
  if (!login) {
    auto o = outcome(Kind::provider_error, login.error().code + ": " + login.error().detail);
    o.transient = login.error().transient;
    return o;
  }
  const auto& person = login->person;

  // A linked `sub` first: it was matched once already, and FranceConnect derives it from the
  // identity, so it stays the same whichever identity provider the member picks.
  if (auto nir13 = d_.fc_store.find_nir_by_franceconnect_sub(person.sub))
    return sign_in(*nir13, *login, false, client_ip, now);

  std::vector<account::RegisterEntry> rows;
  if (account::normalize_date(person.birthdate) == person.birthdate)
    rows = d_.fc_store.register_entries_born_on(person.birthdate);
  std::vector<identity::RegisterIdentity> candidates;
  candidates.reserve(rows.size());
  for (const auto& r : rows) candidates.push_back(identity_of(r));
  auto match = identity::match_register(person, candidates);
  switch (match.outcome) {
    case identity::MatchOutcome::none:
      return outcome(Kind::no_match, std::to_string(rows.size()) + " register entries born that day, none matches");
    case identity::MatchOutcome::several:
      // Never pick one: the member goes to their caisse, which can tell them apart.
      return outcome(Kind::several_matches, std::to_string(match.matches.size()) + " register entries match");
    case identity::MatchOutcome::unique: break;
  }
  return sign_in(rows[match.index].nir13, *login, true, client_ip, now);
}

FranceConnectOutcome FranceConnectLogin::sign_in(const std::string& nir13,
                                                 const ports::FranceConnectProvider::Login& login, bool link,
                                                 const std::string& client_ip, Instant now) {
  auto member = d_.store.find_member(nir13);
  if (!member) return outcome(Kind::no_match, "linked account no longer in the register");

  // The member has proved who they are: state answers may be given (never from a NIR alone).
  FranceConnectOutcome out;
  // FranceConnect has no settle transaction to ride in (its writes are separate already): the
  // history row is one more statement, written only when the NIR has an account.
  auto remember = [&](std::string_view outcome) {
    if (d_.history)
      d_.history->record_sign_in(nir13, now, outcome, {"franceconnect", "", throttle::masked_source(client_ip)});
  };
  auto refuse = [&](Kind kind) {
    d_.store.record_attempt(nir13, now, "franceconnect_" + std::string(result_code(kind)), client_ip);
    switch (kind) {
      case Kind::permanently_locked: remember("refused_permanent_lock"); break;
      case Kind::temporarily_locked: remember("refused_temporary_lock"); break;
      default: remember(result_code(kind)); break;
    }
    out.kind = kind;
    out.log_detail = std::string(result_code(kind));
    return out;
  };
  if (member->organisme.runs_other_space()) {
    out.organisme = member->organisme;
    return refuse(Kind::other_space);
  }
  if (!member->account) return refuse(Kind::no_account);
  const auto& acc = *member->account;
  if (acc.state == account::State::pending) return refuse(Kind::pending);

  // FranceConnect reads the lock but never changes it: no failure counted, none forgotten.
  const auto standing = lockout::status(d_.store.read_lockout(nir13), now);
  if (standing.standing == lockout::Standing::permanently_locked) return refuse(Kind::permanently_locked);
  if (acc.state == account::State::inactive || account::inactive_by_time(acc, now, d_.settings.inactivity_months)) {
    if (acc.state != account::State::inactive) d_.store.set_account_state(nir13, account::State::inactive);
    return refuse(Kind::inactive);
  }
  if (standing.standing == lockout::Standing::temporarily_locked && !d_.fc.allow_temporarily_locked) {
    out.retry_after_s = standing.retry_after_s;
    return refuse(Kind::temporarily_locked);
  }

  if (link && acc.franceconnect_sub != login.person.sub &&
      !d_.fc_store.link_franceconnect_sub(nir13, login.person.sub, now))
    return refuse(Kind::link_conflict);

  d_.store.mark_signed_in(nir13, now, std::nullopt);
  d_.store.record_attempt(nir13, now, "franceconnect", client_ip);
  remember("success");
  out.kind = Kind::ok;
  out.log_detail = link ? "linked" : "by sub";
  out.session = d_.sessions.open(nir13, "member", "franceconnect", login.id_token);
  return out;
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
