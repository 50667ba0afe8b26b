// End-to-end: the relying party against a real OpenID provider configured like FranceConnect v2
// (tests/franceconnect/provider.mjs, panva/oidc-provider 8 on Node). A libcurl "browser" with a
// cookie jar follows the provider's redirects; the test identity is chosen with login_hint.
// Skipped when node or tests/franceconnect/node_modules is missing (run `npm ci` there).
#include <gtest/gtest.h>

#include <curl/curl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "adapters/oidc/franceconnect_client.hpp"
#include "core/identity/matching.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using mc::oidc::ErrorCode;
using mc::oidc::FranceConnectClient;
using mc::oidc::ProviderConfig;

// Must agree with provider.mjs.
const std::string kSecret = "test-only-secret-7c1f0a4e9b2d4c58a6e3f1d2b7c9e0a1";
const std::string kRedirect = "https://moncompte.test/api/v1/franceconnect/callback";
const std::string kLoggedOut = "https://moncompte.test/api/v1/franceconnect/logged-out";

fs::path provider_dir() {
  if (const char* d = std::getenv("MC_FC_PROVIDER_DIR")) return d;
  return MC_FC_PROVIDER_DIR;
}

std::optional<std::string> find_node() {
  if (const char* n = std::getenv("MC_NODE")) return std::string(n);
  const char* path = std::getenv("PATH");
  if (!path) return std::nullopt;
  std::stringstream ss(path);
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    const fs::path p = fs::path(dir) / "node";
    if (::access(p.c_str(), X_OK) == 0) return p.string();
  }
  return std::nullopt;
}

std::string skip_reason() {
  if (!find_node()) return "node not found in PATH";
  if (!fs::exists(provider_dir() / "node_modules" / "oidc-provider" / "package.json")) {
    return "run `npm ci` in tests/franceconnect first";
  }
  return {};
}

// provider.mjs as a child process.
class ProviderProcess {
 public:
  explicit ProviderProcess(std::vector<std::string> extra = {}, int port = 0) { start(extra, port); }
  ~ProviderProcess() { stop(); }
  ProviderProcess(const ProviderProcess&) = delete;
  ProviderProcess& operator=(const ProviderProcess&) = delete;

  int port() const { return port_; }
  std::string issuer() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api/v2"; }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {  // up to 5 s, then no more politeness
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    if (out_ >= 0) ::close(out_);
    out_ = -1;
  }

 private:
  void start(const std::vector<std::string>& extra, int port) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    std::vector<std::string> args = {*find_node(), (provider_dir() / "provider.mjs").string(),
                                     std::to_string(port)};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_ = fds[0];
    ASSERT_EQ(rc, 0) << "cannot start node";

    // Wait for "ready <port>" (node + oidc-provider start in well under a second; allow 30 s on
    // a loaded CI machine).
    std::string line;
    pollfd p{out_, POLLIN, 0};
    while (line.find('\n') == std::string::npos) {
      ASSERT_GT(::poll(&p, 1, 30'000), 0) << "provider did not report ready";
      char buf[256];
      const ssize_t n = ::read(out_, buf, sizeof buf);
      ASSERT_GT(n, 0) << "provider exited before ready";
      line.append(buf, static_cast<std::size_t>(n));
    }
    std::smatch m;
    ASSERT_TRUE(std::regex_search(line, m, std::regex("ready (\\d+)"))) << line;
    port_ = std::stoi(m[1]);
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
};

std::string query_param(const std::string& url, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(url, m, std::regex("[?&]" + name + "=([^&#]*)"))) return {};
  CURL* c = curl_easy_init();
  int len = 0;
  char* raw = curl_easy_unescape(c, m[1].str().c_str(), static_cast<int>(m[1].length()), &len);
  std::string out(raw, static_cast<std::size_t>(len));
  curl_free(raw);
  curl_easy_cleanup(c);
  return out;
}

