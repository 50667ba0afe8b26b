// The FranceConnect sign-in use case over in-memory ports: flow binding, matching, the lock
// matrix, links and logout. The protocol itself is tested in adapters/oidc and end to end in
// tests/franceconnect/.
#include "app/franceconnect_login.hpp"

#include <gtest/gtest.h>

#include <map>

#include "core/ports/clock.hpp"
#include "core/ports/crypto.hpp"
#include "core/ports/franceconnect_provider.hpp"
#include "core/ports/franceconnect_store.hpp"
#include "core/ports/import_batch.hpp"
#include "core/ports/session.hpp"
#include "core/ports/sign_in_history.hpp"
#include "core/ports/store.hpp"

namespace mc::app {
namespace {

// The answer's result word ("ok", or the error's code), as in the log and the metric.
std::string_view code_of(const Result<FranceConnectSignedIn>& r) { return r ? "ok" : result_code(r.error().code); }
using namespace std::chrono_literals;

const Instant t0 = from_millis(1'800'000'000'000);

struct FakeClock final : ports::Clock {
  Instant t = t0;
  Instant now() const override { return t; }
};

struct FakeCrypto final : ports::Crypto {
  std::uint8_t next = 1;
  void random_bytes(std::span<std::uint8_t> out) override {
    for (auto& b : out) b = next++;
  }
  std::string sha256_hex(std::string_view d) const override { return "h(" + std::string(d) + ")"; }
  bool equal(std::string_view a, std::string_view b) const override { return a == b; }
};

// Only what the use case and Sessions touch does something.
struct FakeStore final : ports::Store, ports::FranceConnectStore {
  std::map<std::string, account::Member> members;
  std::map<std::string, lockout::Record> locks;
  std::map<std::string, ports::Session> sessions;
  std::map<std::string, ports::FranceConnectFlow> flows;
  std::vector<std::pair<std::string, std::string>> attempts;  // nir, outcome
  std::map<std::string, Instant> signed_in;

  bool ping() override { return true; }
  void import_batch(const ports::ImportBatch&, Instant) override {}
  std::optional<account::Member> find_member(std::string_view nir13) override {
    auto it = members.find(std::string(nir13));
    if (it == members.end()) return std::nullopt;
    return it->second;
  }
  lockout::Record read_lockout(std::string_view nir13) override { return locks[std::string(nir13)]; }
  lockout::Record update_lockout(std::string_view nir13,
                                 const std::function<lockout::Record(const lockout::Record&)>& change) override {
    ADD_FAILURE() << "FranceConnect must not change the lockout record";
    return locks[std::string(nir13)] = change(locks[std::string(nir13)]);
  }
  void record_attempt(std::string_view nir13, Instant, std::string_view outcome, std::string_view) override {
    attempts.emplace_back(nir13, outcome);
  }
  std::vector<ports::AttemptLogEntry> recent_attempts(std::string_view, int) override { return {}; }
  void mark_signed_in(std::string_view nir13, Instant at, const std::optional<std::string>& new_hash) override {
    EXPECT_FALSE(new_hash);
    signed_in[std::string(nir13)] = at;
  }
  void set_account_state(std::string_view nir13, account::State state) override {
    members.at(std::string(nir13)).account->state = state;
  }
  void create_session(const ports::Session& s) override { sessions[s.id_hash] = s; }
  std::optional<ports::Session> find_session(std::string_view id_hash) override {
    auto it = sessions.find(std::string(id_hash));
    if (it == sessions.end()) return std::nullopt;
    return it->second;
  }
  void touch_session(std::string_view, Instant) override {}
  void delete_session(std::string_view id_hash) override { sessions.erase(std::string(id_hash)); }
  void delete_sessions_of(std::string_view, std::string_view, std::string_view) override {}

