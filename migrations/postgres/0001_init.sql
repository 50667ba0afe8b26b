-- 0001: the register, organismes, accounts, lockout counters, sign-in attempts, sessions.
-- The same change as migrations/sqlite/0001_init.sql, in PostgreSQL types: times are BIGINT
-- milliseconds since the Unix epoch (UTC), flags are BOOLEAN.
CREATE TABLE organismes (
  code TEXT PRIMARY KEY,
  regime TEXT NOT NULL,
  name TEXT NOT NULL,
  online_space TEXT NOT NULL,
  phone TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT ''
);

CREATE TABLE register_entries (
  nir13 TEXT PRIMARY KEY,
  sex TEXT NOT NULL,
  family_name TEXT NOT NULL,
  given_names TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  birth_place_insee TEXT NOT NULL,
  birth_place_label TEXT NOT NULL,
  birth_country TEXT NOT NULL,
  address TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  city TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  organisme TEXT NOT NULL REFERENCES organismes(code),
  vitale_serial TEXT NOT NULL,
  iban_last7 TEXT NOT NULL,
  rights_from TEXT NOT NULL,
  rights_to TEXT NOT NULL,
  css BOOLEAN NOT NULL,
  ald BOOLEAN NOT NULL
);
CREATE INDEX register_by_name ON register_entries(family_name, birth_date);

CREATE TABLE accounts (
  nir13 TEXT PRIMARY KEY REFERENCES register_entries(nir13),
  state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'inactive')),
  password_hash TEXT NOT NULL,
  email_verified BOOLEAN NOT NULL DEFAULT FALSE,
  created_at BIGINT NOT NULL,
  last_login_at BIGINT,
  franceconnect_sub TEXT UNIQUE
);

-- One row per NIR ever tried, account or not (shadow counters keep unknown NIRs indistinguishable).
-- Updated in place on every sign-in: a lower fillfactor leaves room for HOT updates.
CREATE TABLE lockouts (
  nir13 TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  locked_until BIGINT,
  permanently_locked BOOLEAN NOT NULL,
  last_failure_at BIGINT
) WITH (fillfactor = 80);

CREATE TABLE login_attempts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  nir13 TEXT NOT NULL,
  at BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  client_ip TEXT NOT NULL
);
CREATE INDEX login_attempts_by_nir ON login_attempts(nir13, id);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  csrf_token TEXT NOT NULL,
  auth_method TEXT NOT NULL,
  franceconnect_id_token TEXT NOT NULL DEFAULT ''
) WITH (fillfactor = 80);
CREATE INDEX sessions_by_subject ON sessions(subject, kind);
