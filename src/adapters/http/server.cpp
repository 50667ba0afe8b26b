#include "adapters/http/server.hpp"

// g++ 12 with Boost 1.74: <utility> must come before Asio's coroutine headers.
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <array>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace mc::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

struct Server::Impl {
  std::string host;
  unsigned short port;
  ServerLimits limits;
  Handler handler;
  Observer observer;
  net::io_context ioc;
  net::thread_pool workers;
  tcp::acceptor acceptor{ioc};
  net::signal_set signals{ioc};
  std::vector<std::thread> io_threads;

  Impl(std::string h, unsigned short p, ServerLimits l, Handler hd, Observer o)
      : host(std::move(h)), port(p), limits(l), handler(std::move(hd)), observer(std::move(o)),
        ioc(static_cast<int>(l.io_threads)), workers(l.worker_threads) {}
};

namespace {

std::chrono::milliseconds seconds_to_ms(double s) { return std::chrono::milliseconds(static_cast<long>(s * 1000)); }

Request to_request(const bhttp::request<bhttp::string_body>& in, const std::string& peer, bool trust_forwarded) {
  Request r;
  r.method = std::string(in.method_string());
  r.target = std::string(in.target());
  std::string_view target(in.target().data(), in.target().size());
  auto q = target.find('?');
  r.path = url_decode(target.substr(0, q), false);
  if (q != std::string_view::npos) r.query = parse_urlencoded(target.substr(q + 1));
  for (const auto& f : in) {
    std::string name(f.name_string());
    std::string value(f.value());
    auto [it, inserted] = r.headers.emplace(name, value);
    if (!inserted) it->second += (name == "Cookie" || name == "cookie" ? "; " : ", ") + value;
  }
  r.body = in.body();
  r.client_ip = peer;
  if (trust_forwarded) {
    std::string xff = r.header("X-Forwarded-For");
    if (!xff.empty()) {
      auto comma = xff.rfind(',');
      std::string last = comma == std::string::npos ? xff : xff.substr(comma + 1);
      while (!last.empty() && last.front() == ' ') last.erase(0, 1);
      while (!last.empty() && last.back() == ' ') last.pop_back();
      // Only an address counts: a malformed last hop would otherwise be a fresh source (and a
      // fresh failure budget) for every value an attacker sends.
      boost::system::error_code bad;
      (void)net::ip::make_address(last, bad);
      if (!last.empty() && !bad) r.client_ip = last;
    }
    r.secure = r.header("X-Forwarded-Proto") == "https";
  }
  return r;
}

// Answers the server gives itself (the request never reached the routes): the same JSON shape
// and the same security headers as the rest of the service.
Response plain_error(int status, std::string_view result, std::string_view message) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::string(R"({"result":")") + std::string(result) + R"(","message":")" + std::string(message) + "\"}";
  r.header("X-Content-Type-Options", "nosniff");
  r.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  r.header("Cache-Control", "no-store");
  r.header("X-Frame-Options", "DENY");
  r.header("Referrer-Policy", "no-referrer");
  return r;
}

// Metrics and the access log: a failure there must not escape into the I/O thread (an exception
// out of a detached coroutine would end io_context::run, and the process with it).
void observe(Server::Impl& impl, const Request& req, const Response& res, double seconds) noexcept {
  if (!impl.observer) return;
  try {
    impl.observer(req, res, seconds);
  } catch (...) {
  }
}

net::awaitable<void> write_response(beast::tcp_stream& stream, const Response& res, unsigned version, bool keep_alive,
                                    bool head, boost::system::error_code& ec) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  out.set(bhttp::field::server, "moncompte");
  out.set(bhttp::field::content_type, res.content_type);
  for (const auto& [k, v] : res.headers) out.insert(k, v);
  out.keep_alive(keep_alive);
  out.body() = res.body;
  out.prepare_payload();
  if (head) out.body().clear();
  stream.expires_after(std::chrono::seconds(30));
  co_await bhttp::async_write(stream, out, net::redirect_error(net::use_awaitable, ec));
}

