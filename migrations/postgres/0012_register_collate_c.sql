-- 0012: the register's secondary index keys compare bytes (COLLATE "C") instead of the database's
-- collation: family_name is matched for equality (through lower(), which the queries keep under
-- the database's collation) and birth_date is an ISO date (byte order is date order). Building
-- their indexes (the first load of a national register) sorts bytes, several times faster. The
-- columns' values do not change; the two indexes are rebuilt (no table rewrite).
ALTER TABLE register_entries ALTER COLUMN family_name TYPE TEXT COLLATE "C",
  ALTER COLUMN birth_date TYPE TEXT COLLATE "C";