  void create_fc_flow(const ports::FranceConnectFlow& f) override { flows[f.id_hash] = f; }
  std::optional<ports::FranceConnectFlow> consume_fc_flow(std::string_view id_hash, Instant now) override {
    auto it = flows.find(std::string(id_hash));
    if (it == flows.end()) return std::nullopt;
    auto f = it->second;
    flows.erase(it);
    if (f.expires_at <= now) return std::nullopt;
    return f;
  }
  std::vector<account::RegisterEntry> register_entries_born_on(std::string_view birth_date) override {
    std::vector<account::RegisterEntry> out;
    for (auto& [_, m] : members)
      if (m.entry.birth_date == birth_date) out.push_back(m.entry);
    return out;
  }
  std::optional<std::string> find_nir_by_franceconnect_sub(std::string_view sub) override {
    for (auto& [nir, m] : members)
      if (m.account && m.account->franceconnect_sub == sub) return nir;
    return std::nullopt;
  }
  bool refuse_links = false;
  bool link_franceconnect_sub(std::string_view nir13, std::string_view sub, Instant) override {
    if (refuse_links || find_nir_by_franceconnect_sub(sub)) return false;
    auto& m = members.at(std::string(nir13));
    if (!m.account) return false;
    m.account->franceconnect_sub = std::string(sub);
    return true;
  }
};

// The member's history: what was recorded (the real backends skip NIRs without an account).
struct FakeHistory final : ports::SignInHistory {
  struct Row {
    std::string nir13, outcome;
    ports::SignInNote note;
  };
  std::vector<Row> rows;
  void record_sign_in(std::string_view nir13, Instant, std::string_view outcome, const ports::SignInNote& note) override {
    rows.push_back({std::string(nir13), std::string(outcome), note});
  }
  std::vector<ports::SignInEvent> sign_ins(std::string_view, Instant) override { return {}; }
};

struct FakeProvider final : ports::FranceConnectProvider {
  std::optional<ports::FranceConnectProvider::Failure> fail;
  identity::PivotIdentity person;
  std::string seen_code, seen_nonce, seen_hint;
  int logins = 0;

  std::expected<std::string, Failure> authorization_url(std::string_view state, std::string_view nonce) override {
    if (fail) return std::unexpected(*fail);
    return "https://fc.test/authorize?state=" + std::string(state) + "&nonce=" + std::string(nonce);
  }
  bool callback_issuer_ok(std::string_view iss) const override { return iss == "https://fc.test/api/v2"; }
  std::expected<Login, Failure> complete_login(std::string_view code, std::string_view nonce, Instant) override {
    ++logins;
    seen_code = code;
    seen_nonce = nonce;
    if (fail) return std::unexpected(*fail);
    return Login{person, "eidas1", "id-token-of-" + person.sub};
  }
  std::expected<std::string, Failure> end_session_url(std::string_view hint, std::string_view state) override {
    seen_hint = hint;
    return "https://fc.test/session/end?state=" + std::string(state);
  }
};

std::string query_value(const std::string& url, const std::string& name) {
  auto at = url.find(name + "=");
  if (at == std::string::npos) return {};
  auto start = at + name.size() + 1;
  return url.substr(start, url.find('&', start) - start);
}

class FranceConnectLoginTest : public ::testing::Test {
 protected:
  FranceConnectLoginTest() {
    add("2420293048297", "F", "N'DIAYE", "Noémie", "1942-02-14", "93048", account::State::active);
    provider.person = {"sub-noemie", "NOEMIE", "N’DIAYE", "1942-02-14", "female", "93048", "99100", "", ""};
  }

  account::Member& add(const std::string& nir13, std::string sex, std::string family, std::string given,
                       std::string birth, std::string place, std::optional<account::State> state,
                       const std::string& organisme_space = "compte ameli") {
    account::Member m;
    m.entry.nir13 = nir13;
    m.entry.sex = std::move(sex);
    m.entry.family_name = std::move(family);
    m.entry.given_names = std::move(given);
    m.entry.birth_date = std::move(birth);
    m.entry.birth_place_insee = std::move(place);
    m.organisme = {"X", "general", organisme_space == "compte ameli" ? "CPAM de Paris" : "MSA Île-de-France",
                   organisme_space, "36 46", ""};
    if (state) {
      m.account = account::Account{nir13, *state, "phc", true, t0 - hours(24 * 30), t0 - hours(24), std::nullopt};
    }
    return store.members[nir13] = m;
  }

