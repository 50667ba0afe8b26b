-- 0010: the member's own sign-in history (issue 17 item 5), 90 days, purged by housekeeping.
-- Only accounts have rows (never an unknown NIR); the source is stored already masked (/24, /48).
CREATE TABLE sign_in_history (
  id BIGSERIAL PRIMARY KEY,
  attempt_id BIGINT,             -- login_attempts.id for a password sign-in (settled later)
  nir13 TEXT NOT NULL,
  at BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  channel TEXT NOT NULL,
  device_id TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL
);
CREATE INDEX sign_in_history_by_nir ON sign_in_history (nir13, at);
CREATE INDEX sign_in_history_by_at ON sign_in_history (at);
CREATE INDEX sign_in_history_by_attempt ON sign_in_history (attempt_id);
