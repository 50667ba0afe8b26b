-- 0013: register_by_name (family_name, birth_date) goes. No query can use it: the back office's
-- member search matches lower(family_name) on PostgreSQL and family_name COLLATE NOCASE on
-- SQLite (neither is the index's plain order) together with birth_date, which
-- register_by_birth_date serves; nothing else filters or sorts on family_name. It only cost every
-- register write, and at the first load of a national register it was the most expensive index
-- to build (a sort of a million names under the database's collation per million rows).
DROP INDEX IF EXISTS register_by_name;
