-- 0009: messages members reported from the scam checker (issue 16), stored masked and only with
-- their consent, for advisors to label; unlabelled ones are purged by housekeeping (90 days).
CREATE TABLE scam_reports (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
  sender TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  verdict TEXT NOT NULL,  -- what the checker answered when the member reported it
  created_at BIGINT NOT NULL,
  label TEXT CHECK (label IN ('scam', 'legit')),  -- NULL until an advisor labels it
  labelled_by TEXT NOT NULL DEFAULT '',
  labelled_at BIGINT
);
CREATE INDEX scam_reports_queue ON scam_reports(label, id);
CREATE INDEX scam_reports_unlabelled_age ON scam_reports(created_at) WHERE label IS NULL;