// A cookie-keeping user agent that stops at our own redirect URIs instead of following them.
class Browser {
 public:
  Browser() : c_(curl_easy_init()) {
    curl_easy_setopt(c_, CURLOPT_COOKIEFILE, "");  // in-memory cookie jar
    curl_easy_setopt(c_, CURLOPT_TIMEOUT_MS, 10'000L);
    curl_easy_setopt(c_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c_, CURLOPT_WRITEFUNCTION, +[](char* d, size_t s, size_t n, void* u) {
      static_cast<std::string*>(u)->append(d, s * n);
      return s * n;
    });
    curl_easy_setopt(c_, CURLOPT_WRITEDATA, &body_);
  }
  ~Browser() { curl_easy_cleanup(c_); }
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  // Follows redirects until one leaves for a URL starting with `stop_at`; returns that URL, or
  // "" if a page answered without redirecting (status() and body() tell which).
  std::string follow(std::string url, const std::string& stop_at, const std::string* post = nullptr) {
    for (int hop = 0; hop < 10; ++hop) {
      body_.clear();
      curl_easy_setopt(c_, CURLOPT_URL, url.c_str());
      if (post) {
        curl_easy_setopt(c_, CURLOPT_POSTFIELDS, post->c_str());
        post = nullptr;
      } else {
        curl_easy_setopt(c_, CURLOPT_HTTPGET, 1L);
      }
      if (curl_easy_perform(c_) != CURLE_OK) return {};
      curl_easy_getinfo(c_, CURLINFO_RESPONSE_CODE, &status_);
      char* next = nullptr;
      curl_easy_getinfo(c_, CURLINFO_REDIRECT_URL, &next);
      if (!next) return {};
      url = next;
      if (url.starts_with(stop_at)) return url;
    }
    return {};
  }
  long status() const { return status_; }
  const std::string& body() const { return body_; }

 private:
  CURL* c_;
  std::string body_;
  long status_ = 0;
};

ProviderConfig config_for(const ProviderProcess& p, std::string client_id = "moncompte") {
  ProviderConfig c;
  c.issuer = p.issuer();
  c.client_id = std::move(client_id);
  c.client_secret = kSecret;
  c.redirect_uri = kRedirect;
  c.post_logout_redirect_uri = kLoggedOut;
  c.allow_http = true;  // the test provider has no TLS
  c.timeout_ms = 10'000;
  return c;
}

std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }

struct Callback {
  std::string code, state, error, iss;
};

// Authorization request -> provider -> auto-login as `login` -> our callback URL.
Callback sign_in(FranceConnectClient& client, const std::string& login, const std::string& state,
                 const std::string& nonce) {
  auto url = client.authorization_url(state, nonce);
  EXPECT_TRUE(url) << url.error().detail;
  if (!url) return {};
  Browser b;
  const std::string cb = b.follow(*url + "&login_hint=" + login, kRedirect);
  EXPECT_FALSE(cb.empty()) << "no redirect to the callback; last status " << b.status() << ": "
                           << b.body().substr(0, 300);
  return {query_param(cb, "code"), query_param(cb, "state"), query_param(cb, "error"),
          query_param(cb, "iss")};
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) out.push_back(cell);
  return out;
}

struct Register {
  std::vector<mc::identity::RegisterIdentity> rows;
  std::vector<std::string> nirs;
};

Register load_register(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  std::map<std::string, std::size_t> col;
  const auto header = split_csv_line(line);
  for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  Register r;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto v = split_csv_line(line);
    r.rows.push_back({v.at(col.at("family_name")), v.at(col.at("given_names")),
                      v.at(col.at("birth_date")), v.at(col.at("sex")),
                      v.at(col.at("birth_place_insee"))});
    r.nirs.push_back(v.at(col.at("nir")));
  }
  return r;
}

