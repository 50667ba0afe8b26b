-- 0008: the retention sweep finds idle lockout counters (shadow counters of unknown NIRs above
-- all) by the time of their last failure, in batches, without scanning the table.
CREATE INDEX lockouts_by_last_failure ON lockouts (last_failure_at);
