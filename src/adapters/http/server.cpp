#include "adapters/http/server.hpp"

// g++ 12 with Boost 1.74: <utility> must come before Asio's coroutine headers (clang-format would
// sort it after them).
// clang-format off
#include <utility>
// clang-format on

#include <openssl/ssl.h>

#include <array>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <vector>

#include "adapters/http/error_mapping.hpp"
#include "core/error.hpp"

namespace mc::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

// What the drain needs to know about one open connection; touched only on the session's strand.
struct SessionState {
  net::any_io_executor strand;
  tcp::socket* socket = nullptr;
  bool reading = false;                 // waiting for the next request
  bool got_some = false;                // … of which bytes have arrived (not idle: let it finish)
  std::function<bool()> parser_got_some;  // set while reading
};

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

  std::mutex tls_mutex;
  std::shared_ptr<net::ssl::context> tls_ctx;  // null: plain HTTP

  std::atomic<bool> draining{false};
  std::atomic<bool> stopped{false};
  std::mutex sessions_mutex;
  std::uint64_t next_session = 0;
  std::map<std::uint64_t, std::shared_ptr<SessionState>> sessions;
  net::steady_timer drain_timer{ioc};
  net::steady_timer heartbeat_timer{ioc};
  std::function<void()> heartbeat;
  std::chrono::milliseconds heartbeat_every{0};
  std::function<void()> on_stopping;  // SIGTERM/SIGINT, before the drain
  std::function<void()> on_reload;    // SIGHUP

  std::shared_ptr<net::ssl::context> current_tls() {
    std::lock_guard lock(tls_mutex);
    return tls_ctx;
  }

  Impl(std::string h, unsigned short p, ServerLimits l, Handler hd, Observer o)
      : host(std::move(h)),
        port(p),
        limits(std::move(l)),
        handler(std::move(hd)),
        observer(std::move(o)),
        ioc(static_cast<int>(limits.io_threads)),
        workers(limits.worker_threads) {}
};

namespace {

std::chrono::milliseconds seconds_to_ms(double s) { return std::chrono::milliseconds(static_cast<long>(s * 1000)); }

Request to_request(const bhttp::request<bhttp::string_body>& in, const std::string& peer, bool trust_forwarded,
                   bool over_tls) {
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
  if (over_tls) r.secure = true;  // served by us over TLS: Secure cookies and HSTS (WebApp)
  return r;
}

// Answers the server gives itself (the request never reached the routes): the same JSON shape
// and the same security headers as the rest of the service, HSTS included (the same value as
// WebApp's transport_policy) when the service is public over https or this connection is TLS.
Response plain_error(Errc code, std::string_view message, bool hsts) {
  Response r;
  r.status = http_status(code);
  r.content_type = "application/json";
  r.body = std::string(R"({"result":")") + std::string(result_code(code)) + R"(","message":")" + std::string(message) +
           "\"}";
  r.header("X-Content-Type-Options", "nosniff");
  r.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  r.header("Cache-Control", "no-store");
  r.header("X-Frame-Options", "DENY");
  r.header("Referrer-Policy", "no-referrer");
  if (hsts) r.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
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

template <class Stream>
net::awaitable<void> write_response(Stream& stream, const Response& res, unsigned version, bool keep_alive, bool head,
                                    boost::system::error_code& ec) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  out.set(bhttp::field::server, "moncompte");
  out.set(bhttp::field::content_type, res.content_type);
  for (const auto& [k, v] : res.headers) out.insert(k, v);
  out.keep_alive(keep_alive);
  out.body() = res.body;
  out.prepare_payload();
  if (head) out.body().clear();
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
  co_await bhttp::async_write(stream, out, net::redirect_error(net::use_awaitable, ec));
}

void finish_if_drained(Server::Impl& impl);

// The request loop of one connection (plain or TLS): timeout, read, handle, write, keep-alive.
template <class Stream>
net::awaitable<void> serve_requests(Server::Impl& impl, Stream& stream, SessionState& state, const std::string& peer,
                                    bool over_tls) {
  constexpr bool plain = std::is_same_v<Stream, beast::tcp_stream>;
  const bool hsts = over_tls || impl.limits.https_public;
  auto& lowest = beast::get_lowest_layer(stream);
  boost::system::error_code ec;
  beast::flat_buffer buffer;
  for (;;) {
    if (impl.draining && buffer.size() == 0) break;  // draining: no new request on this connection
    // Timeout: the whole next request (waiting for it included) must arrive within the limit.
    lowest.expires_after(seconds_to_ms(impl.limits.request_timeout_s));
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(impl.limits.header_bytes));
    parser.body_limit(impl.limits.body_bytes);
    state.reading = true;
    state.parser_got_some = [&parser, &buffer] { return parser.got_some() || buffer.size() > 0; };
    co_await bhttp::async_read(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
    state.reading = false;
    state.parser_got_some = nullptr;
    if (ec == bhttp::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset) break;
    if (ec == net::ssl::error::stream_truncated) break;
    if (ec) {
      // Answer what can be answered, then close: the stream position is unknown after an error.
      Errc code = Errc::invalid_input;
      std::string_view why = "Requête HTTP invalide.";
      if (ec == bhttp::error::body_limit) {
        code = Errc::payload_too_large;
        why = "Requête trop volumineuse.";
      } else if (ec == bhttp::error::header_limit) {
        code = Errc::headers_too_large;
        why = "En-têtes trop volumineux.";
      } else if (ec == beast::error::timeout) {
        code = Errc::timeout;
        why = "Délai dépassé : la requête est arrivée trop lentement.";
        if (!parser.got_some()) break;
      } else if (ec == net::error::operation_aborted) {
        break;  // an idle connection closed by the drain
      }
      Request start;
      start.client_ip = peer;
      Response res = plain_error(code, why, hsts);
      boost::system::error_code wec;
      lowest.expires_after(std::chrono::seconds(2));
      co_await write_response(stream, res, 11, false, false, wec);
      observe(impl, start, res, 0);
      // Lingering close: a client still sending its (too large) body would otherwise get a reset
      // instead of reading our answer. Discard what arrives for a bounded time and size.
      if (!wec && code != Errc::timeout) {
        if constexpr (plain) stream.socket().shutdown(tcp::socket::shutdown_send, wec);
        std::array<char, 65536> sink{};
        std::size_t drained = 0;
        lowest.expires_after(std::chrono::seconds(2));
        while (drained < 32 * 1024 * 1024) {
          std::size_t n = co_await stream.async_read_some(net::buffer(sink), net::redirect_error(net::use_awaitable, wec));
          if (wec) break;
          drained += n;
        }
      }
      break;
    }
    auto& in = parser.get();
    Request req = to_request(in, peer, impl.limits.trust_forwarded_for, over_tls);
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
            co_return plain_error(Errc::internal, "Une erreur inattendue s'est produite.", hsts);
          }
        },
        net::use_awaitable);
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (res.hold.count() > 0) {
      net::steady_timer hold(co_await net::this_coro::executor, res.hold);
      co_await hold.async_wait(net::redirect_error(net::use_awaitable, ec));
    }
    // Draining: this answer is the connection's last (Connection: close), never a reset.
    bool keep_alive = in.keep_alive() && !impl.draining;
    co_await write_response(stream, res, in.version(), keep_alive, head, ec);
    observe(impl, req, res, elapsed);
    if (ec || !keep_alive) break;
  }
  boost::system::error_code ignored;
  if constexpr (plain) {
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  } else {
    lowest.expires_after(std::chrono::seconds(1));
    co_await stream.async_shutdown(net::redirect_error(net::use_awaitable, ignored));
  }
}

