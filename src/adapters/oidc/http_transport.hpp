#pragma once
// The HTTP calls the relying party makes (discovery, JWKS, token, userinfo), behind a small
// interface so that unit tests can answer them in-process. Implementations must be safe to
// call from several threads at once.
#include <expected>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "adapters/oidc/error.hpp"

namespace mc::oidc {

struct HttpResponse {
  long status = 0;
  std::string content_type;  // as sent, e.g. "application/jwt; charset=utf-8"
  std::string body;
};

using FormFields = std::vector<std::pair<std::string, std::string>>;

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // `headers` are full header lines ("Authorization: Bearer …"). Redirects are not followed.
  [[nodiscard]] virtual std::expected<HttpResponse, Error> get(
      const std::string& url, const std::vector<std::string>& headers) = 0;
  // application/x-www-form-urlencoded POST.
  [[nodiscard]] virtual std::expected<HttpResponse, Error> post_form(
      const std::string& url, const FormFields& form, const std::vector<std::string>& headers) = 0;
};

struct CurlOptions {
  long timeout_ms = 5000;       // whole request, connection included
  bool verify_tls = true;       // peer certificate and host name
  std::size_t max_body = 1 << 20;  // answers larger than this are cut off and refused
};

// libcurl, one easy handle per call (no shared state, hence thread-safe).
[[nodiscard]] std::shared_ptr<HttpTransport> make_curl_transport(CurlOptions options);

}  // namespace mc::oidc
