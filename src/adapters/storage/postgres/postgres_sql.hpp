#pragma once
// The statements only PostgreSQL runs (those both backends run as written are in shared_sql.hpp), one
// namespace per file that runs them. With shared_sql.hpp this is every statement of the backend in
// two headers: what a migration changes is reviewed in one place, and a statement one file
// repeats from another is seen here. Each file names its own: `namespace sql = pg_sql::<area>`.

namespace mc::storage::pg_sql {

namespace backoffice {
// The member's register row is locked: two advisors acting on one member go one after the other.
constexpr const char* kMemberState =
    "SELECT a.state FROM register_entries r LEFT JOIN accounts a ON a.nir13 = r.nir13 WHERE r.nir13 = $1"
    " FOR UPDATE OF r";
constexpr const char* kLockIssuer = "SELECT pg_advisory_xact_lock(hashtextextended('issue:' || $1, 0))";
constexpr const char* kUpdateCivil =
    "UPDATE register_entries SET sex = coalesce(nullif($2, ''), sex), family_name = coalesce(nullif($3, ''), "
    "family_name),"
    " given_names = coalesce(nullif($4, ''), given_names), birth_date = coalesce(nullif($5, ''), birth_date),"
    " birth_place_insee = coalesce(nullif($6, ''), birth_place_insee),"
    " birth_place_label = coalesce(nullif($7, ''), birth_place_label),"
    " birth_country = coalesce(nullif($8, ''), birth_country) WHERE nir13 = $1";
constexpr const char* kCreatePending =
    "INSERT INTO accounts (nir13, state, password_hash, email_verified, created_at)"
    " VALUES ($1, 'pending', '', FALSE, $2) ON CONFLICT (nir13) DO NOTHING";
constexpr const char* kSearch =
    "SELECT r.nir13, r.family_name, r.given_names, r.birth_date, r.postal_code, r.city, a.nir13 IS NOT NULL"
    " FROM register_entries r LEFT JOIN accounts a ON a.nir13 = r.nir13"
    " WHERE lower(r.family_name) = lower($1) AND r.birth_date = $2 ORDER BY r.given_names, r.nir13 LIMIT $3";

constexpr const char* kLockHead = "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE";

constexpr const char* kHelpQueue =
    "SELECT id, reference, nir13, birth_date, phone, category, body, created_at, filed_by, status, claimed_by,"
    " claimed_at, resolved_at, outcome, replied_by FROM help_requests WHERE ($1 = '' OR status = $1)"
    " ORDER BY urgency, created_at, id LIMIT $2";
constexpr const char* kFindHelp =
    "SELECT id, reference, nir13, birth_date, phone, category, body, created_at, filed_by, status, claimed_by,"
    " claimed_at, resolved_at, outcome, replied_by FROM help_requests WHERE reference = $1";
constexpr const char* kResolveHelp =
    "UPDATE help_requests SET status = 'resolved', resolved_at = $4, outcome = $5, replied_by = $6"
    " WHERE reference = $1 AND status = 'claimed' AND (claimed_by = $2 OR $3::boolean)";
}  // namespace backoffice

namespace franceconnect {
// Two links of one sub at once (to two accounts) run one by one, so the check below cannot be
// passed by both; an advisory lock, as the sub may not be on any row yet.
constexpr const char* kLockSub = "SELECT pg_advisory_xact_lock(hashtextextended('fc-sub:' || $1, 0))";
}  // namespace franceconnect

namespace import {
#define MC_REGISTER_COLUMNS                                                                                         \
  "nir13, sex, family_name, given_names, birth_date, birth_place_insee, birth_place_label, birth_country, address," \
  " postal_code, city, email, phone, organisme, vitale_serial, iban_last7, rights_from, rights_to, css, ald"
// The import's own session: its statements may run longer than storage.wait_ms (a lock still
// may not be waited for longer than that).
// Sorts, groupings and index builds of millions of rows get memory (this session only); the
// first load's transaction waits, open, while account passwords are hashed.
constexpr const char* kSession =
    "SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0; SET work_mem = '64MB';"
    " SET maintenance_work_mem = '256MB'";
constexpr const char* kResetSession =
    "DROP TABLE IF EXISTS pg_temp.import_stage; DROP TABLE IF EXISTS pg_temp.import_keys;"
    " DROP TABLE IF EXISTS pg_temp.import_accounts; RESET statement_timeout;"
    " RESET idle_in_transaction_session_timeout; RESET work_mem; RESET maintenance_work_mem";
// First load: the register itself, and the keys with their line numbers beside it.
constexpr const char* kLockRegister = "LOCK TABLE register_entries IN ACCESS EXCLUSIVE MODE";
constexpr const char* kCopyRegister = "COPY register_entries (" MC_REGISTER_COLUMNS ") FROM STDIN";
constexpr const char* kCreateKeys =
    "DROP TABLE IF EXISTS pg_temp.import_keys; CREATE TEMP TABLE import_keys (line BIGINT NOT NULL, nir13 TEXT NOT "
    "NULL)";
constexpr const char* kCopyKeys = "COPY pg_temp.import_keys (line, nir13) FROM STDIN";
constexpr const char* kKeyDuplicates =
    "SELECT nir13, min(line), max(line), count(*) FROM pg_temp.import_keys GROUP BY nir13 HAVING count(*) > 1"
    " ORDER BY min(line) LIMIT $1";
constexpr const char* kOrganismeExists = "SELECT EXISTS (SELECT 1 FROM organismes WHERE code = $1)";
constexpr const char* kCreateStage =
    "DROP TABLE IF EXISTS pg_temp.import_stage;"
    "CREATE TEMP TABLE import_stage (line BIGINT NOT NULL, nir13 TEXT NOT NULL, sex TEXT NOT NULL,"
    " family_name TEXT NOT NULL, given_names TEXT NOT NULL, birth_date TEXT NOT NULL, birth_place_insee TEXT NOT NULL,"
    " birth_place_label TEXT NOT NULL, birth_country TEXT NOT NULL, address TEXT NOT NULL, postal_code TEXT NOT NULL,"
    " city TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL, organisme TEXT NOT NULL, vitale_serial TEXT NOT "
    "NULL,"
    " iban_last7 TEXT NOT NULL, rights_from TEXT NOT NULL, rights_to TEXT NOT NULL, css BOOLEAN NOT NULL,"
    " ald BOOLEAN NOT NULL)";
constexpr const char* kCopy = "COPY pg_temp.import_stage (line, " MC_REGISTER_COLUMNS ") FROM STDIN";
constexpr const char* kIndexStage =
    "CREATE INDEX import_stage_nir ON pg_temp.import_stage (nir13 COLLATE \"C\", line); ANALYZE pg_temp.import_stage";
constexpr const char* kDuplicates =
    "SELECT nir13, min(line), max(line), count(*) FROM pg_temp.import_stage GROUP BY nir13 HAVING count(*) > 1"
    " ORDER BY min(line) LIMIT $1";
constexpr const char* kUpsertOrganisme =
    "INSERT INTO organismes (code, regime, name, online_space, phone, address) VALUES ($1, $2, $3, $4, $5, $6)"
    " ON CONFLICT (code) DO UPDATE SET regime = excluded.regime, name = excluded.name,"
    " online_space = excluded.online_space, phone = excluded.phone, address = excluded.address"
    " WHERE (organismes.regime, organismes.name, organismes.online_space, organismes.phone, organismes.address)"
    " IS DISTINCT FROM (excluded.regime, excluded.name, excluded.online_space, excluded.phone, excluded.address)";
// The first load's foreign key (dropped while the rows go in, added back after).
constexpr const char* kOrganismeForeignKey =
    "SELECT quote_ident(conname) FROM pg_constraint WHERE conrelid = 'register_entries'::regclass AND contype = 'f'"
    " AND confrelid = 'organismes'::regclass";
// The first load's primary key, and the foreign keys naming it (dropped, then re-created from
// their own definitions).
constexpr const char* kPrimaryKey =
    "SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint"
    " WHERE conrelid = 'register_entries'::regclass AND contype = 'p'";
constexpr const char* kReferencingKeys =
    "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint"
    " WHERE confrelid = 'register_entries'::regclass AND contype = 'f' ORDER BY conrelid, conname";
// Sync: key ranges (byte order) of the staged rows.
constexpr const char* kBatchEnd =
    "SELECT max(nir13 COLLATE \"C\") FROM (SELECT nir13 FROM pg_temp.import_stage WHERE nir13 COLLATE \"C\" > $1"
    " ORDER BY nir13 COLLATE \"C\" LIMIT $2) b";
#define MC_RANGE " s.nir13 COLLATE \"C\" > $1 AND s.nir13 COLLATE \"C\" <= $2"
constexpr const char* kCountNew = "SELECT count(*) FROM pg_temp.import_stage s WHERE" MC_RANGE
                                  " AND NOT EXISTS (SELECT 1 FROM register_entries r WHERE r.nir13 = s.nir13)";
constexpr const char* kCountEmailChanges =
    "SELECT count(*) FROM pg_temp.import_stage s JOIN register_entries r ON r.nir13 = s.nir13 WHERE" MC_RANGE
    " AND r.email <> s.email";
// Links and codes sent by e-mail to an address the register no longer has: void.
constexpr const char* kVoidEmailCodes =
    "UPDATE codes SET voided_at = $3 WHERE channel = 'email' AND used_at IS NULL AND voided_at IS NULL"
    " AND nir13 IN (SELECT s.nir13 FROM pg_temp.import_stage s JOIN register_entries r ON r.nir13 = s.nir13"
    " WHERE" MC_RANGE " AND r.email <> s.email)";
constexpr const char* kMergeRange =
    "INSERT INTO register_entries AS t (" MC_REGISTER_COLUMNS ") SELECT " MC_REGISTER_COLUMNS
    " FROM pg_temp.import_stage s WHERE" MC_RANGE
    " ORDER BY nir13"
    " ON CONFLICT (nir13) DO UPDATE SET sex = excluded.sex, family_name = excluded.family_name,"
    " given_names = excluded.given_names, birth_date = excluded.birth_date,"
    " birth_place_insee = excluded.birth_place_insee, birth_place_label = excluded.birth_place_label,"
    " birth_country = excluded.birth_country, address = excluded.address, postal_code = excluded.postal_code,"
    " city = excluded.city, email = excluded.email, phone = excluded.phone, organisme = excluded.organisme,"
    " vitale_serial = excluded.vitale_serial, iban_last7 = excluded.iban_last7, rights_from = excluded.rights_from,"
    " rights_to = excluded.rights_to, css = excluded.css, ald = excluded.ald"
    " WHERE (t.sex, t.family_name, t.given_names, t.birth_date, t.birth_place_insee, t.birth_place_label,"
    " t.birth_country, t.address, t.postal_code, t.city, t.email, t.phone, t.organisme, t.vitale_serial,"
    " t.iban_last7, t.rights_from, t.rights_to, t.css, t.ald) IS DISTINCT FROM (excluded.sex, excluded.family_name,"
    " excluded.given_names, excluded.birth_date, excluded.birth_place_insee, excluded.birth_place_label,"
    " excluded.birth_country, excluded.address, excluded.postal_code, excluded.city, excluded.email, excluded.phone,"
    " excluded.organisme, excluded.vitale_serial, excluded.iban_last7, excluded.rights_from, excluded.rights_to,"
    " excluded.css, excluded.ald)";
// The accounts file, staged after the register (checked and hashed a chunk at a time, sent with
// COPY into a TEMP table), applied set-based. A birth date is looked up among the rows just
// loaded (first load: register_entries, its primary key back) or staged (sync: import_stage).
constexpr const char* kCreateAccounts =
    "DROP TABLE IF EXISTS pg_temp.import_accounts;"
    "CREATE TEMP TABLE import_accounts (line BIGINT NOT NULL, nir13 TEXT NOT NULL, state TEXT NOT NULL,"
    " password_hash TEXT NOT NULL, email_verified BOOLEAN NOT NULL, last_login_at BIGINT, failures INTEGER NOT NULL,"
    " locked_until BIGINT, permanently_locked BOOLEAN NOT NULL, last_failure_at BIGINT)";
constexpr const char* kCopyAccounts =
    "COPY pg_temp.import_accounts (line, nir13, state, password_hash, email_verified, last_login_at, failures,"
    " locked_until, permanently_locked, last_failure_at) FROM STDIN";
constexpr const char* kLoadedBirthDates =
    "SELECT nir13, birth_date FROM register_entries WHERE nir13 = ANY ($1::text[])";
constexpr const char* kStagedBirthDates =
    "SELECT nir13, birth_date FROM pg_temp.import_stage WHERE nir13 COLLATE \"C\" = ANY ($1::text[])";
constexpr const char* kAccountDuplicates =
    "SELECT nir13, min(line), max(line), count(*) FROM pg_temp.import_accounts GROUP BY nir13 HAVING count(*) > 1"
    " ORDER BY min(line) LIMIT $1";
constexpr const char* kApplyAccounts =
    "INSERT INTO accounts (nir13, state, password_hash, email_verified, created_at, last_login_at)"
    " SELECT nir13, state, password_hash, email_verified, $1, last_login_at FROM pg_temp.import_accounts"
    " ORDER BY nir13 ON CONFLICT (nir13) DO UPDATE SET state = excluded.state,"
    " password_hash = excluded.password_hash, email_verified = excluded.email_verified,"
    " last_login_at = excluded.last_login_at";
constexpr const char* kApplyLockouts =
    "INSERT INTO lockouts (nir13, failures, locked_until, permanently_locked, last_failure_at)"
    " SELECT nir13, failures, locked_until, permanently_locked, last_failure_at FROM pg_temp.import_accounts"
    " ORDER BY nir13 ON CONFLICT (nir13) DO UPDATE SET failures = excluded.failures,"
    " locked_until = excluded.locked_until, permanently_locked = excluded.permanently_locked,"
    " last_failure_at = excluded.last_failure_at, lock_pending = FALSE";
#undef MC_RANGE
#undef MC_REGISTER_COLUMNS
}  // namespace import

namespace recovery {
constexpr const char* kInsertCodeReturningId =
    "INSERT INTO codes (nir13, purpose, channel, secret_hash, created_at, expires_at, detail)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
constexpr const char* kCreatePending =
    "INSERT INTO accounts (nir13, state, password_hash, email_verified, created_at)"
    " VALUES ($1, 'pending', '', FALSE, $2) ON CONFLICT (nir13) DO NOTHING";
// Two issues for one member at once would each void only the older codes and leave two open
// ones: issues for one NIR take this lock and run one by one. An advisory lock rather than a row
// lock, so that it cannot form a cycle with a redeem holding the code's row.
constexpr const char* kLockIssuer = "SELECT pg_advisory_xact_lock(hashtextextended('issue:' || $1, 0))";
constexpr const char* kEmailVerified = "UPDATE accounts SET email_verified = TRUE WHERE nir13 = $1";
// SKIP LOCKED: workers in several processes each take a different due row instead of queueing
// on the same one; the outer `next_attempt_at <= $1` makes a row claimed meanwhile match nothing.
constexpr const char* kClaimMail =
    "UPDATE mail_outbox SET next_attempt_at = $2 WHERE id = (SELECT id FROM mail_outbox WHERE status = 'pending'"
    " AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
    " AND status = 'pending' AND next_attempt_at <= $1"
    " RETURNING id, recipient, subject, text_body, html_body, kind, attempts";
constexpr const char* kClaimLetter =
    "UPDATE letter_outbox SET next_attempt_at = $2 WHERE id = (SELECT id FROM letter_outbox WHERE status = 'pending'"
    " AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
    " AND status = 'pending' AND next_attempt_at <= $1 RETURNING id, content, attempts";
constexpr const char* kMailFailed =
    "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3,"
    " status = CASE WHEN $4::boolean THEN 'failed' ELSE status END,"
    " text_body = CASE WHEN $4::boolean THEN '' ELSE text_body END,"
    " html_body = CASE WHEN $4::boolean THEN '' ELSE html_body END WHERE id = $1";
constexpr const char* kLetterFailed =
    "UPDATE letter_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3,"
    " status = CASE WHEN $4::boolean THEN 'failed' ELSE status END,"
    " content = CASE WHEN $4::boolean THEN '{\"wiped\":true}' ELSE content END WHERE id = $1";
// Hits on one key are counted one transaction at a time, or two concurrent hits could each miss
// the other's uncommitted row and both pass a limit of one.
constexpr const char* kLockKey = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";
}  // namespace recovery

namespace retention {
constexpr const char* kSessions =
    "DELETE FROM sessions WHERE id_hash IN (SELECT id_hash FROM sessions WHERE created_at < $1 OR last_seen_at < $2"
    " LIMIT $3)";
constexpr const char* kRateHits =
    "DELETE FROM rate_hits WHERE ctid IN (SELECT ctid FROM rate_hits WHERE at < $1 LIMIT $2)";
// Attempts on NIRs the register does not know (what a spray leaves): once their shadow counter
// may be forgotten (counters_idle_before) they no longer matter to anyone. Walked in ranges of
// ids (the log's key), so members' older attempts, kept longer, are read once, not per batch.
constexpr const char* kUnknownAttemptsEnd =
    "SELECT max(id) FROM (SELECT id FROM login_attempts WHERE id > $1 AND at < $2 ORDER BY id LIMIT $3) b";
constexpr const char* kUnknownAttempts =
    "DELETE FROM login_attempts a WHERE a.id > $1 AND a.id <= $2 AND a.at < $3"
    " AND NOT EXISTS (SELECT 1 FROM register_entries r WHERE r.nir13 = a.nir13)";
}  // namespace retention

namespace storage {
// Several processes may start at once: the first to take this lock migrates, the others wait
// and then find nothing to do. The key is arbitrary but fixed ("MC01").
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(1296248881)";
constexpr const char* kCreateMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";
constexpr const char* kMigrationApplied = "SELECT 1 FROM schema_migrations WHERE version = $1";
constexpr const char* kRecordMigration =
    "INSERT INTO schema_migrations (version, name, applied_at)"
    " VALUES ($1, $2, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)";
}  // namespace storage

namespace store {
// Byte order, as SQLite sorts: both backends list the organismes the same way.
constexpr const char* kListOrganismes =
    "SELECT code, regime, name, online_space, phone, address FROM organismes ORDER BY name COLLATE \"C\", code";
// The row lock serialises every read-modify-write of one NIR's counter across processes.
constexpr const char* kLockLockout =
    "SELECT failures, locked_until, permanently_locked, last_failure_at, lock_pending FROM lockouts WHERE nir13 = $1"
    " FOR UPDATE";
// First attempt on a NIR: create the row so that there is something to lock. DO NOTHING when a
// concurrent transaction created it first (it waits for that one to commit).
constexpr const char* kCreateLockout =
    "INSERT INTO lockouts (nir13, failures, permanently_locked) VALUES ($1, 0, FALSE) ON CONFLICT (nir13) DO NOTHING";
constexpr const char* kUpdateLockout =
    "UPDATE lockouts SET failures = $2, locked_until = $3, permanently_locked = $4, last_failure_at = $5,"
    " lock_pending = $6 WHERE nir13 = $1";
constexpr const char* kWriteLockout =
    "INSERT INTO lockouts (nir13, failures, locked_until, permanently_locked, last_failure_at)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (nir13) DO UPDATE SET failures = excluded.failures,"
    " locked_until = excluded.locked_until, permanently_locked = excluded.permanently_locked,"
    " last_failure_at = excluded.last_failure_at, lock_pending = FALSE";
constexpr const char* kInsertAttemptReturning =
    "INSERT INTO login_attempts (nir13, at, outcome, client_ip) VALUES ($1, $2, $3, $4) RETURNING id";
constexpr const char* kUpsertOrganisme =
    "INSERT INTO organismes (code, regime, name, online_space, phone, address) VALUES ($1, $2, $3, $4, $5, $6)"
    " ON CONFLICT (code) DO UPDATE SET regime = excluded.regime, name = excluded.name,"
    " online_space = excluded.online_space, phone = excluded.phone, address = excluded.address";
constexpr const char* kUpsertAccount =
    "INSERT INTO accounts (nir13, state, password_hash, email_verified, created_at, last_login_at)"
    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (nir13) DO UPDATE SET state = excluded.state,"
    " password_hash = excluded.password_hash, email_verified = excluded.email_verified,"
    " last_login_at = excluded.last_login_at";
// Only primaries take writes: a server in recovery (a standby, or a former primary being
// rebuilt) must make this process unhealthy so the load balancer stops sending it sign-ins.
constexpr const char* kPing = "SELECT pg_is_in_recovery()";

}  // namespace store

}  // namespace mc::storage::pg_sql
