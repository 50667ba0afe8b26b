-- 0012: the register's birth_date compares bytes (COLLATE "C") instead of the database's
-- collation: it is an ISO date (byte order is date order), only ever matched for equality or
-- ranges, so building its indexes (register_by_birth_date, and the second key of register_by_name,
-- at the first load of a national register) sorts bytes. The values do not change; the two
-- indexes are rebuilt (no table rewrite). family_name keeps the database's collation: it is
-- matched through lower(), whose case rules (É → é) come from the collation.
ALTER TABLE register_entries ALTER COLUMN birth_date TYPE TEXT COLLATE "C";
