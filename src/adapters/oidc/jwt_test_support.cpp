#include "adapters/oidc/jwt_test_support.hpp"

#include <stdexcept>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include "adapters/oidc/jose.hpp"

namespace mc::oidc::testing {
namespace {

using Json = nlohmann::json;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("openssl: ") + what);
}

std::string bn_bytes(const EVP_PKEY* k, const char* param, std::size_t pad_to) {
  BIGNUM* bn = nullptr;
  check(EVP_PKEY_get_bn_param(k, param, &bn) == 1, param);
  std::string out(pad_to ? pad_to : static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  check(BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()),
                     static_cast<int>(out.size())) > 0,
        "bn2bin");
  BN_free(bn);
  return out;
}

std::string signing_input(const Json& header, const Json& payload) {
  return jose::base64url_encode(header.dump()) + "." + jose::base64url_encode(payload.dump());
}

}  // namespace

TestKey TestKey::ec_p256(std::string kid) {
  TestKey k;
  k.kid_ = std::move(kid);
  k.ec_ = true;
  EVP_PKEY* p = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  check(p != nullptr, "EC keygen");
  k.pkey_.reset(p, EVP_PKEY_free);
  return k;
}

TestKey TestKey::rsa(std::string kid, int bits) {
  TestKey k;
  k.kid_ = std::move(kid);
  k.ec_ = false;
  EVP_PKEY* p = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(bits));
  check(p != nullptr, "RSA keygen");
  k.pkey_.reset(p, EVP_PKEY_free);
  return k;
}

Json TestKey::public_jwk() const {
  if (ec_) {
    return {{"kty", "EC"},
            {"crv", "P-256"},
            {"x", jose::base64url_encode(bn_bytes(pkey_.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32))},
            {"y", jose::base64url_encode(bn_bytes(pkey_.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32))},
            {"kid", kid_},
            {"use", "sig"},
            {"alg", "ES256"}};
  }
  return {{"kty", "RSA"},
          {"n", jose::base64url_encode(bn_bytes(pkey_.get(), OSSL_PKEY_PARAM_RSA_N, 0))},
          {"e", jose::base64url_encode(bn_bytes(pkey_.get(), OSSL_PKEY_PARAM_RSA_E, 0))},
          {"kid", kid_},
          {"use", "sig"},
          {"alg", "RS256"}};
}

std::string TestKey::public_pem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  check(bio && PEM_write_bio_PUBKEY(bio, pkey_.get()) == 1, "PEM");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

std::string TestKey::sign(const Json& header, const Json& payload) const {
  const std::string input = signing_input(header, payload);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  check(md && EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, pkey_.get()) == 1, "sign init");
  std::size_t len = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(input.data());
  check(EVP_DigestSign(md, nullptr, &len, in, input.size()) == 1, "sign size");
  std::string sig(len, '\0');
  check(EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &len, in, input.size()) == 1,
        "sign");
  sig.resize(len);
  EVP_MD_CTX_free(md);
  if (ec_) {  // DER -> R||S, as JWS wants
    const auto* p = reinterpret_cast<const unsigned char*>(sig.data());
    ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
    check(es != nullptr, "d2i_ECDSA_SIG");
    std::string raw(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(es), reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(es), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(es);
    sig = raw;
  }
  return input + "." + jose::base64url_encode(sig);
}

std::string TestKey::jwt(const Json& payload) const {
  return sign({{"alg", natural_alg()}, {"typ", "JWT"}, {"kid", kid_}}, payload);
}

std::string unsigned_jwt(const Json& header, const Json& payload) {
  return signing_input(header, payload) + ".";
}

std::string hs256_jwt(const std::string& secret, const Json& header, const Json& payload) {
  const std::string input = signing_input(header, payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
  return input + "." + jose::base64url_encode(std::string(reinterpret_cast<char*>(mac), len));
}

Json jwks_of(const std::vector<const TestKey*>& keys) {
  Json arr = Json::array();
  for (const auto* k : keys) arr.push_back(k->public_jwk());
  return {{"keys", arr}};
}

void FakeTransport::on(const std::string& url, Handler h) {
  std::lock_guard lock(mu_);
  handlers_[url] = std::move(h);
}

int FakeTransport::calls(const std::string& url) const {
  std::lock_guard lock(mu_);
  auto it = calls_.find(url);
  return it == calls_.end() ? 0 : it->second;
}

std::string FakeTransport::last_body(const std::string& url) const {
  std::lock_guard lock(mu_);
  auto it = bodies_.find(url);
  return it == bodies_.end() ? std::string() : it->second;
}

std::expected<HttpResponse, Error> FakeTransport::get(const std::string& url,
                                                      const std::vector<std::string>& headers) {
  return answer(url, "", headers);
}

std::expected<HttpResponse, Error> FakeTransport::post_form(const std::string& url,
                                                            const FormFields& form,
                                                            const std::vector<std::string>& headers) {
  std::string body;
  for (const auto& [k, v] : form) {
    if (!body.empty()) body += '&';
    body += k;
    body += '=';
    body += v;
  }
  return answer(url, body, headers);
}

std::expected<HttpResponse, Error> FakeTransport::answer(const std::string& url,
                                                         const std::string& body,
                                                         const std::vector<std::string>& headers) {
  const std::string key = url.substr(0, url.find('?'));
  Handler h;
  {
    std::lock_guard lock(mu_);
    ++calls_[key];
    bodies_[key] = body;
    auto it = handlers_.find(key);
    if (it == handlers_.end()) return HttpResponse{404, "text/plain", "not found"};
    h = it->second;
  }
  HttpResponse r = h(url, body, headers);
  if (r.status == 0) return std::unexpected(Error{ErrorCode::network, "simulated network failure"});
  return r;
}

const TestKey& ec_key() {
  static const TestKey k = TestKey::ec_p256("ec-1");
  return k;
}

const TestKey& rsa_key() {
  static const TestKey k = TestKey::rsa("rsa-1");
  return k;
}

}  // namespace mc::oidc::testing
