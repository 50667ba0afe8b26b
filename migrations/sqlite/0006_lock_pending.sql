-- 0006: a lock placed by an attempt still being evaluated (see lockout::Record::lock_pending).
ALTER TABLE lockouts ADD COLUMN lock_pending INTEGER NOT NULL DEFAULT 0;
