#include "adapters/oidc/http_transport.hpp"

#include <memory>
#include <mutex>

#include <curl/curl.h>

namespace mc::oidc {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Sink {
  std::string body;
  std::size_t max;
  bool overflow = false;
};

std::size_t on_data(char* data, std::size_t size, std::size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t len = size * n;
  if (sink->body.size() + len > sink->max) {
    sink->overflow = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  sink->body.append(data, len);
  return len;
}

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlOptions o) : opts_(o) { global_init_once(); }

  std::expected<HttpResponse, Error> get(const std::string& url,
                                         const std::vector<std::string>& headers) override {
    return perform(url, nullptr, headers);
  }

  std::expected<HttpResponse, Error> post_form(const std::string& url, const FormFields& form,
                                               const std::vector<std::string>& headers) override {
    std::unique_ptr<CURL, EasyFree> enc(curl_easy_init());
    if (!enc) return std::unexpected(Error{ErrorCode::network, "curl_easy_init failed"});
    std::string body;
    for (const auto& [k, v] : form) {
      if (!body.empty()) body += '&';
      body += escape(enc.get(), k) + '=' + escape(enc.get(), v);
    }
    return perform(url, &body, headers);
  }

 private:
  static std::string escape(CURL* c, const std::string& s) {
    char* e = curl_easy_escape(c, s.data(), static_cast<int>(s.size()));
    std::string out = e ? e : "";
    curl_free(e);
    return out;
  }

  std::expected<HttpResponse, Error> perform(const std::string& url, const std::string* post_body,
                                             const std::vector<std::string>& headers) {
    std::unique_ptr<CURL, EasyFree> c(curl_easy_init());
    if (!c) return std::unexpected(Error{ErrorCode::network, "curl_easy_init failed"});
    std::unique_ptr<curl_slist, ListFree> list;
    for (const auto& h : headers) {
      curl_slist* next = curl_slist_append(list.get(), h.c_str());
      if (!next) return std::unexpected(Error{ErrorCode::network, "curl_slist_append failed"});
      (void)list.release();
      list.reset(next);
    }
    Sink sink{{}, opts_.max_body};
    CURL* h = c.get();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM from resolver timeouts in threads
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, opts_.timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, opts_.timeout_ms);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, opts_.verify_tls ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, opts_.verify_tls ? 2L : 0L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "MonCompte-FranceConnect/1");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    if (list) curl_easy_setopt(h, CURLOPT_HTTPHEADER, list.get());
    if (post_body) {
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, post_body->c_str());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_body->size()));
    }
    const CURLcode rc = curl_easy_perform(h);
    if (sink.overflow) return std::unexpected(Error{ErrorCode::bad_response, "answer too large"});
    if (rc != CURLE_OK) {
      return std::unexpected(Error{ErrorCode::network, curl_easy_strerror(rc)});
    }
    HttpResponse r;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    char* ct = nullptr;
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
    if (ct) r.content_type = ct;
    r.body = std::move(sink.body);
    return r;
  }

  CurlOptions opts_;
};

}  // namespace

std::shared_ptr<HttpTransport> make_curl_transport(CurlOptions options) {
  return std::make_shared<CurlTransport>(options);
}

}  // namespace mc::oidc
