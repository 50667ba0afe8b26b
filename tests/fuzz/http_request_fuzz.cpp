// Request decoding: Beast's parser with the service's limits, then the service's own decoding of
// targets, forms, cookies and JSON bodies.
#include <utility>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "adapters/http/message.hpp"

namespace bhttp = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(8 * 1024);
  parser.body_limit(64 * 1024);
  parser.eager(true);
  boost::system::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  mc::http::Request r;
  if (parser.is_header_done()) {
    auto& m = parser.get();
    r.target = std::string(m.target());
    for (const auto& f : m) r.headers.emplace(std::string(f.name_string()), std::string(f.value()));
    r.body = m.body();
  } else {
    r.target = std::string(in.substr(0, 512));
    r.body = std::string(in);
    r.headers["Cookie"] = std::string(in.substr(0, 256));
  }
  auto q = r.target.find('?');
  r.path = mc::http::url_decode(std::string_view(r.target).substr(0, q), false);
  if (q != std::string::npos) r.query = mc::http::parse_urlencoded(std::string_view(r.target).substr(q + 1));
  (void)r.cookie("mc_session");
  (void)r.form();
  (void)r.is_json();
  (void)mc::http::html_escape(r.body);
  try {
    auto j = nlohmann::json::parse(r.body);
    (void)j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const nlohmann::json::exception&) {
  }
  return 0;
}
