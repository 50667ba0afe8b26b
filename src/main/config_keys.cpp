// Every configuration key, its default and what it does: the single source for the config
// loader, `moncompte config` and docs/configuration.md.
#include "main/config.hpp"

namespace mc::config {

const std::vector<KeyInfo>& keys() {
  static const std::vector<KeyInfo> k = {
      {"clock.offset_file", "", "string", "Tests only: a file holding milliseconds added to the system clock, re-read whenever it changes, so that tests walk 20-minute locks without waiting. Leave empty in production."},
      {"inactivity_months", "24", "number", "Months without sign-in after which an active account becomes inactive (SPEC §3)."},

      {"server.listen", "127.0.0.1:8080", "string", "Address and port to listen on (overridden by --listen)."},
      {"server.io_threads", "1", "integer", "Threads running the HTTP event loop."},
      {"server.worker_threads", "0", "integer", "Threads running handlers (storage, waits for hashing); 0 = hashing threads + queue + 4."},
      {"server.header_limit_bytes", "8192", "integer", "Largest accepted request header block (431 beyond)."},
      {"server.body_limit_bytes", "65536", "integer", "Largest accepted request body (413 beyond)."},
      {"server.request_timeout_seconds", "15", "number", "Time allowed to receive a whole request, idle keep-alive included (408 / close)."},
      {"server.trust_forwarded_for", "false", "bool", "Take the client address and scheme from X-Forwarded-For / X-Forwarded-Proto (behind nginx only)."},
      {"server.drain_seconds", "10", "number", "On SIGTERM: stop accepting, let the requests in flight be answered for at most this long, then exit 0."},
      {"server.tls_cert", "", "string", "TLS without a proxy: PEM certificate chain (with server.tls_key; TLS 1.2 and 1.3 only). Re-read on SIGHUP. Empty: plain HTTP."},
      {"server.tls_key", "", "string", "TLS without a proxy: PEM private key of server.tls_cert. Re-read on SIGHUP."},

      {"storage.wait_ms", "3000", "integer", "Longest a request waits for the database (a lock held by another program, a server restarting) before it is answered 503 unavailable with Retry-After."},

      {"public.base_url", "http://127.0.0.1:8080", "string", "The service's own public address: every link in e-mails and letters starts with it."},

      {"password.argon2_t_cost", "2", "integer", "Argon2id iterations (OWASP minimum with 19 MiB: 2)."},
      {"password.argon2_m_cost_kib", "19456", "integer", "Argon2id memory in KiB (19 MiB)."},
      {"password.hashing_threads", "0", "integer", "Concurrent Argon2id computations; 0 = number of cores."},
      {"password.hashing_queue", "0", "integer", "Sign-ins allowed to wait for a hashing thread before 503 busy; 0 = as many as hashing threads."},
      {"password.reuse_argon2_memory", "true", "bool", "Verify in one reused Argon2id arena per hashing thread (argon2_m_cost_kib each, resident while in use) instead of fresh memory from libsodium on every sign-in."},
      {"password.arena_release_idle_seconds", "60", "number", "Give the arenas' memory back to the system after this long without a sign-in; 0 = keep it."},

      {"lockout.temporary_minutes", "20", "number", "Length of the temporary lock after the 3rd consecutive failure."},
      {"lockout.failure_reset_hours", "0", "number", "Forget consecutive failures after this many hours without one; 0 = never (the seed's rule)."},
      {"lockout.device_trust", "true", "bool", "Count failures per (account, device class): a recognised device keeps its own counter, so a stranger who knows a NIR locks only unknown devices (SPEC §3). false = the seed's per-account rule alone."},

      {"throttle.source_failures", "20", "integer", "Failed sign-ins a source (IPv4 address, IPv6 /64) may make across all accounts per window, refilled continuously; beyond, 429 before any account lookup or hashing."},
      {"throttle.window_minutes", "10", "number", "The window of throttle.source_failures (one failure comes back every window / budget)."},
      {"throttle.trusted_cidrs", "", "list", "Shared places (France Services, CPAM counters, carrier NAT) given throttle.trusted_source_failures instead, comma-separated CIDRs (10.0.0.0/8, 2001:db8::/32)."},
      {"throttle.trusted_source_failures", "1000", "integer", "Failure budget per window of a source within throttle.trusted_cidrs: larger, never unlimited (docs/configuration.md says how to size it)."},
      {"throttle.refusal_delay_ms", "1000", "integer", "A sign-in refused for a spent source budget (429) is answered after this delay, holding no thread: a flood of refused requests then costs the server next to nothing."},
      {"throttle.alarm_failures_per_minute", "300", "integer", "Wrong passwords across all accounts in one minute (per process) past which an attack_suspected event is logged; 0 = never."},

      {"reset.email_minutes", "30", "number", "Validity of the password-reset link sent by e-mail."},
      {"reset.postal_days", "15", "number", "Validity of the provisional code sent by post."},
      {"reset.counter_hours", "24", "number", "Validity of a provisional code handed at a counter."},
      {"activation.email_days", "15", "number", "Validity of the activation code sent by e-mail."},
      {"activation.email_verification_hours", "48", "number", "Validity of the link that confirms a new e-mail address."},
      {"abuse.requests_per_nir_per_hour", "5", "integer", "Reset/activation requests per NIR and hour; beyond, nothing more is sent (same answer)."},
      {"abuse.requests_per_ip_per_hour", "30", "integer", "Reset, activation, paper-attestation and help requests per source (IPv4 address, IPv6 /64) and hour, refilled continuously; beyond, 429 (trusted_cidrs get the same multiple as for sign-ins)."},

      {"smtp.url", "smtp://127.0.0.1:25", "string", "SMTP server for e-mails: smtp://host:port (STARTTLS when offered) or smtps://host:port."},
      {"smtp.username", "", "string", "SMTP AUTH user (empty: no authentication)."},
      {"smtp.password", "", "string", "SMTP AUTH password."},
      {"smtp.verify_tls", "true", "bool", "Check the SMTP server's certificate."},
      {"mail.from", "assurance-maladie@info.ameli.fr", "string", "Sender address of every e-mail."},
      {"mail.from_name", "Assurance Maladie", "string", "Sender display name."},
      {"outbox.letters_dir", "", "string", "Print outbox: one PDF per letter and manifest.jsonl, for the print house (empty: 'letters' next to the SQLite file, else var/letters)."},
      {"outbox.letters_keep_days", "14", "number", "Days a letter's PDF (which may hold a code) stays in the print outbox when the print house has not acknowledged it in acknowledged.jsonl; acknowledged ones go at the next maintenance sweep. The manifest line stays."},
      {"delivery.enabled", "true", "bool", "Run the e-mail and letter delivery worker in this process."},
      {"attestation.keys_dir", "", "string", "The service's keys, created on first start, mode 0600: ECDSA P-256 keys signing attestations , totp-secrets.key sealing staff TOTP secrets and device-cookie.key binding device cookies to accounts, secrets.key keying the stored reset links and codes, outbox.key sealing outbox bodies, log-pseudonym.key keying NIR pseudonyms in logs (empty: 'keys' next to the SQLite file, else var/keys)."},
      {"inactivity.sweep_minutes", "60", "number", "How often the maintenance sweep runs: inactivity (warning 30 days ahead, then deactivation) and retention."},

      {"retention.login_attempts_days", "365", "number", "Days the sign-in attempt log (shown to advisors) is kept."},
      {"retention.codes_days", "30", "number", "Days reset and activation codes are kept after they expire, used or not."},
      {"retention.idle_counters_days", "30", "number", "Days after which a lockout counter with no failure and no lock in force is forgotten (accounts, devices and unknown NIRs alike; never a permanent lock). Bounds what a spray over many NIRs leaves behind."},
      {"retention.outbox_days", "30", "number", "Days sent or abandoned e-mails and letters (links, printed codes) are kept. Pending ones are never removed."},

      {"franceconnect.enabled", "false", "bool", "Offer sign-in with FranceConnect (SPEC §5); then issuer, client_id and client_secret are required."},
      {"franceconnect.issuer", "", "string", "FranceConnect v2 issuer, e.g. https://oidc.franceconnect.gouv.fr/api/v2 (discovery is read below it)."},
      {"franceconnect.client_id", "", "string", "Client id registered with FranceConnect."},
      {"franceconnect.client_secret", "", "string", "Client secret registered with FranceConnect (sent as client_secret_post)."},
      {"franceconnect.redirect_uri", "", "string", "Registered callback; empty = public.base_url + /api/v1/franceconnect/callback."},
      {"franceconnect.post_logout_redirect_uri", "", "string", "Registered logout return; empty = public.base_url + /api/v1/franceconnect/logout-callback."},
      {"franceconnect.allowed_algs", "ES256,RS256", "list", "Signature algorithms accepted for the ID token and userinfo (ES256, RS256; pin the registered one)."},
      {"franceconnect.acr", "eidas1", "string", "eIDAS level requested (acr_values); the ID token's acr must be at least this."},
      {"franceconnect.allow_temporarily_locked", "true", "bool", "Let temporarily locked accounts sign in with FranceConnect (the lock itself is left as it is)."},
      {"franceconnect.flow_minutes", "10", "number", "Time allowed between the redirect to FranceConnect and its callback."},
      {"franceconnect.timeout_ms", "5000", "integer", "Timeout of each HTTP call to FranceConnect."},
      {"franceconnect.verify_tls", "true", "bool", "Check FranceConnect's TLS certificate (never turn off in production)."},
      {"franceconnect.allow_http", "false", "bool", "Accept http:// provider endpoints (offline test provider only)."},
      {"franceconnect.clock_skew_s", "60", "integer", "Clock difference tolerated on the tokens' exp and iat."},
      {"franceconnect.max_token_age_s", "600", "integer", "ID tokens issued longer ago than this are refused."},

      {"scam.extra_official_domains", "", "list", "More domains the scam checker treats as the insurer's own (comma-separated); the host of public.base_url always is."},

      {"session.idle_minutes", "20", "number", "Member sessions end after this long without activity."},
      {"session.absolute_hours", "8", "number", "Member sessions end this long after sign-in, whatever the activity."},
      {"session.staff_idle_minutes", "15", "number", "Staff sessions end after this long without activity."},
      {"session.cookie_secure", "auto", "string", "Secure cookies: auto (Secure with the __Host- prefix when public.base_url is https:// or the request came over TLS), always, never (plain HTTP development only); anything else refuses to start."},

      {"metrics.allow_cidrs", "127.0.0.0/8,::1/128", "list", "Sources that may read /metrics on the service's own address (comma-separated CIDRs); others get 403."},
      {"metrics.listen", "", "string", "HOST:PORT serving /metrics alone (e.g. an operators' network address); when set, the service's own address no longer answers /metrics."},

      {"log.level", "info", "string", "trace, debug, info, warn, error."},
      {"log.format", "json", "string", "json (one object per line) or text."},
  };
  return k;
}

}  // namespace mc::config
