-- 0002: single-use codes, durable e-mail and letter outboxes, abuse counters, inactivity notices.
-- The same change as migrations/sqlite/0002_recovery.sql, in PostgreSQL types.
CREATE TABLE codes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  nir13 TEXT NOT NULL,
  purpose TEXT NOT NULL,
  channel TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  voided_at BIGINT,
  failed_tries INTEGER NOT NULL DEFAULT 0,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX codes_open ON codes(nir13, purpose, id);

CREATE TABLE mail_outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at BIGINT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  done_at BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);

CREATE TABLE letter_outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  content TEXT NOT NULL,  -- JSON of outbox::Letter
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL DEFAULT '',
  done_at BIGINT
);
CREATE INDEX letter_outbox_due ON letter_outbox(status, next_attempt_at);

CREATE TABLE rate_hits (
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX rate_hits_by_key ON rate_hits(key, at);

ALTER TABLE accounts ADD COLUMN inactivity_warned_at BIGINT;
-- PostgreSQL only: the nightly inactivity pass reads active accounts by last activity; without
-- this index it would scan all 40 million rows.
CREATE INDEX accounts_idle ON accounts ((coalesce(last_login_at, created_at))) WHERE state = 'active';
