#pragma once
// The statements only SQLite runs (those both backends run as written are in shared_sql.hpp), one
// namespace per file that runs them. With shared_sql.hpp this is every statement of the backend in
// two headers: what a migration changes is reviewed in one place, and a statement one file
// repeats from another is seen here. Each file names its own: `namespace sql = sqlite_sql::<area>`.

namespace mc::storage::sqlite_sql {

namespace backoffice {
constexpr const char* kMemberState =
    "SELECT r.nir13, a.state FROM register_entries r LEFT JOIN accounts a ON a.nir13 = r.nir13 WHERE r.nir13 = ?1";
constexpr const char* kUpdateCivil =
    "UPDATE register_entries SET sex = coalesce(?2, sex), family_name = coalesce(?3, family_name),"
    " given_names = coalesce(?4, given_names), birth_date = coalesce(?5, birth_date),"
    " birth_place_insee = coalesce(?6, birth_place_insee), birth_place_label = coalesce(?7, birth_place_label),"
    " birth_country = coalesce(?8, birth_country) WHERE nir13 = ?1";
constexpr const char* kCreatePending =
    "INSERT INTO accounts (nir13, state, password_hash, email_verified, created_at) VALUES (?1, 'pending', '', 0, ?2)"
    " ON CONFLICT(nir13) DO NOTHING";
constexpr const char* kSearch =
    "SELECT r.nir13, r.family_name, r.given_names, r.birth_date, r.postal_code, r.city, a.nir13 IS NOT NULL"
    " FROM register_entries r LEFT JOIN accounts a ON a.nir13 = r.nir13"
    " WHERE r.family_name = ?1 COLLATE NOCASE AND r.birth_date = ?2 ORDER BY r.given_names, r.nir13 LIMIT ?3";

#define MC_HELP_COLUMNS                                                                                       \
  "SELECT id, reference, nir13, birth_date, phone, category, body, created_at, filed_by, status, claimed_by," \
  " claimed_at, resolved_at, outcome, replied_by FROM help_requests"
constexpr const char* kHelpQueue = MC_HELP_COLUMNS
    " WHERE (?1 IS NULL OR status = ?1)"
    " ORDER BY urgency, created_at, id LIMIT ?2";
constexpr const char* kFindHelp = MC_HELP_COLUMNS " WHERE reference = ?1";
#undef MC_HELP_COLUMNS
constexpr const char* kResolveHelp =
    "UPDATE help_requests SET status = 'resolved', resolved_at = ?4, outcome = ?5, replied_by = ?6"
    " WHERE reference = ?1 AND status = 'claimed' AND (claimed_by = ?2 OR ?3)";
}  // namespace backoffice

namespace import {
#define MC_REGISTER_COLUMNS                                                                                         \
  "nir13, sex, family_name, given_names, birth_date, birth_place_insee, birth_place_label, birth_country, address," \
  " postal_code, city, email, phone, organisme, vitale_serial, iban_last7, rights_from, rights_to, css, ald"
// The line (?1) then the register's 20 columns in MC_REGISTER_COLUMNS' order (bind_entry binds them).
#define MC_LINE_AND_REGISTER_VALUES \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"
constexpr const char* kCreateStage =
    "DROP TABLE IF EXISTS temp.import_stage;"
    "CREATE TEMP TABLE import_stage (line INTEGER NOT NULL, nir13 TEXT NOT NULL, sex TEXT NOT NULL,"
    " family_name TEXT NOT NULL, given_names TEXT NOT NULL, birth_date TEXT NOT NULL, birth_place_insee TEXT NOT NULL,"
    " birth_place_label TEXT NOT NULL, birth_country TEXT NOT NULL, address TEXT NOT NULL, postal_code TEXT NOT NULL,"
    " city TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL, organisme TEXT NOT NULL, vitale_serial TEXT NOT "
    "NULL,"
    " iban_last7 TEXT NOT NULL, rights_from TEXT NOT NULL, rights_to TEXT NOT NULL, css INTEGER NOT NULL,"
    " ald INTEGER NOT NULL)";
constexpr const char* kStage =
    "INSERT INTO temp.import_stage (line, " MC_REGISTER_COLUMNS ") " MC_LINE_AND_REGISTER_VALUES;
constexpr const char* kIndexStage = "CREATE INDEX temp.import_stage_nir ON import_stage (nir13, line)";
constexpr const char* kDuplicates =
    "SELECT nir13, min(line), max(line), count(*) FROM temp.import_stage GROUP BY nir13 HAVING count(*) > 1"
    " ORDER BY min(line) LIMIT ?1";
constexpr const char* kStagedRows = "SELECT count(*) FROM temp.import_stage";
constexpr const char* kUpsertOrganisme =
    "INSERT INTO organismes (code, regime, name, online_space, phone, address) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    " ON CONFLICT(code) DO UPDATE SET regime = excluded.regime, name = excluded.name,"
    " online_space = excluded.online_space, phone = excluded.phone, address = excluded.address"
    " WHERE (organismes.regime, organismes.name, organismes.online_space, organismes.phone, organismes.address)"
    " IS NOT (excluded.regime, excluded.name, excluded.online_space, excluded.phone, excluded.address)";
// First load into an empty register (SqliteFirstLoad): the rows appended in the file's order,
// rowid = line, so that a NIR's lines are its rows' rowids; the indexes built after them.
// The NIR's unique index (migration 0014); register_by_birth_date is shared_sql's kDropIndexes.
constexpr const char* kDropNirIndex = "DROP INDEX IF EXISTS register_by_nir";
constexpr const char* kAppendRow =
    "INSERT INTO register_entries (rowid, " MC_REGISTER_COLUMNS ") " MC_LINE_AND_REGISTER_VALUES;
constexpr const char* kCreateNirIndex = "CREATE UNIQUE INDEX register_by_nir ON register_entries(nir13)";
constexpr const char* kAppendedDuplicates =
    "SELECT nir13, min(rowid), max(rowid), count(*) FROM register_entries GROUP BY nir13 HAVING count(*) > 1"
    " ORDER BY 2 LIMIT ?1";
constexpr const char* kRegisterBirthDate = "SELECT birth_date FROM register_entries WHERE nir13 = ?1";
// Foreign keys are off during a first load (the organismes go in at apply()): checked before
// the commit, the register's once per organisme it names, the accounts' over their rows.
constexpr const char* kOrganismeExists = "SELECT 1 FROM organismes WHERE code = ?1";
constexpr const char* kAccountOrphans = "PRAGMA foreign_key_check(accounts)";
// Sync: one key range [?1, ?2] of the staged rows per write transaction.
constexpr const char* kBatchEnd =
    "SELECT max(nir13) FROM (SELECT nir13 FROM temp.import_stage WHERE nir13 > ?1 ORDER BY nir13 LIMIT ?2)";
constexpr const char* kCountNew =
    "SELECT count(*) FROM temp.import_stage s WHERE s.nir13 > ?1 AND s.nir13 <= ?2"
    " AND NOT EXISTS (SELECT 1 FROM register_entries r WHERE r.nir13 = s.nir13)";
constexpr const char* kCountEmailChanges =
    "SELECT count(*) FROM temp.import_stage s JOIN register_entries r ON r.nir13 = s.nir13"
    " WHERE s.nir13 > ?1 AND s.nir13 <= ?2 AND r.email <> s.email";
// Links and codes sent by e-mail to an address the register no longer has: void.
constexpr const char* kVoidEmailCodes =
    "UPDATE codes SET voided_at = ?3 WHERE channel = 'email' AND used_at IS NULL AND voided_at IS NULL"
    " AND nir13 IN (SELECT s.nir13 FROM temp.import_stage s JOIN register_entries r ON r.nir13 = s.nir13"
    " WHERE s.nir13 > ?1 AND s.nir13 <= ?2 AND r.email <> s.email)";
constexpr const char* kMergeRange =
    "INSERT INTO register_entries (" MC_REGISTER_COLUMNS ") SELECT " MC_REGISTER_COLUMNS
    " FROM temp.import_stage WHERE nir13 > ?1 AND nir13 <= ?2 ORDER BY nir13"
    " ON CONFLICT(nir13) DO UPDATE SET sex = excluded.sex, family_name = excluded.family_name,"
    " given_names = excluded.given_names, birth_date = excluded.birth_date,"
    " birth_place_insee = excluded.birth_place_insee, birth_place_label = excluded.birth_place_label,"
    " birth_country = excluded.birth_country, address = excluded.address, postal_code = excluded.postal_code,"
    " city = excluded.city, email = excluded.email, phone = excluded.phone, organisme = excluded.organisme,"
    " vitale_serial = excluded.vitale_serial, iban_last7 = excluded.iban_last7, rights_from = excluded.rights_from,"
    " rights_to = excluded.rights_to, css = excluded.css, ald = excluded.ald"
    " WHERE register_entries.sex IS NOT excluded.sex OR register_entries.family_name IS NOT excluded.family_name"
    " OR register_entries.given_names IS NOT excluded.given_names OR register_entries.birth_date IS NOT "
    "excluded.birth_date"
    " OR register_entries.birth_place_insee IS NOT excluded.birth_place_insee"
    " OR register_entries.birth_place_label IS NOT excluded.birth_place_label"
    " OR register_entries.birth_country IS NOT excluded.birth_country OR register_entries.address IS NOT "
    "excluded.address"
    " OR register_entries.postal_code IS NOT excluded.postal_code OR register_entries.city IS NOT excluded.city"
    " OR register_entries.email IS NOT excluded.email OR register_entries.phone IS NOT excluded.phone"
    " OR register_entries.organisme IS NOT excluded.organisme"
    " OR register_entries.vitale_serial IS NOT excluded.vitale_serial"
    " OR register_entries.iban_last7 IS NOT excluded.iban_last7"
    " OR register_entries.rights_from IS NOT excluded.rights_from OR register_entries.rights_to IS NOT "
    "excluded.rights_to"
    " OR register_entries.css IS NOT excluded.css OR register_entries.ald IS NOT excluded.ald";
// The accounts file, staged after the register (checked and hashed a chunk at a time), applied
// set-based. A birth date is looked up among the staged register rows (import_stage_nir; on a
// first load, the appended rows through register_by_nir).
constexpr const char* kCreateAccounts =
    "DROP TABLE IF EXISTS temp.import_accounts;"
    "CREATE TEMP TABLE import_accounts (line INTEGER NOT NULL, nir13 TEXT NOT NULL, state TEXT NOT NULL,"
    " password_hash TEXT NOT NULL, email_verified INTEGER NOT NULL, last_login_at INTEGER, failures INTEGER NOT NULL,"
    " locked_until INTEGER, permanently_locked INTEGER NOT NULL, last_failure_at INTEGER)";
constexpr const char* kStageAccount =
    "INSERT INTO temp.import_accounts (line, nir13, state, password_hash, email_verified, last_login_at, failures,"
    " locked_until, permanently_locked, last_failure_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* kStagedBirthDate = "SELECT birth_date FROM temp.import_stage WHERE nir13 = ?1 LIMIT 1";
constexpr const char* kAccountDuplicates =
    "SELECT nir13, min(line), max(line), count(*) FROM temp.import_accounts GROUP BY nir13 HAVING count(*) > 1"
    " ORDER BY min(line) LIMIT ?1";
// `WHERE true`: an upsert's SELECT needs a WHERE clause (SQLite's parsing ambiguity with ON).
constexpr const char* kApplyAccounts =
    "INSERT INTO accounts (nir13, state, password_hash, email_verified, created_at, last_login_at)"
    " SELECT nir13, state, password_hash, email_verified, ?1, last_login_at FROM temp.import_accounts WHERE true"
    " ORDER BY nir13 ON CONFLICT(nir13) DO UPDATE SET state = excluded.state,"
    " password_hash = excluded.password_hash, email_verified = excluded.email_verified,"
    " last_login_at = excluded.last_login_at";
constexpr const char* kApplyLockouts =
    "INSERT INTO lockouts (nir13, failures, locked_until, permanently_locked, last_failure_at, lock_pending)"
    " SELECT nir13, failures, locked_until, permanently_locked, last_failure_at, 0 FROM temp.import_accounts"
    " WHERE true ORDER BY nir13 ON CONFLICT(nir13) DO UPDATE SET failures = excluded.failures,"
    " locked_until = excluded.locked_until, permanently_locked = excluded.permanently_locked,"
    " last_failure_at = excluded.last_failure_at, lock_pending = excluded.lock_pending";
#undef MC_LINE_AND_REGISTER_VALUES
#undef MC_REGISTER_COLUMNS
}  // namespace import

namespace recovery {
constexpr const char* kCreatePending =
    "INSERT INTO accounts (nir13, state, password_hash, email_verified, created_at) VALUES (?1, 'pending', '', 0, ?2)"
    " ON CONFLICT(nir13) DO NOTHING";
constexpr const char* kEmailVerified = "UPDATE accounts SET email_verified = 1 WHERE nir13 = ?1";
constexpr const char* kClaimMail =
    "UPDATE mail_outbox SET next_attempt_at = ?2 WHERE id = (SELECT id FROM mail_outbox WHERE status = 'pending'"
    " AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT 1)"
    " RETURNING id, recipient, subject, text_body, html_body, kind, attempts";
constexpr const char* kClaimLetter =
    "UPDATE letter_outbox SET next_attempt_at = ?2 WHERE id = (SELECT id FROM letter_outbox WHERE status = 'pending'"
    " AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT 1) RETURNING id, content, attempts";
constexpr const char* kMailFailed =
    "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3,"
    " status = CASE WHEN ?4 THEN 'failed' ELSE status END,"
    " text_body = CASE WHEN ?4 THEN '' ELSE text_body END, html_body = CASE WHEN ?4 THEN '' ELSE html_body END WHERE "
    "id = ?1";
constexpr const char* kLetterFailed =
    "UPDATE letter_outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3,"
    " status = CASE WHEN ?4 THEN 'failed' ELSE status END,"
    " content = CASE WHEN ?4 THEN '{\"wiped\":true}' ELSE content END WHERE id = ?1";
}  // namespace recovery

namespace retention {
constexpr const char* kSessions =
    "DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions WHERE created_at < ?1 OR last_seen_at < ?2 LIMIT "
    "?3)";
constexpr const char* kRateHits =
    "DELETE FROM rate_hits WHERE rowid IN (SELECT rowid FROM rate_hits WHERE at < ?1 LIMIT ?2)";
// Attempts on NIRs the register does not know (what a spray leaves): once their shadow counter
// may be forgotten (counters_idle_before) they no longer matter to anyone. Walked in ranges of
// ids (the log's key), so members' older attempts, kept longer, are read once, not per batch.
constexpr const char* kUnknownAttemptsEnd =
    "SELECT max(id) FROM (SELECT id FROM login_attempts WHERE id > ?1 AND at < ?2 ORDER BY id LIMIT ?3)";
constexpr const char* kUnknownAttempts =
    "DELETE FROM login_attempts WHERE id > ?1 AND id <= ?2 AND at < ?3"
    " AND NOT EXISTS (SELECT 1 FROM register_entries r WHERE r.nir13 = login_attempts.nir13)";
}  // namespace retention

namespace store {
constexpr const char* kListOrganismes =
    "SELECT code, regime, name, online_space, phone, address FROM organismes ORDER BY name, code";
constexpr const char* kWriteLockout =
    "INSERT INTO lockouts (nir13, failures, locked_until, permanently_locked, last_failure_at, lock_pending)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(nir13) DO UPDATE SET failures = excluded.failures,"
    " locked_until = excluded.locked_until, permanently_locked = excluded.permanently_locked,"
    " last_failure_at = excluded.last_failure_at, lock_pending = excluded.lock_pending";
constexpr const char* kUpsertOrganisme =
    "INSERT INTO organismes (code, regime, name, online_space, phone, address) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    " ON CONFLICT(code) DO UPDATE SET regime = excluded.regime, name = excluded.name,"
    " online_space = excluded.online_space, phone = excluded.phone, address = excluded.address";
constexpr const char* kUpsertAccount =
    "INSERT INTO accounts (nir13, state, password_hash, email_verified, created_at, last_login_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(nir13) DO UPDATE SET state = excluded.state,"
    " password_hash = excluded.password_hash, email_verified = excluded.email_verified,"
    " last_login_at = excluded.last_login_at";
}  // namespace store

}  // namespace mc::storage::sqlite_sql
