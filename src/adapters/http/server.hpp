#pragma once
// HTTP/1.1 server on Boost.Beast: one coroutine per connection with the loop in plain sight
// (timeout, read, handle, write, keep-alive); limits enforced at the socket.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "adapters/http/message.hpp"

namespace mc::http {

struct ServerLimits {
  std::size_t header_bytes = 8 * 1024;
  std::size_t body_bytes = 64 * 1024;
  double request_timeout_s = 15;  // whole request, headers and body (slow clients)
  double keep_alive_timeout_s = 30;
  unsigned io_threads = 1;
  unsigned worker_threads = 8;  // handlers (storage, hashing waits) run here, never on I/O threads
  bool trust_forwarded_for = false;
  // SIGTERM: stop accepting, let requests in flight finish, close idle connections; stop anyway
  // after this long.
  double drain_seconds = 10;
  // TLS without a proxy (PEM files; both empty = plain HTTP). TLS 1.2 and 1.3 only, Mozilla
  // "intermediate" ciphers; re-read on reload_tls() (SIGHUP) for new connections.
  std::string tls_cert;
  std::string tls_key;
  // The service is public over https (public.base_url): the server's own answers (400, 408, 413,
  // 431 before any route, 500 when a handler throws) carry HSTS like every other response, even
  // behind a proxy that speaks plain HTTP to us. Over our own TLS they always do.
  bool https_public = false;
};

using Handler = std::function<Response(Request&)>;
// Called for every response, with the request (or its start line) and the time spent.
using Observer = std::function<void(const Request&, const Response&, double seconds)>;

class Server {
 public:
  Server(std::string host, unsigned short port, ServerLimits limits, Handler handler, Observer observer);
  ~Server();
  // Binds; throws std::runtime_error("cannot listen on …") with the reason.
  void start();
  unsigned short port() const;
  // Blocks until stop() (or SIGINT/SIGTERM when install_signal_handlers was called).
  void run();
  // Immediate stop: connections in flight are abandoned.
  void stop();
  // Graceful stop (SIGTERM, SIGINT): stop accepting, close idle keep-alive connections, let the
  // requests in flight be answered (with Connection: close), then stop; after
  // limits.drain_seconds stop anyway.
  void drain();
  // SIGTERM/SIGINT → on_stopping() then drain(); SIGHUP → reload_tls() then on_reload().
  void install_signal_handlers(std::function<void()> on_stopping = {}, std::function<void()> on_reload = {});
  // Re-reads limits.tls_cert / tls_key: new connections use the new certificate, open ones keep
  // theirs. Throws std::runtime_error (the files are unreadable or do not match) and keeps the
  // previous certificate then.
  void reload_tls();
  bool tls() const;
  // Called from the I/O loop every `every` while it runs (the systemd watchdog is fed from here,
  // so a stuck loop stops feeding it).
  void set_heartbeat(std::function<void()> beat, std::chrono::milliseconds every);

  struct Impl;  // public only so that the session coroutines in server.cpp can name it

 private:
  void arm_signals();
  std::unique_ptr<Impl> impl_;
};

}  // namespace mc::http
