// Keyed secrets (issue 17): provisional codes and reset links are stored as HMAC-SHA-256 under
// keys/secrets.key (created 0600 on first start), so that a database dump alone does not give
// them back by brute force; rows stored before the change (plain SHA-256) and codes written
// under the previous key (rotation: keys/secrets.previous.key) keep working until they expire.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { Client, COUNTER, freshDb, nir13, sql, staffClient, startServer } from './env.mjs';

const NEW = 'Nouveau-Jardin-2026!';
// One member redeems every code, each with a new password.
const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const hmac = (key, s) => createHmac('sha256', key).update(s).digest('hex');

let server;
after(() => server?.stop());

async function counterCode(role) {
  const advisor = await staffClient(server, 'conseil');
  const res = await advisor.postJson(`/api/v1/staff/accounts/${nir13(role)}/codes`, {
    channel: 'counter', reason: 'Accueil CPAM : mot de passe oublié', evidence: COUNTER,
  });
  assert.equal(res.status, 200, res.text);
  assert.ok(res.json.code, res.text);
  return res.json.code;
}

const stored = async (role) => sql(server.db, `SELECT secret_hash FROM codes WHERE nir13='${nir13(role)}' ORDER BY id DESC LIMIT 1`);
const forms = (role, code) => [code, code.replace(/[-\s]/g, '')].map((c) => `code:${nir13(role)}:${c}`);
let round = 0;
const redeem = (role, code) =>
  new Client(server.base).postJson('/api/v1/password-reset/complete', { nir: nir13(role), code, new_password: `${NEW}${++round}` });

test('codes are stored under the server key; plain-hash rows and previous-key rows still redeem', async () => {
  const db = await freshDb();
  server = await startServer({ db });
  const keyFile = join(dirname(db), 'keys', 'secrets.key');
  assert.ok(existsSync(keyFile), 'keys/secrets.key created on first start');
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  const key = readFileSync(keyFile);
  assert.equal(key.length, 32);

  // Written keyed, never as the plain SHA-256 a dump could be brute-forced against.
  const code = await counterCode('active');
  const hash = await stored('active');
  assert.ok(forms('active', code).some((f) => hmac(key, f) === hash), `HMAC under keys/secrets.key: ${hash}`);
  assert.ok(!forms('active', code).some((f) => sha256(f) === hash), 'not the unkeyed SHA-256');
  assert.equal((await redeem('active', code)).status, 200);

  // A row stored before the change: the plain SHA-256 of the same text keeps working.
  const old = await counterCode('active');
  const oldHash = await stored('active');
  const canonical = forms('active', old).find((f) => hmac(key, f) === oldHash);
  assert.ok(canonical);
  await sql(server.db, `UPDATE codes SET secret_hash='${sha256(canonical)}' WHERE nir13='${nir13('active')}' AND used_at IS NULL`);
  const legacy = await redeem('active', old);
  assert.equal(legacy.status, 200, legacy.text);

  // Rotation: the key in use becomes the previous one; a code written under it still redeems,
  // and new codes are written under the new key.
  const before = await counterCode('active');
  await server.stop();
  renameSync(keyFile, join(dirname(keyFile), 'secrets.previous.key'));
  server = await startServer({ db });
  const fresh = readFileSync(keyFile);
  assert.notDeepEqual(fresh, key, 'a new key after rotation');
  const rotated = await redeem('active', before);
  assert.equal(rotated.status, 200, rotated.text);
  const later = await counterCode('active');
  const newHash = await stored('active');
  assert.ok(forms('active', later).some((f) => hmac(fresh, f) === newHash), 'written under the new key');

  // A wrong code is still wrong under every accepted form.
  const wrong = await redeem('active', 'ABCD-EFGH');
  assert.equal(wrong.status, 400);
});
