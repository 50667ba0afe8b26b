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

}  // namespace mc::storage::shared_sql
