#pragma once
// Transport-neutral request and response, so that handlers are plain functions testable without
// sockets (Beast types stay in server.cpp).
#include <cstdint>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mc::http {

struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
};

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // as received, with the query
  std::string path;    // percent-decoded path without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string body;
  std::string client_ip;
  bool secure = false;  // served over TLS (directly or behind a trusted proxy)

  [[nodiscard]] std::string header(std::string_view name) const;
  [[nodiscard]] std::optional<std::string> cookie(std::string_view name) const;
  [[nodiscard]] std::map<std::string, std::string> form() const;  // application/x-www-form-urlencoded
  [[nodiscard]] bool is_json() const;
  [[nodiscard]] bool is_form() const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Sent only after this delay, without holding a thread: a source refused for a spent budget
  // gets its 429 slowly, so that a flood of refused requests costs the server next to nothing.
  std::chrono::milliseconds hold{0};

  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

std::string url_decode(std::string_view s, bool plus_is_space);
std::string url_encode(std::string_view s);
std::map<std::string, std::string> parse_urlencoded(std::string_view s);
// HTML escaping for text and attribute values.
std::string html_escape(std::string_view s);

}  // namespace mc::http