class FranceConnectE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!skip_reason().empty()) return;
    provider_ = new ProviderProcess();
  }
  static void TearDownTestSuite() {
    delete provider_;
    provider_ = nullptr;
  }
  void SetUp() override {
    if (const auto why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
    ASSERT_NE(provider_, nullptr);
    ASSERT_GT(provider_->port(), 0);
  }
  static ProviderProcess* provider_;
};
ProviderProcess* FranceConnectE2E::provider_ = nullptr;

TEST_F(FranceConnectE2E, DiscoveryDescribesAFranceConnectV2Provider) {
  FranceConnectClient client(config_for(*provider_));
  ASSERT_TRUE(client.discover());
  auto m = client.metadata();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->issuer, provider_->issuer());
  EXPECT_EQ(m->authorization_endpoint, provider_->issuer() + "/authorize");
  EXPECT_EQ(m->token_endpoint, provider_->issuer() + "/token");
  EXPECT_EQ(m->userinfo_endpoint, provider_->issuer() + "/userinfo");
  EXPECT_EQ(m->jwks_uri, provider_->issuer() + "/jwks");
  EXPECT_EQ(m->end_session_endpoint, provider_->issuer() + "/session/end");

  Browser b;
  (void)b.follow(provider_->issuer() + "/.well-known/openid-configuration", "never");
  const json d = json::parse(b.body());
  EXPECT_EQ(d["acr_values_supported"], json::array({"eidas1"}));
  EXPECT_NE(d["userinfo_signing_alg_values_supported"].dump().find("ES256"), std::string::npos);
  for (const char* scope : {"given_name", "family_name", "birthdate", "gender", "birthplace",
                            "birthcountry", "email", "preferred_username"}) {
    EXPECT_NE(d["scopes_supported"].dump().find(scope), std::string::npos) << scope;
  }
}

TEST_F(FranceConnectE2E, ProviderRefusesAnAuthorizationRequestWithoutAcrLikeFranceConnect) {
  FranceConnectClient client(config_for(*provider_));
  const std::string state = mc::oidc::random_hex64();
  auto url = client.authorization_url(state, mc::oidc::random_hex64());
  ASSERT_TRUE(url);
  Browser b;
  const std::string without_acr = std::regex_replace(*url, std::regex("&acr_values=eidas1"), "");
  EXPECT_EQ(b.follow(without_acr, kRedirect), "");
  EXPECT_EQ(b.status(), 400);
}

TEST_F(FranceConnectE2E, EveryTestIdentitySignsInAndMatchesTheRegisterAsExpected) {
  const json ids = json::parse(std::ifstream(provider_dir() / "identities.json"))["identities"];
  const Register reg = load_register(provider_dir() / "register.csv");
  FranceConnectClient client(config_for(*provider_));
  ASSERT_GE(ids.size(), 5u);
  for (const auto& id : ids) {
    const std::string login = id["login"];
    SCOPED_TRACE(login);
    const std::string state = mc::oidc::random_hex64();
    const std::string nonce = mc::oidc::random_hex64();
    const Callback cb = sign_in(client, login, state, nonce);
    ASSERT_FALSE(cb.code.empty()) << cb.error;
    EXPECT_EQ(cb.state, state);  // the caller compares it with the browser-bound value
    EXPECT_TRUE(client.callback_issuer_ok(cb.iss)) << cb.iss;

    auto r = client.complete_login(cb.code, nonce, now());
    ASSERT_TRUE(r) << mc::oidc::to_string(r.error().code) << ": " << r.error().detail;
    EXPECT_EQ(r->id.acr, "eidas1");
    EXPECT_TRUE(std::regex_match(r->id.sub, std::regex("[0-9a-f]{64}v1"))) << r->id.sub;
    EXPECT_EQ(r->identity.sub, r->id.sub);
    EXPECT_EQ(r->identity.given_name, id["given_name"]);
    EXPECT_EQ(r->identity.family_name, id["family_name"]);
    EXPECT_EQ(r->identity.birthdate, id["birthdate"]);
    EXPECT_EQ(r->identity.gender, id["gender"]);
    EXPECT_EQ(r->identity.birthplace, id["birthplace"]);
    EXPECT_EQ(r->identity.birthcountry, id["birthcountry"]);
    EXPECT_EQ(r->identity.email, id["email"]);
    EXPECT_EQ(r->identity.preferred_username, id.value("preferred_username", ""));

    const auto m = mc::identity::match_register(r->identity, reg.rows);
    const std::string expect = id["expect"];
    if (expect == "match") {
      ASSERT_EQ(m.outcome, mc::identity::MatchOutcome::unique);
      EXPECT_EQ(reg.nirs[m.index], id["nir"]);
    } else if (expect == "several") {
      EXPECT_EQ(m.outcome, mc::identity::MatchOutcome::several);
    } else {
      EXPECT_EQ(m.outcome, mc::identity::MatchOutcome::none);
    }
  }
}

