-- 0003: FranceConnect sign-in (SPEC §5).
-- A flow binds the `state` and `nonce` sent to FranceConnect to one browser (the hash of a random
-- cookie value) for a few minutes; it is deleted when used, so each is accepted once.
CREATE TABLE franceconnect_flows (
  id_hash TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('login', 'logout')),
  state TEXT NOT NULL,
  nonce TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX franceconnect_flows_by_expiry ON franceconnect_flows(expires_at);

-- The pivot identity is matched against the register rows born the same day.
CREATE INDEX register_by_birth_date ON register_entries(birth_date);

-- accounts.franceconnect_sub (0001) holds the link; when it was made is kept for advisors.
ALTER TABLE accounts ADD COLUMN franceconnect_linked_at INTEGER;
