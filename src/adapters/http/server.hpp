#pragma once
// HTTP/1.1 server on Boost.Beast: one coroutine per connection with the loop in plain sight
// (timeout, read, handle, write, keep-alive); limits enforced at the socket.
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
  void stop();
  void install_signal_handlers();

  struct Impl;  // public only so that the session coroutines in server.cpp can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace mc::http
