#pragma once
// SQL both backends run as written: PostgreSQL's `$n` parameters, turned into SQLite's `?n` at
// compile time. Each statement is a static object, so SQLite's per-connection statement cache
// (keyed by the text's address) keeps working.
#include <cstddef>

namespace mc::storage::shared_sql {

template <std::size_t N>
struct Sql {
  char pg[N]{};
  char lite[N]{};
  constexpr Sql(const char (&text)[N]) {  // NOLINT: implicit on purpose (constexpr literals)
    for (std::size_t i = 0; i < N; ++i) {
      pg[i] = text[i];
      lite[i] = text[i] == '$' ? '?' : text[i];
    }
  }
};

// Codes: issuing one voids the member's open codes of the same purpose (one live code each).
inline constexpr Sql kVoidOpenCodes{
    "UPDATE codes SET voided_at = $3 WHERE nir13 = $1 AND purpose = $2 AND used_at IS NULL AND voided_at IS NULL"};
inline constexpr Sql kInsertCode{
    "INSERT INTO codes (nir13, purpose, channel, secret_hash, created_at, expires_at, detail)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)"};

// The sign-in attempt log: a member's attempt from a source, or a note the back office writes
// into the member's history (no source).
inline constexpr Sql kInsertAttempt{
    "INSERT INTO login_attempts (nir13, at, outcome, client_ip) VALUES ($1, $2, $3, $4)"};
inline constexpr Sql kInsertAttemptNote{
    "INSERT INTO login_attempts (nir13, at, outcome, client_ip) VALUES ($1, $2, $3, '')"};

// Devices.
inline constexpr Sql kFindDevice{
    "SELECT id, nir13, label, first_seen_at, last_seen_at FROM devices WHERE id = $1 AND nir13 = $2"};
inline constexpr Sql kListDevices{
    "SELECT id, nir13, label, first_seen_at, last_seen_at FROM devices WHERE nir13 = $1"
    " ORDER BY last_seen_at DESC, id LIMIT 50"};
inline constexpr Sql kUpsertDevice{
    "INSERT INTO devices (id, nir13, label, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)"
    " ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at, label = excluded.label"
    " WHERE devices.nir13 = excluded.nir13"};
// At most 20 recognised devices per account, the most recently seen: a client that never keeps
// its cookie (a script, a kiosk wiping its browser) would otherwise add one per sign-in.
inline constexpr Sql kPruneDevices{
    "DELETE FROM devices WHERE nir13 = $1 AND id NOT IN (SELECT id FROM devices WHERE nir13 = $1"
    " ORDER BY last_seen_at DESC, id LIMIT 20)"};
inline constexpr Sql kDeleteDevice{"DELETE FROM devices WHERE id = $1 AND nir13 = $2"};
inline constexpr Sql kDeleteDevicesExcept{"DELETE FROM devices WHERE nir13 = $1 AND id <> $2"};
// Device counters of one account: keys in [nir13 || '#', nir13 || '$').
inline constexpr Sql kDeleteDeviceCounter{"DELETE FROM lockouts WHERE nir13 = $1"};
inline constexpr Sql kDeleteDeviceCountersExcept{
    "DELETE FROM lockouts WHERE nir13 >= $1 AND nir13 < $2 AND nir13 <> $3"};
inline constexpr Sql kDeviceCounters{
    "SELECT nir13, failures, locked_until, permanently_locked, last_failure_at, lock_pending FROM lockouts"
    " WHERE nir13 >= $1 AND nir13 < $2"};
// Every counter of an account cleared (an advisor's unlock) or freed of its temporary lock (a
// completed reset); a permanent lock stays in the second case.
inline constexpr Sql kClearDeviceCounters{"DELETE FROM lockouts WHERE nir13 >= $1 AND nir13 < $2"};
inline constexpr Sql kLiftTemporaryDeviceLocks{
    "DELETE FROM lockouts WHERE nir13 >= $1 AND nir13 < $2 AND NOT permanently_locked"};

// Source budgets.
inline constexpr Sql kReadBudget{"SELECT tat FROM source_budgets WHERE key = $1"};
inline constexpr Sql kWriteBudget{
    "INSERT INTO source_budgets (key, tat) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET tat = excluded.tat"};
inline constexpr Sql kRecordRefusal{
    "INSERT INTO throttled_sources (key, first_refused_at, last_refused_at, refusals) VALUES ($1, $2, $2, 1)"
    " ON CONFLICT (key) DO UPDATE SET last_refused_at = excluded.last_refused_at,"
    " refusals = throttled_sources.refusals + 1,"
    " first_refused_at = CASE WHEN throttled_sources.last_refused_at < $3 THEN excluded.first_refused_at"
    " ELSE throttled_sources.first_refused_at END"};
inline constexpr Sql kThrottledSources{
    "SELECT t.key, t.first_refused_at, t.last_refused_at, t.refusals, COALESCE(b.tat, 0) FROM throttled_sources t"
    " LEFT JOIN source_budgets b ON b.key = t.key WHERE t.last_refused_at >= $1"
    " ORDER BY t.last_refused_at DESC LIMIT $2"};
// Retention, in batches of $2: full buckets, and refusals older than the supervisors' page shows.
inline constexpr Sql kPurgeBudgets{
    "DELETE FROM source_budgets WHERE key IN (SELECT key FROM source_budgets WHERE tat < $1 LIMIT $2)"};
// Idle lockout counters ($1 last failure before, $2 lock ended before): never a permanent lock.
inline constexpr Sql kPurgeCounters{
    "DELETE FROM lockouts WHERE nir13 IN (SELECT nir13 FROM lockouts WHERE last_failure_at < $1"
    " AND NOT permanently_locked AND (locked_until IS NULL OR locked_until < $2) LIMIT $3)"};
inline constexpr Sql kPurgeRefusals{
    "DELETE FROM throttled_sources WHERE key IN (SELECT key FROM throttled_sources WHERE last_refused_at < $1"
    " LIMIT $2)"};

// The member's sign-in history (ports/sign_in_history.hpp): only accounts get rows.
inline constexpr Sql kInsertSignIn{
    "INSERT INTO sign_in_history (attempt_id, nir13, at, outcome, channel, device_id, source)"
    " SELECT CAST($1 AS BIGINT), CAST($2 AS TEXT), CAST($3 AS BIGINT), CAST($4 AS TEXT), CAST($5 AS TEXT),"
    " CAST($6 AS TEXT), CAST($7 AS TEXT) WHERE EXISTS (SELECT 1 FROM accounts WHERE nir13 = CAST($2 AS TEXT))"};
inline constexpr Sql kSettleSignIn{"UPDATE sign_in_history SET outcome = $2 WHERE attempt_id = $1"};
inline constexpr Sql kListSignIns{
    "SELECT h.at, h.outcome, h.channel, h.device_id, h.source, COALESCE(d.label, '') FROM sign_in_history h"
    " LEFT JOIN devices d ON d.id = h.device_id AND d.nir13 = h.nir13 AND h.device_id <> ''"
    " WHERE h.nir13 = $1 AND h.at >= $2 ORDER BY h.at DESC, h.id DESC LIMIT 1000"};

// What is held about one member ("Mes données", ports/member_records.hpp): never the bodies, the
// code digests, the session identifiers or the attestation short codes.
inline constexpr Sql kMailsOf{
    "SELECT created_at, kind, subject, status, done_at FROM mail_outbox WHERE nir13 = $1 AND nir13 <> ''"
    " ORDER BY created_at DESC, id DESC LIMIT 500"};
inline constexpr Sql kCodesOf{
    "SELECT purpose, channel, created_at, expires_at, used_at, voided_at, failed_tries, detail FROM codes"
    " WHERE nir13 = $1 ORDER BY created_at DESC, id DESC LIMIT 500"};
inline constexpr Sql kAttestationsOf{
    "SELECT issued_at, payload FROM attestations WHERE nir13 = $1 ORDER BY issued_at DESC LIMIT 500"};
inline constexpr Sql kSessionsOf{
    "SELECT kind, auth_method, created_at, last_seen_at FROM sessions WHERE subject = $1 AND kind = 'member'"
    " ORDER BY last_seen_at DESC LIMIT 500"};

// attestation (sqlite_attestation.cpp, postgres_attestation.cpp).
inline constexpr Sql kRecord{
    "INSERT INTO attestations (short_code, payload, nir13, issued_at) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (short_code) DO NOTHING"};
inline constexpr Sql kFind{"SELECT payload FROM attestations WHERE short_code = $1"};

// backoffice (sqlite_backoffice.cpp, postgres_backoffice.cpp).
inline constexpr Sql kInsertStaff{
    "INSERT INTO staff (login, role, password_hash, totp_secret, last_totp_step, active, created_at, created_by)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (login) DO NOTHING"};
inline constexpr Sql kFindStaff{
    "SELECT login, role, password_hash, totp_secret, last_totp_step, active, created_at, created_by FROM staff"
    " WHERE login = $1"};
inline constexpr Sql kListStaff{
    "SELECT login, role, password_hash, totp_secret, last_totp_step, active, created_at, created_by FROM staff"
    " ORDER BY login"};
// Conditional: of two sign-ins with the same code, the second re-checks the new row and matches nothing.
inline constexpr Sql kAcceptStep{
    "UPDATE staff SET last_totp_step = $2 WHERE login = $1 AND (last_totp_step IS NULL OR last_totp_step < $2)"};
inline constexpr Sql kSetActive{"UPDATE staff SET active = $2 WHERE login = $1"};
inline constexpr Sql kEndStaffSessions{"DELETE FROM sessions WHERE subject = $1 AND kind = 'staff'"};
inline constexpr Sql kStaffExists{"SELECT 1 FROM staff WHERE login = $1"};
inline constexpr Sql kReactivate{
    "UPDATE accounts SET state = 'active', last_login_at = $2, inactivity_warned_at = NULL"
    " WHERE nir13 = $1 AND state IN ('inactive', 'active')"};
inline constexpr Sql kHead{"SELECT seq, hash FROM audit_head WHERE id = 1"};
inline constexpr Sql kInsertAudit{
    "INSERT INTO audit_log (seq, at, actor, role, action, subject, reason, evidence, details, prev_hash, hash)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"};
inline constexpr Sql kMoveHead{"UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1"};
inline constexpr Sql kAuditEntries{
    "SELECT seq, at, actor, role, action, subject, reason, evidence, details, prev_hash, hash FROM audit_log"
    " WHERE seq > $1 ORDER BY seq LIMIT $2"};
inline constexpr Sql kInsertHelp{
    "INSERT INTO help_requests (reference, nir13, birth_date, phone, category, urgency, body, created_at, filed_by)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
inline constexpr Sql kClaimHelp{
    "UPDATE help_requests SET status = 'claimed', claimed_by = $2, claimed_at = $3 WHERE reference = $1"
    " AND status = 'open'"};

// franceconnect (sqlite_franceconnect.cpp, postgres_franceconnect.cpp).
inline constexpr Sql kForgetExpired{"DELETE FROM franceconnect_flows WHERE expires_at <= $1"};
inline constexpr Sql kInsertFlow{
    "INSERT INTO franceconnect_flows (id_hash, purpose, state, nonce, created_at, expires_at)"
    " VALUES ($1, $2, $3, $4, $5, $6)"};
// One statement: of two concurrent consumers, only the one whose DELETE removed the row gets it.
inline constexpr Sql kConsumeFlow{
    "DELETE FROM franceconnect_flows WHERE id_hash = $1 RETURNING purpose, state, nonce, created_at, expires_at"};
inline constexpr Sql kBornOn{
    "SELECT nir13, sex, family_name, given_names, birth_date, birth_place_insee, birth_place_label, birth_country,"
    " address, postal_code, city, email, phone, organisme, vitale_serial, iban_last7, rights_from, rights_to, css, ald"
    " FROM register_entries WHERE birth_date = $1 ORDER BY nir13"};
inline constexpr Sql kBySub{"SELECT nir13 FROM accounts WHERE franceconnect_sub = $1"};
inline constexpr Sql kLink{"UPDATE accounts SET franceconnect_sub = $2, franceconnect_linked_at = $3 WHERE nir13 = $1"};

// import (sqlite_import.cpp, postgres_import.cpp).
inline constexpr Sql kRegisterEmpty{"SELECT NOT EXISTS (SELECT 1 FROM register_entries)"};
// Initial load: the secondary index is built once, after the rows are in (the same definition as
// migration 0003; migration 0013 dropped register_by_name, which no query used).
inline constexpr Sql kDropIndexes{"DROP INDEX IF EXISTS register_by_birth_date"};
inline constexpr Sql kCreateIndexes{"CREATE INDEX register_by_birth_date ON register_entries(birth_date)"};

// recovery (sqlite_recovery.cpp, postgres_recovery.cpp).
inline constexpr Sql kFindCodeByHash{
    "SELECT id, nir13, purpose, channel, secret_hash, created_at, expires_at, used_at, voided_at, failed_tries, detail"
    " FROM codes WHERE secret_hash = $1"};
inline constexpr Sql kFindOpenCode{
    "SELECT id, nir13, purpose, channel, secret_hash, created_at, expires_at, used_at, voided_at, failed_tries, detail"
    " FROM codes WHERE nir13 = $1 AND purpose = $2 AND used_at IS NULL AND voided_at IS NULL ORDER BY id DESC LIMIT 1"};
inline constexpr Sql kCodeFailure{
    "UPDATE codes SET failed_tries = failed_tries + 1 WHERE id = $1 RETURNING failed_tries"};
// The conditional update that makes a code single-use: of two concurrent transactions, the
// second waits for the first, re-checks `used_at IS NULL` on the new row version, and matches
// nothing.
inline constexpr Sql kConsume{
    "UPDATE codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND voided_at IS NULL AND expires_at > $2"
    " AND failed_tries < $3"};
inline constexpr Sql kSetPassword{"UPDATE accounts SET password_hash = $2 WHERE nir13 = $1"};
inline constexpr Sql kActivate{
    "UPDATE accounts SET state = 'active', last_login_at = NULL WHERE nir13 = $1 AND state = 'pending'"};
inline constexpr Sql kSetEmail{"UPDATE register_entries SET email = $2 WHERE nir13 = $1"};
// Contact details (account::ContactChange): an empty parameter keeps the stored value. Written
// by the member's own changes (AccountStore::update) and the advisors' (BackOfficeStore::apply).
inline constexpr Sql kUpdateContact{
    "UPDATE register_entries SET email = coalesce(nullif($2, ''), email), phone = coalesce(nullif($3, ''), phone),"
    " address = coalesce(nullif($4, ''), address), postal_code = coalesce(nullif($5, ''), postal_code),"
    " city = coalesce(nullif($6, ''), city) WHERE nir13 = $1"};
inline constexpr Sql kEmailUnverified{"UPDATE accounts SET email_verified = FALSE WHERE nir13 = $1"};
inline constexpr Sql kAccountExists{"SELECT 1 FROM accounts WHERE nir13 = $1"};
inline constexpr Sql kEndSessions{"DELETE FROM sessions WHERE subject = $1 AND kind = 'member' AND id_hash <> $2"};
inline constexpr Sql kInsertMail{
    "INSERT INTO mail_outbox (created_at, recipient, subject, text_body, html_body, kind, nir13, next_attempt_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $1)"};
inline constexpr Sql kInsertLetter{
    "INSERT INTO letter_outbox (created_at, kind, content, next_attempt_at) VALUES ($1, $2, $3, $1)"};
// Sent or given up: the body (links, codes) is wiped; the metadata stays for retention.outbox_days.
inline constexpr Sql kMailDone{
    "UPDATE mail_outbox SET status = 'sent', done_at = $2, attempts = attempts + 1, text_body = '', html_body = ''"
    " WHERE id = $1"};
inline constexpr Sql kLetterDone{
    "UPDATE letter_outbox SET status = 'sent', done_at = $2, file_name = $3, attempts = attempts + 1,"
    " content = '{\"wiped\":true}' WHERE id = $1"};
inline constexpr Sql kMailCounts{"SELECT status, count(*) FROM mail_outbox GROUP BY status"};
inline constexpr Sql kLetterCounts{"SELECT status, count(*) FROM letter_outbox GROUP BY status"};
inline constexpr Sql kHit{"INSERT INTO rate_hits (key, at) VALUES ($1, $2)"};
inline constexpr Sql kHitCount{"SELECT count(*) FROM rate_hits WHERE key = $1 AND at > $2"};
inline constexpr Sql kHitPrune{"DELETE FROM rate_hits WHERE key = $1 AND at <= $2"};
inline constexpr Sql kDeactivate{
    "UPDATE accounts SET state = 'inactive' WHERE state = 'active' AND coalesce(last_login_at, created_at) < $1"};
inline constexpr Sql kWarn{
    "UPDATE accounts SET inactivity_warned_at = $2 WHERE state = 'active' AND coalesce(last_login_at, created_at) < $1"
    " AND (inactivity_warned_at IS NULL OR inactivity_warned_at < coalesce(last_login_at, created_at)) RETURNING "
    "nir13"};

// retention (sqlite_retention.cpp, postgres_retention.cpp).
inline constexpr Sql kCodes{"DELETE FROM codes WHERE id IN (SELECT id FROM codes WHERE expires_at < $1 LIMIT $2)"};
inline constexpr Sql kAttempts{
    "DELETE FROM login_attempts WHERE id IN (SELECT id FROM login_attempts WHERE at < $1 LIMIT $2)"};
// Never a pending item; a given-up one counts from its creation (it has no done_at).
inline constexpr Sql kMails{
    "DELETE FROM mail_outbox WHERE id IN (SELECT id FROM mail_outbox WHERE (status = 'sent' AND done_at < $1)"
    " OR (status = 'failed' AND created_at < $1) LIMIT $2)"};
inline constexpr Sql kLetters{
    "DELETE FROM letter_outbox WHERE id IN (SELECT id FROM letter_outbox WHERE (status = 'sent' AND done_at < $1)"
    " OR (status = 'failed' AND created_at < $1) LIMIT $2)"};
inline constexpr Sql kSignIns{
    "DELETE FROM sign_in_history WHERE id IN (SELECT id FROM sign_in_history WHERE at < $1 LIMIT $2)"};

// store (sqlite_store.cpp, postgres_store.cpp).
inline constexpr Sql kFindMember{
    "SELECT r.nir13, r.sex, r.family_name, r.given_names, r.birth_date, r.birth_place_insee, r.birth_place_label,"
    " r.birth_country, r.address, r.postal_code, r.city, r.email, r.phone, r.organisme, r.vitale_serial,"
    " r.iban_last7, r.rights_from, r.rights_to, r.css, r.ald,"
    " o.code, o.regime, o.name, o.online_space, o.phone, o.address,"
    " a.nir13, a.state, a.password_hash, a.email_verified, a.created_at, a.last_login_at, a.franceconnect_sub"
    " FROM register_entries r JOIN organismes o ON o.code = r.organisme"
    " LEFT JOIN accounts a ON a.nir13 = r.nir13 WHERE r.nir13 = $1"};
inline constexpr Sql kReadLockout{
    "SELECT failures, locked_until, permanently_locked, last_failure_at, lock_pending FROM lockouts WHERE nir13 = $1"};
inline constexpr Sql kSetAttemptOutcome{"UPDATE login_attempts SET outcome = $2 WHERE id = $1"};
inline constexpr Sql kRecentAttempts{
    "SELECT at, outcome, client_ip FROM login_attempts WHERE nir13 = $1 ORDER BY id DESC LIMIT $2"};
inline constexpr Sql kMarkSignedIn{"UPDATE accounts SET last_login_at = $2 WHERE nir13 = $1"};
inline constexpr Sql kMarkSignedInRehash{"UPDATE accounts SET last_login_at = $2, password_hash = $3 WHERE nir13 = $1"};
inline constexpr Sql kSetState{"UPDATE accounts SET state = $2 WHERE nir13 = $1"};
inline constexpr Sql kCreateSession{
    "INSERT INTO sessions (id_hash, subject, kind, created_at, last_seen_at, csrf_token, auth_method,"
    " franceconnect_id_token) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
inline constexpr Sql kFindSession{
    "SELECT id_hash, subject, kind, created_at, last_seen_at, csrf_token, auth_method, franceconnect_id_token"
    " FROM sessions WHERE id_hash = $1"};
inline constexpr Sql kTouchSession{"UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1"};
inline constexpr Sql kDeleteSession{"DELETE FROM sessions WHERE id_hash = $1"};
inline constexpr Sql kDeleteSessionsOf{"DELETE FROM sessions WHERE subject = $1 AND kind = $2 AND id_hash <> $3"};
inline constexpr Sql kUpsertRegister{
    "INSERT INTO register_entries (nir13, sex, family_name, given_names, birth_date, birth_place_insee,"
    " birth_place_label, birth_country, address, postal_code, city, email, phone, organisme, vitale_serial,"
    " iban_last7, rights_from, rights_to, css, ald) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
    " $13, $14, $15, $16, $17, $18, $19, $20) ON CONFLICT (nir13) DO UPDATE SET sex = excluded.sex,"
    " family_name = excluded.family_name, given_names = excluded.given_names, birth_date = excluded.birth_date,"
    " birth_place_insee = excluded.birth_place_insee, birth_place_label = excluded.birth_place_label,"
    " birth_country = excluded.birth_country, address = excluded.address, postal_code = excluded.postal_code,"
    " city = excluded.city, email = excluded.email, phone = excluded.phone, organisme = excluded.organisme,"
    " vitale_serial = excluded.vitale_serial, iban_last7 = excluded.iban_last7,"
    " rights_from = excluded.rights_from, rights_to = excluded.rights_to, css = excluded.css, ald = excluded.ald"};

}  // namespace mc::storage::shared_sql
