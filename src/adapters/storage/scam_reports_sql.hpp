#pragma once
// SQL of the members' scam reports (migration 0009), shared by both backends ($n → ?n for SQLite).
#include "adapters/storage/shared_sql.hpp"

namespace mc::storage::scam_reports_sql {

using shared_sql::Sql;

inline constexpr Sql kInsert{
    "INSERT INTO scam_reports (channel, sender, subject, body, verdict, created_at) VALUES ($1, $2, $3, $4, $5, $6)"
    " RETURNING id"};
inline constexpr Sql kList{
    "SELECT id, channel, sender, subject, body, verdict, created_at, label, labelled_by, labelled_at FROM scam_reports"
    " WHERE (label IS NOT NULL) = $1 AND id > $2 ORDER BY id LIMIT $3"};
inline constexpr Sql kFind{
    "SELECT id, channel, sender, subject, body, verdict, created_at, label, labelled_by, labelled_at FROM scam_reports"
    " WHERE id = $1"};
inline constexpr Sql kLabel{
    "UPDATE scam_reports SET label = $2, labelled_by = $3, labelled_at = $4 WHERE id = $1 AND label IS NULL"};
inline constexpr Sql kDiscard{"DELETE FROM scam_reports WHERE id = $1"};
inline constexpr Sql kPurgeUnlabelled{
    "DELETE FROM scam_reports WHERE id IN (SELECT id FROM scam_reports WHERE label IS NULL AND created_at < $1 LIMIT $2)"};

}  // namespace mc::storage::scam_reports_sql
