-- 0012: on PostgreSQL the register's birth_date compares bytes (COLLATE "C"). SQLite's default
-- collation (BINARY) already compares bytes: nothing to do.
SELECT 1;
