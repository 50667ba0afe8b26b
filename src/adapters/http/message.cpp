#include "adapters/http/message.hpp"

#include <algorithm>
#include <cctype>

#include "core/html.hpp"
#include "core/url.hpp"

namespace mc::http {

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](unsigned char x, unsigned char y) {
    return std::tolower(x) < std::tolower(y);
  });
}

std::string Request::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  std::string all = header("Cookie");
  std::string_view s = all;
  while (!s.empty()) {
    auto semi = s.find(';');
    std::string_view part = s.substr(0, semi);
    s = semi == std::string_view::npos ? std::string_view() : s.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    if (part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
  }
  return std::nullopt;
}

static std::string media_type(const std::string& ct) {
  std::string t = ct.substr(0, ct.find(';'));
  t.erase(std::remove_if(t.begin(), t.end(), [](unsigned char c) { return std::isspace(c); }), t.end());
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  return t;
}

bool Request::is_json() const { return media_type(header("Content-Type")) == "application/json"; }
bool Request::is_form() const { return media_type(header("Content-Type")) == "application/x-www-form-urlencoded"; }

std::map<std::string, std::string> Request::form() const { return parse_urlencoded(body); }

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string url_encode(std::string_view s) { return url::percent_encode(s); }

std::map<std::string, std::string> parse_urlencoded(std::string_view s) {
  std::map<std::string, std::string> out;
  while (!s.empty()) {
    auto amp = s.find('&');
    std::string_view pair = s.substr(0, amp);
    s = amp == std::string_view::npos ? std::string_view() : s.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key = url_decode(pair.substr(0, eq), true);
    std::string value = eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1), true);
    out.emplace(std::move(key), std::move(value));  // the first occurrence wins
  }
  return out;
}

std::string html_escape(std::string_view s) { return html::escape(s, html::Apostrophes::escaped); }

}  // namespace mc::http
