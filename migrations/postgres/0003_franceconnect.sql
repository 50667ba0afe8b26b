-- 0003: FranceConnect sign-in (SPEC §5).
-- The same change as migrations/sqlite/0003_franceconnect.sql, in PostgreSQL types.
CREATE TABLE franceconnect_flows (
  id_hash TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('login', 'logout')),
  state TEXT NOT NULL,
  nonce TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX franceconnect_flows_by_expiry ON franceconnect_flows(expires_at);

CREATE INDEX register_by_birth_date ON register_entries(birth_date);

ALTER TABLE accounts ADD COLUMN franceconnect_linked_at BIGINT;
