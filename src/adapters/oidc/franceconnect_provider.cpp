#include "adapters/oidc/franceconnect_provider.hpp"

namespace mc::oidc {

namespace {

using Failure = ports::FranceConnectProvider::Failure;

class OidcProvider final : public ports::FranceConnectProvider {
 public:
  explicit OidcProvider(ProviderConfig config) : client_(std::move(config)) {}

  std::expected<std::string, Failure> authorization_url(std::string_view state, std::string_view nonce) override {
    auto url = client_.authorization_url(state, nonce);
    if (!url) return std::unexpected(failure(url.error()));
    return *url;
  }
  bool callback_issuer_ok(std::string_view iss) const override { return client_.callback_issuer_ok(iss); }
  std::expected<Login, Failure> complete_login(std::string_view code, std::string_view nonce, Instant now) override {
    auto r = client_.complete_login(code, nonce, to_millis(now) / 1000);
    if (!r) return std::unexpected(failure(r.error()));
    Login out{std::move(r->identity), r->id.acr, std::move(r->tokens.id_token)};
    out.person.sub = r->id.sub;  // the client checked that userinfo's sub is the ID token's
    return out;
  }
  std::expected<std::string, Failure> end_session_url(std::string_view id_token_hint, std::string_view state) override {
    auto url = client_.end_session_url(id_token_hint, state);
    if (!url) return std::unexpected(failure(url.error()));
    return *url;
  }

 private:
  static Failure failure(const Error& e) { return {std::string(to_string(e.code)), e.detail, e.transient()}; }
  FranceConnectClient client_;
};

}  // namespace

std::unique_ptr<ports::FranceConnectProvider> make_franceconnect_provider(ProviderConfig config) {
  return std::make_unique<OidcProvider>(std::move(config));
}

}  // namespace mc::oidc