  FranceConnectLogin use_case() {
    return FranceConnectLogin({store, store, provider, crypto, clock, sessions, settings, fc, &history});
  }

  // A whole round: start, then the callback FranceConnect would send for `provider.person`.
  Result<FranceConnectSignedIn> round() {
    auto uc = use_case();
    auto start = uc.start();
    EXPECT_TRUE(start);
    return uc.callback({"the-code", query_value(start->url, "state"), "", "", "https://fc.test/api/v2"},
                       start->flow_cookie, "192.0.2.1", &trace);
  }

  FakeClock clock;
  FakeCrypto crypto;
  FakeStore store;
  FakeProvider provider;
  FakeHistory history;
  Settings settings;
  FranceConnectSettings fc;
  Sessions sessions{store, crypto, clock};
  FranceConnectTrace trace;  // the last round's log detail
};

bool is_hex64(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST_F(FranceConnectLoginTest, StartStoresStateAndNonceUnderAHashOfTheCookie) {
  auto start = use_case().start();
  ASSERT_TRUE(start);
  EXPECT_TRUE(is_hex64(start->flow_cookie));
  ASSERT_EQ(store.flows.size(), 1u);
  const auto& flow = store.flows.begin()->second;
  EXPECT_EQ(flow.id_hash, crypto.sha256_hex(start->flow_cookie));
  EXPECT_EQ(flow.purpose, "login");
  EXPECT_TRUE(is_hex64(flow.state));
  EXPECT_TRUE(is_hex64(flow.nonce));
  EXPECT_NE(flow.state, flow.nonce);
  EXPECT_EQ(query_value(start->url, "state"), flow.state);
  EXPECT_EQ(query_value(start->url, "nonce"), flow.nonce);
  EXPECT_EQ(flow.expires_at, t0 + minutes(10));
}

TEST_F(FranceConnectLoginTest, StartFailsCleanlyWhenTheProviderIsDown) {
  provider.fail = ports::FranceConnectProvider::Failure{"network", "connection refused", true};
  auto start = use_case().start();
  ASSERT_FALSE(start);
  EXPECT_TRUE(start.error().transient);
  EXPECT_TRUE(store.flows.empty());
}

TEST_F(FranceConnectLoginTest, AUniqueMatchSignsInLinksTheSubAndKeepsTheIdToken) {
  auto o = round();
  ASSERT_EQ(code_of(o), "ok") << trace.log_detail;
  ASSERT_TRUE(o);
  EXPECT_EQ(o->session.session.subject, "2420293048297");
  EXPECT_EQ(o->session.session.kind, "member");
  EXPECT_EQ(o->session.session.auth_method, "franceconnect");
  EXPECT_EQ(o->session.session.franceconnect_id_token, "id-token-of-sub-noemie");
  EXPECT_EQ(store.members["2420293048297"].account->franceconnect_sub, "sub-noemie");
  EXPECT_EQ(provider.seen_code, "the-code");
  EXPECT_TRUE(store.signed_in.contains("2420293048297"));
  EXPECT_EQ(store.attempts.back().second, "franceconnect");
  EXPECT_TRUE(store.flows.empty());
}

TEST_F(FranceConnectLoginTest, TheMembersHistoryGetsTheSignInWithAMaskedSource) {
  ASSERT_EQ(code_of(round()), "ok");
  ASSERT_EQ(history.rows.size(), 1u);
  EXPECT_EQ(history.rows[0].nir13, "2420293048297");
  EXPECT_EQ(history.rows[0].outcome, "success");
  EXPECT_EQ(history.rows[0].note.channel, "franceconnect");
  EXPECT_EQ(history.rows[0].note.source, "192.0.2.0/24");  // round() signs in from 192.0.2.1
}

TEST_F(FranceConnectLoginTest, TheMembersHistoryGetsARefusalForALock) {
  store.locks["2420293048297"] = {6, std::nullopt, true, t0};
  ASSERT_EQ(code_of(round()), "permanently_locked");
  ASSERT_EQ(history.rows.size(), 1u);
  EXPECT_EQ(history.rows[0].outcome, "refused_permanent_lock");
}

TEST_F(FranceConnectLoginTest, TheNonceSentToTheProviderIsTheFlowsOwn) {
  auto uc = use_case();
  auto start = uc.start();
  const std::string nonce = store.flows.begin()->second.nonce;
  (void)uc.callback({"c", query_value(start->url, "state"), "", "", ""}, start->flow_cookie, "");
  EXPECT_EQ(provider.seen_nonce, nonce);
}

TEST_F(FranceConnectLoginTest, ALinkedSubIsUsedBeforeMatching) {
  store.members["2420293048297"].account->franceconnect_sub = "sub-noemie";
  provider.person.family_name = "DUPONT";  // married name now: would not match the register
  auto o = round();
  ASSERT_EQ(code_of(o), "ok") << trace.log_detail;
  EXPECT_EQ(o->session.session.subject, "2420293048297");
}

TEST_F(FranceConnectLoginTest, AFlowIsBoundToItsBrowserAndUsedOnce) {
  auto uc = use_case();
  auto start = uc.start();
  const std::string state = query_value(start->url, "state");
  // Another browser (no cookie, or a cookie of its own) cannot use it.
  EXPECT_EQ(code_of(uc.callback({"c", state, "", "", ""}, "", "")), "invalid_flow");
  EXPECT_EQ(code_of(uc.callback({"c", state, "", "", ""}, std::string(64, 'a'), "")), "invalid_flow");
  EXPECT_EQ(provider.logins, 0);
  // Its own browser can, once.
  EXPECT_EQ(code_of(uc.callback({"c", state, "", "", ""}, start->flow_cookie, "")), "ok");
  auto replay = uc.callback({"c", state, "", "", ""}, start->flow_cookie, "");
  EXPECT_EQ(code_of(replay), "invalid_flow");
  EXPECT_EQ(provider.logins, 1);
}

TEST_F(FranceConnectLoginTest, AForgedStateIsRefusedBeforeCallingTheProviderAndBurnsTheFlow) {
  auto uc = use_case();
  auto start = uc.start();
  std::string forged = query_value(start->url, "state");
  forged[0] = forged[0] == 'a' ? 'b' : 'a';
  auto o = uc.callback({"c", forged, "", "", ""}, start->flow_cookie, "", &trace);
  EXPECT_EQ(code_of(o), "invalid_flow");
  EXPECT_EQ(trace.log_detail, "state mismatch");
  EXPECT_EQ(provider.logins, 0);
  EXPECT_EQ(code_of(uc.callback({"c", query_value(start->url, "state"), "", "", ""}, start->flow_cookie, "")),
            "invalid_flow");
  EXPECT_EQ(code_of(uc.callback({"c", "", "", "", ""}, start->flow_cookie, "")), "invalid_flow");
}

TEST_F(FranceConnectLoginTest, AnExpiredFlowIsRefused) {
  auto uc = use_case();
  auto start = uc.start();
  clock.t += minutes(10);
  EXPECT_EQ(code_of(uc.callback({"c", query_value(start->url, "state"), "", "", ""}, start->flow_cookie, "")),
            "invalid_flow");
  EXPECT_EQ(provider.logins, 0);
}

TEST_F(FranceConnectLoginTest, ProviderErrorsOnTheCallback) {
  auto uc = use_case();
  auto s1 = uc.start();
  EXPECT_EQ(code_of(uc.callback({"", query_value(s1->url, "state"), "access_denied", "user aborted", ""},
                                s1->flow_cookie, "")),
            "cancelled");
  auto s2 = uc.start();
  EXPECT_EQ(code_of(uc.callback({"", query_value(s2->url, "state"), "invalid_acr", "", ""}, s2->flow_cookie, "")),
            "provider_error");
  auto s3 = uc.start();
  EXPECT_EQ(
      code_of(uc.callback({"c", query_value(s3->url, "state"), "", "", "https://evil.test"}, s3->flow_cookie, "")),
      "provider_error");
  auto s4 = uc.start();
  EXPECT_EQ(code_of(uc.callback({"", query_value(s4->url, "state"), "", "", ""}, s4->flow_cookie, "")),
            "provider_error");
  EXPECT_EQ(provider.logins, 0);

  auto s5 = uc.start();
  provider.fail = ports::FranceConnectProvider::Failure{"token_error", "invalid_grant", false};
  auto o = uc.callback({"c", query_value(s5->url, "state"), "", "", ""}, s5->flow_cookie, "", &trace);
  EXPECT_EQ(code_of(o), "provider_error");
  EXPECT_EQ(o.error().details.retry_after_s, 0);  // not worth trying again: no Retry-After
  EXPECT_NE(trace.log_detail.find("invalid_grant"), std::string::npos);
  EXPECT_TRUE(store.sessions.empty());
}

TEST_F(FranceConnectLoginTest, ATransientProviderFailureSaysWhenToTryAgain) {
  auto uc = use_case();
  auto start = uc.start();
  provider.fail = ports::FranceConnectProvider::Failure{"network", "connection refused", true};
  auto o = uc.callback({"c", query_value(start->url, "state"), "", "", ""}, start->flow_cookie, "");
  ASSERT_EQ(code_of(o), "provider_error");
  EXPECT_EQ(o.error().details.retry_after_s, kFranceConnectRetryAfterS);  // Retry-After: 120 on the page
}

TEST_F(FranceConnectLoginTest, NoMatchOrSeveralMatchesSignNobodyInAndLinkNothing) {
  provider.person.birthplace = "75056";
  EXPECT_EQ(code_of(round()), "no_match");
  provider.person.birthplace = "93048";
  add("2420293048298", "F", "N DIAYE", "Noémie Awa", "1942-02-14", "93048", account::State::active);
  EXPECT_EQ(code_of(round()), "several_matches");
  provider.person.birthdate = "14/02/1942";  // not ISO: no candidates at all
  EXPECT_EQ(code_of(round()), "no_match");
  EXPECT_TRUE(store.sessions.empty());
  for (auto& [_, m] : store.members) EXPECT_FALSE(m.account->franceconnect_sub);
}

TEST_F(FranceConnectLoginTest, TemporarilyLockedMaySignInButTheLockIsLeftAsItWas) {
  lockout::Record lock{3, t0 + minutes(12), false, t0 - minutes(8)};
  store.locks["2420293048297"] = lock;
  auto o = round();
  ASSERT_EQ(code_of(o), "ok");
  EXPECT_EQ(store.locks["2420293048297"], lock);
}

TEST_F(FranceConnectLoginTest, TemporarilyLockedIsRefusedWhenTheSettingSaysSo) {
  fc.allow_temporarily_locked = false;
  store.locks["2420293048297"] = {3, t0 + minutes(12), false, t0};
  auto o = round();
  EXPECT_EQ(code_of(o), "temporarily_locked");
  EXPECT_EQ(o.error().details.retry_after_s, 12 * 60);
  EXPECT_FALSE(o);
}

TEST_F(FranceConnectLoginTest, FailuresBelowTheLockAreNotForgotten) {
  lockout::Record lock{2, std::nullopt, false, t0 - minutes(1)};
  store.locks["2420293048297"] = lock;
  ASSERT_EQ(code_of(round()), "ok");
  EXPECT_EQ(store.locks["2420293048297"], lock);
}

TEST_F(FranceConnectLoginTest, TheLockMatrixRefusesWithItsOwnReason) {
  store.locks["2420293048297"] = {6, std::nullopt, true, t0};
  EXPECT_EQ(code_of(round()), "permanently_locked");
  store.locks.clear();

  store.members["2420293048297"].account->state = account::State::inactive;
  EXPECT_EQ(code_of(round()), "inactive");

  store.members["2420293048297"].account->state = account::State::active;
  store.members["2420293048297"].account->last_login_at = t0 - days(800);
  EXPECT_EQ(code_of(round()), "inactive");
  EXPECT_EQ(store.members["2420293048297"].account->state, account::State::inactive);

  store.members["2420293048297"].account->state = account::State::pending;
  EXPECT_EQ(code_of(round()), "pending");

  store.members["2420293048297"].account.reset();
  EXPECT_EQ(code_of(round()), "no_account");

  EXPECT_TRUE(store.sessions.empty());
  EXPECT_EQ(store.attempts.back().second, "franceconnect_no_account");
}

TEST_F(FranceConnectLoginTest, AnotherSpaceIsNamed) {
  add("2420293048297", "F", "N'DIAYE", "Noémie", "1942-02-14", "93048", account::State::active, "espace privé MSA");
  auto o = round();
  EXPECT_EQ(code_of(o), "other_space");
  ASSERT_TRUE(o.error().details.other_space);
  EXPECT_EQ(o.error().details.other_space->online_space, "espace privé MSA");
}

TEST_F(FranceConnectLoginTest, ASubThatCannotBeLinkedSignsNobodyIn) {
  store.refuse_links = true;  // another account took this sub between the lookup and the link
  auto o = round();
  EXPECT_EQ(code_of(o), "link_conflict");
  EXPECT_FALSE(o);
  EXPECT_TRUE(store.sessions.empty());
}

TEST_F(FranceConnectLoginTest, AnOlderSubOfTheSameAccountIsReplaced) {
  store.members["2420293048297"].account->franceconnect_sub = "sub-before-rnipp-correction";
  auto o = round();
  ASSERT_EQ(code_of(o), "ok");
  EXPECT_EQ(store.members["2420293048297"].account->franceconnect_sub, "sub-noemie");
}

TEST_F(FranceConnectLoginTest, LogoutOfAFranceConnectSessionGoesThroughTheProvider) {
  auto o = round();
  ASSERT_EQ(code_of(o), "ok");
  auto uc = use_case();
  auto out = uc.logout(o->session.session);
  ASSERT_TRUE(out);
  EXPECT_EQ(provider.seen_hint, "id-token-of-sub-noemie");
  const std::string state = query_value(out->url, "state");
  EXPECT_TRUE(is_hex64(state));
  EXPECT_TRUE(is_hex64(out->flow_cookie));
  EXPECT_FALSE(uc.logout_returned(out->flow_cookie, std::string(64, '0')));
  auto again = uc.logout(o->session.session);
  EXPECT_FALSE(uc.logout_returned("", query_value(again->url, "state")));
  auto third = uc.logout(o->session.session);
  EXPECT_TRUE(uc.logout_returned(third->flow_cookie, query_value(third->url, "state")));
  EXPECT_FALSE(uc.logout_returned(third->flow_cookie, query_value(third->url, "state")));
}

TEST_F(FranceConnectLoginTest, ALogoutFlowCannotSignIn) {
  auto o = round();
  auto uc = use_case();
  auto out = uc.logout(o->session.session);
  auto cb = uc.callback({"c", query_value(out->url, "state"), "", "", ""}, out->flow_cookie, "");
  EXPECT_EQ(code_of(cb), "invalid_flow");
}

TEST_F(FranceConnectLoginTest, PasswordSessionsLogOutLocallyOnly) {
  ports::Session s;
  s.auth_method = "password";
  EXPECT_FALSE(use_case().logout(s));
  EXPECT_TRUE(store.flows.empty());
}

}  // namespace
}  // namespace mc::app
