#pragma once
// Test helper: a real SMTP server (tests/tools/smtp_sink.py, Debian python3-aiosmtpd) run as
// a child process on a free port, and Python's e-mail parser to read what it received.
// Header-only; needs nlohmann_json. The sink's path comes from the MC_SMTP_SINK compile
// definition or environment variable.
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "adapters/test_support/temp_dir.hpp"

namespace mc::mail::testing {

inline std::string sink_script() {
  if (const char* env = std::getenv("MC_SMTP_SINK")) return env;
#ifdef MC_SMTP_SINK
  return MC_SMTP_SINK;
#else
  return "tests/tools/smtp_sink.py";
#endif
}

// A TCP port on 127.0.0.1 that nothing listens on (free a moment ago).
inline int unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  (void)::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);  // a failure leaves port 0: no server there
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// A server on 127.0.0.1 that accepts connections and never says a word; ok() says whether it
// listens.
class SilentServer {
 public:
  SilentServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ok_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && ::listen(fd_, 8) == 0 &&
          ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
    port_ = ntohs(addr.sin_port);
  }
  ~SilentServer() {
    if (fd_ >= 0) ::close(fd_);
  }
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;
  bool ok() const { return ok_; }
  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
  bool ok_ = false;
};

using test_support::TempDir;

class SmtpSink {
 public:
  // `args`: extra options (--reject-rcpt, --fail-first, --auth …); `port` 0 = any free one.
  explicit SmtpSink(std::vector<std::string> args = {}, int port = 0) {
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
      error_ = "pipe failed";
      return;
    }
    std::vector<std::string> argv{"python3", sink_script(), "--port", std::to_string(port), "--dir",
                                  dir_.path().string(), "--watch-stdin"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;  // built before fork: the child may only call async-signal-safe functions
    cargv.reserve(argv.size() + 1);
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::execvp("python3", cargv.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    stdin_ = in[1];  // closing it (or our death) makes the sink exit
    // Wait for "ready PORT".
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{out[0], POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buf[256];
      const ssize_t n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    if (line.rfind("ready ", 0) != 0) {
      error_ = "smtp_sink did not start (is python3-aiosmtpd installed?): '" + line + "'";
      return;
    }
    port_ = std::stoi(line.substr(6));
  }

  ~SmtpSink() { stop(); }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  void stop() {
    if (stdin_ >= 0) ::close(stdin_), stdin_ = -1;
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
  }

  bool ok() const { return port_ > 0; }
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  const std::filesystem::path& dir() const { return dir_.path(); }

  // The received messages, in order of arrival (1.eml, 2.eml, …).
  std::vector<std::filesystem::path> messages() const {
    std::vector<std::pair<int, std::filesystem::path>> found;
    for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
      const auto name = e.path().filename().string();
      if (name.size() > 4 && name.ends_with(".eml") && std::isdigit(static_cast<unsigned char>(name[0])))
        found.emplace_back(std::stoi(name), e.path());
    }
    std::sort(found.begin(), found.end());
    std::vector<std::filesystem::path> out;
    out.reserve(found.size());
    for (auto& f : found) out.push_back(f.second);
    return out;
  }

  // Polls until `count` messages arrived; false after `timeout` (never an assertion on time).
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(20)) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (messages().size() < count) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  }

  // {from, to, subject (decoded), raw_subject, date, message_id, mime_version, content_type,
  //  text, html, parts, transfer_encodings, charsets} — see smtp_sink.py --decode.
  static nlohmann::json decode(const std::filesystem::path& eml) {
    const std::string cmd = "python3 '" + sink_script() + "' --decode '" + eml.string() + "'";
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return nullptr;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
    return nlohmann::json::parse(out, nullptr, false);
  }

  static nlohmann::json envelope(const std::filesystem::path& eml) {
    auto path = eml;
    path.replace_extension(".envelope.json");
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return nullptr;
    std::string s;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
    std::fclose(f);
    return nlohmann::json::parse(s, nullptr, false);
  }

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  int stdin_ = -1;
  int port_ = 0;
  std::string error_;
};

}  // namespace mc::mail::testing
