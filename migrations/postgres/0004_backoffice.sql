-- 0004: the back office — staff accounts, the help queue, and the hash-chained audit log.
-- The same change as migrations/sqlite/0004_backoffice.sql, in PostgreSQL types.
CREATE TABLE staff (
  login TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('conseiller', 'france_services', 'superviseur')),
  password_hash TEXT NOT NULL,
  totp_secret TEXT NOT NULL,
  last_totp_step BIGINT,  -- newest accepted step: a code is accepted once
  active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL DEFAULT ''
);

CREATE TABLE help_requests (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  nir13 TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  phone TEXT NOT NULL,
  category TEXT NOT NULL,
  urgency INTEGER NOT NULL,  -- staff::urgency(category), 1 = most urgent
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  filed_by TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'resolved')),
  claimed_by TEXT NOT NULL DEFAULT '',
  claimed_at BIGINT,
  resolved_at BIGINT,
  outcome TEXT NOT NULL DEFAULT '',
  replied_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX help_requests_queue ON help_requests(status, urgency, created_at, id);

-- Append-only: the triggers refuse edits, deletions and TRUNCATE; the hash chain catches anything
-- done behind their back (docs/backoffice.md).
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  reason TEXT NOT NULL,
  evidence TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_by_subject ON audit_log(subject, seq);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- The newest entry. Every append locks this row (SELECT … FOR UPDATE) before reading it, which
-- serialises appends from all processes into one chain, and moves it in the same transaction.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
