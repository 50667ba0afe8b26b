-- 0012: on PostgreSQL the register's family_name and birth_date compare bytes (COLLATE "C").
-- SQLite's default collation (BINARY) already compares bytes: nothing to do.
SELECT 1;