TEST_F(FranceConnectE2E, SameIdentityGetsTheSameSubEveryTime) {
  FranceConnectClient client(config_for(*provider_));
  std::string first;
  for (int i = 0; i < 2; ++i) {
    const std::string nonce = mc::oidc::random_hex64();
    const Callback cb = sign_in(client, "happy", mc::oidc::random_hex64(), nonce);
    auto r = client.complete_login(cb.code, nonce, now());
    ASSERT_TRUE(r) << r.error().detail;
    if (i == 0) first = r->id.sub;
    EXPECT_EQ(r->id.sub, first);
  }
}

TEST_F(FranceConnectE2E, Rs256ClientAndAlgorithmPinning) {
  ProviderConfig rs = config_for(*provider_, "moncompte-rs256");
  rs.allowed_algs = {"RS256"};
  FranceConnectClient client(rs);
  std::string nonce = mc::oidc::random_hex64();
  Callback cb = sign_in(client, "born_abroad", mc::oidc::random_hex64(), nonce);
  auto ok = client.complete_login(cb.code, nonce, now());
  ASSERT_TRUE(ok) << ok.error().detail;
  EXPECT_EQ(ok->identity.birthcountry, "99139");
  EXPECT_EQ(ok->identity.birthplace, "");

  // The same provider client, but we pinned ES256: its RS256 tokens must be refused.
  ProviderConfig pinned = config_for(*provider_, "moncompte-rs256");
  pinned.allowed_algs = {"ES256"};
  FranceConnectClient strict(pinned);
  nonce = mc::oidc::random_hex64();
  cb = sign_in(strict, "happy", mc::oidc::random_hex64(), nonce);
  auto refused = strict.complete_login(cb.code, nonce, now());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::alg_not_allowed);
}

TEST_F(FranceConnectE2E, UserAbortComesBackAsAccessDenied) {
  FranceConnectClient client(config_for(*provider_));
  const std::string state = mc::oidc::random_hex64();
  const Callback cb = sign_in(client, "abort", state, mc::oidc::random_hex64());
  EXPECT_EQ(cb.error, "access_denied");
  EXPECT_EQ(cb.state, state);
  EXPECT_TRUE(cb.code.empty());
}

TEST_F(FranceConnectE2E, ACodeIsUsableOnce) {
  FranceConnectClient client(config_for(*provider_));
  const std::string nonce = mc::oidc::random_hex64();
  const Callback cb = sign_in(client, "happy", mc::oidc::random_hex64(), nonce);
  ASSERT_TRUE(client.exchange_code(cb.code));
  auto again = client.exchange_code(cb.code);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::token_error);
  EXPECT_TRUE(again.error().detail.starts_with("invalid_grant")) << again.error().detail;
}

TEST_F(FranceConnectE2E, ANonceBoundToAnotherBrowserIsRefused) {
  FranceConnectClient client(config_for(*provider_));
  const Callback cb = sign_in(client, "happy", mc::oidc::random_hex64(), mc::oidc::random_hex64());
  auto r = client.complete_login(cb.code, mc::oidc::random_hex64(), now());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::nonce_mismatch);
}