net::awaitable<void> session(Server::Impl& impl, tcp::socket socket, std::shared_ptr<SessionState> state,
                             std::uint64_t id) {
  boost::system::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  std::string peer = ec ? std::string("unknown") : endpoint.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  state->socket = &stream.socket();
  if (auto tls = impl.current_tls()) {
    // The context is held by this connection: a reload (SIGHUP) gives new connections the new
    // certificate and leaves this one as it is.
    beast::ssl_stream<beast::tcp_stream> secure(std::move(stream), *tls);
    state->socket = &beast::get_lowest_layer(secure).socket();
    beast::get_lowest_layer(secure).expires_after(seconds_to_ms(impl.limits.request_timeout_s));
    state->reading = true;
    state->parser_got_some = [] { return true; };  // a handshake under way is let through
    co_await secure.async_handshake(net::ssl::stream_base::server, net::redirect_error(net::use_awaitable, ec));
    state->reading = false;
    state->parser_got_some = nullptr;
    if (!ec) co_await serve_requests(impl, secure, *state, peer, true);
  } else {
    co_await serve_requests(impl, stream, *state, peer, false);
  }
  state->socket = nullptr;
  {
    std::lock_guard lock(impl.sessions_mutex);
    impl.sessions.erase(id);
  }
  finish_if_drained(impl);
}

void finish(Server::Impl& impl) {
  if (impl.stopped.exchange(true)) return;
  net::post(impl.ioc, [&impl] {
    boost::system::error_code ec;
    impl.acceptor.close(ec);
    impl.signals.cancel(ec);
    impl.drain_timer.cancel();
    impl.heartbeat_timer.cancel();
    impl.ioc.stop();
  });
}

void finish_if_drained(Server::Impl& impl) {
  if (!impl.draining) return;
  std::lock_guard lock(impl.sessions_mutex);
  if (impl.sessions.empty()) finish(impl);
}

net::awaitable<void> accept_loop(Server::Impl& impl) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await impl.acceptor.async_accept(net::redirect_error(net::use_awaitable, ec));
    if (ec) {
      if (ec == net::error::operation_aborted || !impl.acceptor.is_open()) co_return;
      continue;  // e.g. EMFILE: keep serving the connections we have
    }
    if (impl.draining) co_return;
    socket.set_option(tcp::no_delay(true), ec);
    auto state = std::make_shared<SessionState>();
    state->strand = net::make_strand(impl.ioc);
    std::uint64_t id;
    {
      std::lock_guard lock(impl.sessions_mutex);
      id = impl.next_session++;
      impl.sessions.emplace(id, state);
    }
    net::co_spawn(state->strand, session(impl, std::move(socket), state, id), net::detached);
  }
}

