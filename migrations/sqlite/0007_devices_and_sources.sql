-- 0007: recognised devices (device trust) and per-source failure budgets (SPEC §3).
-- A device's lockout counter lives in lockouts under the key nir13 || '#' || id.
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  nir13 TEXT NOT NULL,
  label TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX devices_by_nir ON devices (nir13, last_seen_at);

-- One row per source that spent part of its budget: the GCRA "theoretical arrival time".
-- A row whose tat is in the past is a full bucket and is purged by the retention sweep.
CREATE TABLE source_budgets (
  key TEXT PRIMARY KEY,
  tat INTEGER NOT NULL
);

-- Sources refused for an empty budget, for the supervisors' page (never an account).
CREATE TABLE throttled_sources (
  key TEXT PRIMARY KEY,
  first_refused_at INTEGER NOT NULL,
  last_refused_at INTEGER NOT NULL,
  refusals INTEGER NOT NULL
);
CREATE INDEX throttled_sources_by_time ON throttled_sources (last_refused_at);