TEST_F(FranceConnectE2E, AWrongClientSecretIsRefusedByTheProvider) {
  ProviderConfig c = config_for(*provider_);
  c.client_secret = "not-the-secret";
  FranceConnectClient client(c);
  const Callback cb = sign_in(client, "happy", mc::oidc::random_hex64(), mc::oidc::random_hex64());
  auto r = client.exchange_code(cb.code);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::token_error);
}

TEST_F(FranceConnectE2E, LogoutEndsTheProviderSessionAndReturnsTheState) {
  FranceConnectClient client(config_for(*provider_));
  const std::string nonce = mc::oidc::random_hex64();
  // One browser for both legs, so the provider's session cookie is there at logout.
  Browser b;
  const std::string cb =
      b.follow(*client.authorization_url(mc::oidc::random_hex64(), nonce) + "&login_hint=happy", kRedirect);
  auto r = client.complete_login(query_param(cb, "code"), nonce, now());
  ASSERT_TRUE(r) << r.error().detail;
  // While the provider session lives, a new authorization needs no login (no hint given).
  auto again = client.authorization_url(mc::oidc::random_hex64(), mc::oidc::random_hex64());
  ASSERT_TRUE(again);
  EXPECT_NE(b.follow(*again, kRedirect), "");

  const std::string state = mc::oidc::random_hex64();
  auto logout = client.end_session_url(r->tokens.id_token, state);
  ASSERT_TRUE(logout) << logout.error().detail;
  EXPECT_EQ(b.follow(*logout, kLoggedOut), "");  // a confirmation form, as on FranceConnect
  std::smatch action, xsrf;
  ASSERT_TRUE(std::regex_search(b.body(), action, std::regex("action=\"([^\"]+)\"")));
  ASSERT_TRUE(std::regex_search(b.body(), xsrf, std::regex("name=\"xsrf\" value=\"([^\"]+)\"")));
  const std::string form = "xsrf=" + xsrf[1].str() + "&logout=yes";
  std::string target = action[1];
  if (target.starts_with("/")) target = "http://127.0.0.1:" + std::to_string(provider_->port()) + target;
  const std::string back = b.follow(target, kLoggedOut, &form);
  ASSERT_FALSE(back.empty()) << b.status() << " " << b.body().substr(0, 200);
  EXPECT_EQ(query_param(back, "state"), state);

  // The provider session is gone: the same browser is asked who it is again (the login form).
  EXPECT_EQ(b.follow(*again, kRedirect), "");
  EXPECT_EQ(b.status(), 200);
  EXPECT_NE(b.body().find("name=\"login\""), std::string::npos);
}

TEST_F(FranceConnectE2E, KeyRotationAcrossAProviderRestart) {
  auto first = std::make_unique<ProviderProcess>();
  const int port = first->port();
  FranceConnectClient client(config_for(*first));
  ASSERT_TRUE(client.discover());
  const auto fetched = client.jwks_fetches();
  first->stop();
  ProviderProcess second({}, port);  // same issuer, fresh keys with new kids
  ASSERT_EQ(second.port(), port);
  const std::string nonce = mc::oidc::random_hex64();
  const Callback cb = sign_in(client, "happy", mc::oidc::random_hex64(), nonce);
  auto r = client.complete_login(cb.code, nonce, now());
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(client.jwks_fetches(), fetched + 1);
}

TEST_F(FranceConnectE2E, AProviderThatIsDownIsATransientNetworkError) {
  auto gone = std::make_unique<ProviderProcess>();
  ProviderConfig c = config_for(*gone);
  gone->stop();
  FranceConnectClient client(c);
  auto r = client.discover();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::network);
  EXPECT_TRUE(r.error().transient());
}

}  // namespace