net::awaitable<void> session(Server::Impl& impl, tcp::socket socket) {
  boost::system::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  std::string peer = ec ? std::string("unknown") : endpoint.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    // Timeout: the whole next request (waiting for it included) must arrive within the limit.
    stream.expires_after(seconds_to_ms(impl.limits.request_timeout_s));
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(impl.limits.header_bytes));
    parser.body_limit(impl.limits.body_bytes);
    co_await bhttp::async_read(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
    if (ec == bhttp::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset) break;
    if (ec) {
      // Answer what can be answered, then close: the stream position is unknown after an error.
      int status = 400;
      std::string_view result = "invalid_input";
      std::string_view why = "Requête HTTP invalide.";
      if (ec == bhttp::error::body_limit) {
        status = 413;
        result = "payload_too_large";
        why = "Requête trop volumineuse.";
      } else if (ec == bhttp::error::header_limit) {
        status = 431;
        result = "headers_too_large";
        why = "En-têtes trop volumineux.";
      } else if (ec == beast::error::timeout) {
        status = 408;
        result = "timeout";
        why = "Délai dépassé : la requête est arrivée trop lentement.";
        if (!parser.got_some()) break;
      } else if (ec == net::error::operation_aborted) {
        break;
      }
      Request start;
      start.client_ip = peer;
      Response res = plain_error(status, result, why);
      boost::system::error_code wec;
      stream.expires_after(std::chrono::seconds(2));
      co_await write_response(stream, res, 11, false, false, wec);
      observe(impl, start, res, 0);
      // Lingering close: a client still sending its (too large) body would otherwise get a reset
      // instead of reading our answer. Discard what arrives for a bounded time and size.
      if (!wec && status != 408) {
        stream.socket().shutdown(tcp::socket::shutdown_send, wec);
        std::array<char, 65536> sink{};
        std::size_t drained = 0;
        stream.expires_after(std::chrono::seconds(2));
        while (drained < 32 * 1024 * 1024) {
          std::size_t n = co_await stream.async_read_some(net::buffer(sink), net::redirect_error(net::use_awaitable, wec));
          if (wec) break;
          drained += n;
        }
      }
      break;
    }
    auto& in = parser.get();
    Request req = to_request(in, peer, impl.limits.trust_forwarded_for);
    bool head = in.method() == bhttp::verb::head;
    if (head) req.method = "GET";
    auto started = std::chrono::steady_clock::now();
    Response res = co_await net::co_spawn(
        impl.workers,
        [&]() -> net::awaitable<Response> {
          // The handler answers its own errors (WebApp::handle); this is the last line, so that
          // nothing thrown can take a worker thread, or the process, with it.
          try {
            co_return impl.handler(req);
          } catch (...) {
            co_return plain_error(500, "internal", "Une erreur inattendue s'est produite.");
          }
        },
        net::use_awaitable);
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (res.hold.count() > 0) {
      net::steady_timer hold(co_await net::this_coro::executor, res.hold);
      co_await hold.async_wait(net::redirect_error(net::use_awaitable, ec));
    }
    bool keep_alive = in.keep_alive();
    co_await write_response(stream, res, in.version(), keep_alive, head, ec);
    observe(impl, req, res, elapsed);
    if (ec || !keep_alive) break;
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

net::awaitable<void> accept_loop(Server::Impl& impl) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await impl.acceptor.async_accept(net::redirect_error(net::use_awaitable, ec));
    if (ec) {
      if (ec == net::error::operation_aborted || !impl.acceptor.is_open()) co_return;
      continue;  // e.g. EMFILE: keep serving the connections we have
    }
    socket.set_option(tcp::no_delay(true), ec);
    net::co_spawn(impl.ioc, session(impl, std::move(socket)), net::detached);
  }
}

}  // namespace

Server::Server(std::string host, unsigned short port, ServerLimits limits, Handler handler, Observer observer)
    : impl_(std::make_unique<Impl>(std::move(host), port, limits, std::move(handler), std::move(observer))) {}

Server::~Server() {
  stop();
  impl_->workers.join();
}

void Server::start() {
  boost::system::error_code ec;
  auto address = net::ip::make_address(impl_->host, ec);
  if (ec) throw std::runtime_error("cannot listen on '" + impl_->host + "': not an IP address");
  tcp::endpoint ep(address, impl_->port);
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + impl_->host + ":" + std::to_string(impl_->port) + ": " + ec.message());
  net::co_spawn(impl_->ioc, accept_loop(*impl_), net::detached);
}

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::install_signal_handlers() {
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) stop();
  });
}

void Server::run() {
  for (unsigned i = 1; i < impl_->limits.io_threads; ++i) impl_->io_threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : impl_->io_threads) t.join();
  impl_->io_threads.clear();
}

void Server::stop() {
  net::post(impl_->ioc, [this] {
    boost::system::error_code ec;
    impl_->acceptor.close(ec);
    impl_->signals.cancel(ec);
    impl_->ioc.stop();
  });
}

}  // namespace mc::http