void schedule_heartbeat(Server::Impl& impl) {
  impl.heartbeat_timer.expires_after(impl.heartbeat_every);
  impl.heartbeat_timer.async_wait([&impl](const boost::system::error_code& ec) {
    if (ec || impl.stopped) return;
    try {
      impl.heartbeat();
    } catch (...) {
    }
    schedule_heartbeat(impl);
  });
}

// Mozilla "intermediate" (TLS 1.2 suites; TLS 1.3 keeps OpenSSL's three defaults).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";

std::shared_ptr<net::ssl::context> make_tls_context(const std::string& cert, const std::string& key) {
  auto ctx = std::make_shared<net::ssl::context>(net::ssl::context::tls_server);
  ctx->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                   net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1 ||
      SSL_CTX_set_ciphersuites(native, "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256") != 1)
    throw std::runtime_error("TLS: the cipher list was refused by OpenSSL");
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(cert, ec);
  if (ec) throw std::runtime_error("TLS: cannot use the certificate '" + cert + "': " + ec.message());
  ctx->use_private_key_file(key, net::ssl::context::pem, ec);
  if (ec) throw std::runtime_error("TLS: cannot use the private key '" + key + "': " + ec.message());
  if (SSL_CTX_check_private_key(native) != 1)
    throw std::runtime_error("TLS: the private key '" + key + "' does not match the certificate '" + cert + "'");
  return ctx;
}

}  // namespace

Server::Server(std::string host, unsigned short port, ServerLimits limits, Handler handler, Observer observer)
    : impl_(std::make_unique<Impl>(std::move(host), port, std::move(limits), std::move(handler), std::move(observer))) {
}

Server::~Server() {
  stop();
  impl_->workers.join();
}

void Server::start() {
  if (!impl_->limits.tls_cert.empty() || !impl_->limits.tls_key.empty()) {
    if (impl_->limits.tls_cert.empty() || impl_->limits.tls_key.empty())
      throw std::runtime_error("TLS needs both server.tls_cert and server.tls_key");
    reload_tls();
  }
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

bool Server::tls() const { return impl_->current_tls() != nullptr; }

void Server::reload_tls() {
  auto ctx = make_tls_context(impl_->limits.tls_cert, impl_->limits.tls_key);
  std::lock_guard lock(impl_->tls_mutex);
  impl_->tls_ctx = std::move(ctx);
}

void Server::set_heartbeat(std::function<void()> beat, std::chrono::milliseconds every) {
  impl_->heartbeat = std::move(beat);
  impl_->heartbeat_every = std::max(every, std::chrono::milliseconds(10));
  net::post(impl_->ioc, [this] { schedule_heartbeat(*impl_); });
}

void Server::install_signal_handlers(std::function<void()> on_stopping, std::function<void()> on_reload) {
  impl_->on_stopping = std::move(on_stopping);
  impl_->on_reload = std::move(on_reload);
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.add(SIGHUP);
  arm_signals();
}

void Server::arm_signals() {
  impl_->signals.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    auto call = [](const std::function<void()>& f) {
      if (!f) return;
      try {
        f();
      } catch (...) {
      }
    };
    if (signo == SIGHUP) {
      call(impl_->on_reload);
      arm_signals();
      return;
    }
    call(impl_->on_stopping);
    drain();
  });
}

void Server::run() {
  for (unsigned i = 1; i < impl_->limits.io_threads; ++i) impl_->io_threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : impl_->io_threads) t.join();
  impl_->io_threads.clear();
}

void Server::drain() {
  net::post(impl_->ioc, [this] {
    if (impl_->draining.exchange(true)) return;
    boost::system::error_code ec;
    impl_->acceptor.close(ec);  // new connections are refused from now on
    // Idle keep-alive connections are closed on their strand; a request arriving or in flight
    // is answered first (with Connection: close).
    std::vector<std::shared_ptr<SessionState>> open;
    {
      std::lock_guard lock(impl_->sessions_mutex);
      for (auto& [id, s] : impl_->sessions) open.push_back(s);
    }
    for (auto& s : open)
      net::post(s->strand, [s] {
        if (s->socket && s->reading && !(s->parser_got_some && s->parser_got_some())) {
          boost::system::error_code ignored;
          s->socket->cancel(ignored);
        }
      });
    impl_->drain_timer.expires_after(seconds_to_ms(impl_->limits.drain_seconds));
    impl_->drain_timer.async_wait([this](const boost::system::error_code& e) {
      if (!e) finish(*impl_);
    });
    finish_if_drained(*impl_);
  });
}

void Server::stop() { finish(*impl_); }

}  // namespace mc::http
