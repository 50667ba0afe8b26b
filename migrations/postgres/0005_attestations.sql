-- 0005: attestations issued, so that a third party can check a short code.
CREATE TABLE attestations (
  short_code TEXT PRIMARY KEY,
  payload TEXT NOT NULL,
  nir13 TEXT NOT NULL,
  issued_at BIGINT NOT NULL
);
