-- 0004: the back office — staff accounts, the help queue, and the hash-chained audit log.
CREATE TABLE staff (
  login TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('conseiller', 'france_services', 'superviseur')),
  password_hash TEXT NOT NULL,
  totp_secret TEXT NOT NULL,
  last_totp_step INTEGER,  -- newest accepted step: a code is accepted once
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL DEFAULT ''
);

CREATE TABLE help_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reference TEXT NOT NULL UNIQUE,
  nir13 TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  phone TEXT NOT NULL,
  category TEXT NOT NULL,
  urgency INTEGER NOT NULL,  -- staff::urgency(category), 1 = most urgent
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  filed_by TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'resolved')),
  claimed_by TEXT NOT NULL DEFAULT '',
  claimed_at INTEGER,
  resolved_at INTEGER,
  outcome TEXT NOT NULL DEFAULT '',
  replied_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX help_requests_queue ON help_requests(status, urgency, created_at, id);

-- Append-only: the triggers refuse edits and deletions through SQL; the hash chain catches
-- anything done behind their back (docs/backoffice.md).
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
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
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- The newest entry, updated in the same transaction as each append (catches a truncated tail).
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
