// The audit log: one entry per action, and `moncompte audit verify` exiting non-zero and naming
// the first broken entry when any row was edited, deleted or the tail cut (sqlite3 CLI).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join, dirname } from 'node:path';

import { PHONE, auditVerify, nir13, sql, staffClient, startServer, tempDir } from './env.mjs';

let db;
before(async () => {
  const server = await startServer();
  try {
    await fillLog(server);
  } finally {
    await server.stop();  // also when a step fails, or the run would wait on the service forever
  }
  db = server.db;
});

async function fillLog(server) {
  const c = await staffClient(server, 'conseil');
  for (let i = 0; i < 3; i++) await c.get(`/api/v1/staff/accounts/${nir13('active')}?reason=appel%20${i}`);
  await c.postJson(`/api/v1/staff/accounts/${nir13('locked')}/unlock`, { reason: 'Appel au 36 46', evidence: PHONE });
  const chef = await staffClient(server, 'chef');
  const exp = await chef.get('/api/v1/staff/audit/export?reason=contr%C3%B4le');
  assert.equal(exp.status, 200);
  assert.match(exp.headers.get('content-type'), /ndjson/);
  const lines = exp.text.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.at(-1).action, 'audit_export');
  for (let i = 1; i < lines.length; i++) assert.equal(lines[i].prev_hash, lines[i - 1].hash);
}

async function tampered(statement) {
  const file = join(tempDir(), 'copy.sqlite');
  copyFileSync(db, file);
  await sql(file, `DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; ${statement}`);
  return auditVerify(file);
}

test('an intact log verifies', async () => {
  const v = await auditVerify(db);
  assert.equal(v.code, 0, v.out);
  const count = Number(await sql(db, 'SELECT count(*) FROM audit_log'));
  assert.ok(count >= 10, `${count} entries`);  // 3 staff add, sign-ins, look-ups, unlock, export
  assert.match(v.out, new RegExp(`${count} entries`));
});

test('the triggers refuse edits and deletions through SQL', async () => {
  await assert.rejects(sql(db, "UPDATE audit_log SET reason = 'x' WHERE seq = 1"), /append-only/);
  await assert.rejects(sql(db, 'DELETE FROM audit_log WHERE seq = 1'), /append-only/);
});

test('editing any column of any row is named by verify', async () => {
  const count = Number(await sql(db, 'SELECT count(*) FROM audit_log'));
  const edits = {
    at: 'at = at + 1', actor: "actor = actor || 'x'", role: "role = role || 'x'", action: "action = action || 'x'",
    subject: "subject = subject || '0'", reason: "reason = reason || '.'", evidence: "evidence = evidence || ' '",
    details: "details = '{}'",
    // Flip the first hex digit: always a change (replacing it by 'f' did nothing to a hash that
    // already started with 'f', one run in sixteen per row).
    prev_hash: "prev_hash = (CASE substr(prev_hash, 1, 1) WHEN 'f' THEN '0' ELSE 'f' END) || substr(prev_hash, 2)",
    hash: "hash = '" + 'a'.repeat(64) + "'",
  };
  for (const seq of [1, Math.floor(count / 2), count]) {
    for (const [column, set] of Object.entries(edits)) {
      if (column === 'details' && (await sql(db, `SELECT details FROM audit_log WHERE seq = ${seq}`)) === '{}') continue;
      if (column === 'prev_hash' && seq === 1) continue;  // all zeros; checked below
      const v = await tampered(`UPDATE audit_log SET ${set} WHERE seq = ${seq}`);
      assert.notEqual(v.code, 0, `${column} of #${seq}: ${v.out}`);
      assert.match(v.out, new RegExp(`entry #${seq}\\b`), `${column} of #${seq}: ${v.out}`);
    }
  }
  const v = await tampered("UPDATE audit_log SET prev_hash = 'f' || substr(prev_hash, 2) WHERE seq = 1");
  assert.match(v.out, /entry #1\b/);
});

test('a deleted row, a cut tail and a re-hashed edit are named too', async () => {
  const count = Number(await sql(db, 'SELECT count(*) FROM audit_log'));
  let v = await tampered('DELETE FROM audit_log WHERE seq = 3');
  assert.notEqual(v.code, 0);
  assert.match(v.out, /entry #3\b/);
  v = await tampered(`DELETE FROM audit_log WHERE seq = ${count}`);
  assert.notEqual(v.code, 0);
  assert.match(v.out, new RegExp(`entry #${count}\\b`));
  // Re-hashing the edited row itself moves the break to the next row.
  const row = await sql(db, "SELECT seq FROM audit_log WHERE action = 'unlock'");
  v = await tampered(`UPDATE audit_log SET reason = 'rien', hash = '${'b'.repeat(64)}' WHERE seq = ${row}`);
  assert.match(v.out, new RegExp(`entry #${row}\\b`));
});
