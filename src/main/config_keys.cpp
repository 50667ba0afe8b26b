// Every configuration key, its default and what it does: the single source for the config
// loader, `moncompte config` and docs/configuration.md.
#include "main/config.hpp"

namespace mc::config {

const std::vector<KeyInfo>& keys() {
  static const std::vector<KeyInfo> k = {
      {"inactivity_months", "24", "number", "Months without sign-in after which an active account becomes inactive (SPEC §3)."},

      {"server.listen", "127.0.0.1:8080", "string", "Address and port to listen on (overridden by --listen)."},
      {"server.io_threads", "1", "integer", "Threads running the HTTP event loop."},
      {"server.worker_threads", "0", "integer", "Threads running handlers (storage, waits for hashing); 0 = hashing threads + queue + 4."},
      {"server.header_limit_bytes", "8192", "integer", "Largest accepted request header block (431 beyond)."},
      {"server.body_limit_bytes", "65536", "integer", "Largest accepted request body (413 beyond)."},
      {"server.request_timeout_seconds", "15", "number", "Time allowed to receive a whole request, idle keep-alive included (408 / close)."},
      {"server.trust_forwarded_for", "false", "bool", "Take the client address and scheme from X-Forwarded-For / X-Forwarded-Proto (behind nginx only)."},

      {"public.base_url", "http://127.0.0.1:8080", "string", "The service's own public address: every link in e-mails and letters starts with it."},

      {"password.argon2_t_cost", "2", "integer", "Argon2id iterations (OWASP minimum with 19 MiB: 2)."},
      {"password.argon2_m_cost_kib", "19456", "integer", "Argon2id memory in KiB (19 MiB)."},
      {"password.hashing_threads", "0", "integer", "Concurrent Argon2id computations; 0 = number of cores."},
      {"password.hashing_queue", "0", "integer", "Sign-ins allowed to wait for a hashing thread before 503 busy; 0 = as many as hashing threads."},

      {"lockout.temporary_minutes", "20", "number", "Length of the temporary lock after the 3rd consecutive failure."},
      {"lockout.failure_reset_hours", "0", "number", "Forget consecutive failures after this many hours without one; 0 = never (the seed's rule)."},

      {"session.idle_minutes", "20", "number", "Member sessions end after this long without activity."},
      {"session.absolute_hours", "8", "number", "Member sessions end this long after sign-in, whatever the activity."},
      {"session.staff_idle_minutes", "15", "number", "Staff sessions end after this long without activity."},
      {"session.cookie_secure", "auto", "string", "Secure cookie flag: auto (when the request came over TLS), always, never."},

      {"log.level", "info", "string", "trace, debug, info, warn, error."},
      {"log.format", "json", "string", "json (one object per line) or text."},
  };
  return k;
}

}  // namespace mc::config
