// Single-use tokens and the hash-chained audit log with two `moncompte serve` processes on one
// PostgreSQL database: a reset link used on both processes at once works once; advisors acting
// through both processes at once leave one verifiable chain (`moncompte audit verify`).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import {
  birthDates, dropDatabase, env, fastHashing, freshDatabase, importFixtures, lockedMembers, login, members, missing,
  postJson, psql, staffAdd, staffLogin, startServer,
} from './helpers.mjs';
import { startSink } from '../recovery/env.mjs';

const skip = missing() ?? false;

describe('tokens and audit log across two processes', { skip }, () => {
  let db;
  let a;
  let b;
  let sink;
  before(async () => {
    db = freshDatabase('mc_tokens');
    importFixtures(db);
    // The outbox bodies are sealed at rest (issue 17): the link is read from the delivered mail.
    sink = await startSink();
    const smtp = ['--set', `smtp.url=${sink.url}`];
    [a, b] = await Promise.all([startServer(db, smtp), startServer(db, smtp)]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    sink?.stop();
    if (db) dropDatabase(db);
  });

  test('a reset link used on both processes at once succeeds exactly once', async () => {
    for (const [i, m] of [members[3], members[4]].entries()) {
      const asked = await postJson(i ? b : a, '/api/v1/password-reset', { nir: m.nir, birth_date: birthDates[m.nir], channel: 'email' });
      assert.equal(asked.status, 202, JSON.stringify(asked.body));
      // The link travels in the durable outbox (sealed), written with the code in one transaction.
      const [mail] = await sink.waitFor(`membre${3 + i}@example.org`);
      const token = /token=([0-9a-f]{32})/.exec(mail.text)?.[1];
      assert.ok(token, `no link in the e-mail: ${mail.text}`);

      const newPassword = `Nouveau-Motdepasse-${i}!`;
      const results = await Promise.all([
        postJson(a, '/api/v1/password-reset/complete', { token, new_password: newPassword }),
        postJson(b, '/api/v1/password-reset/complete', { token, new_password: newPassword }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 400], JSON.stringify(results.map((r) => r.body)));
      assert.equal(results.find((r) => r.status === 400).body.result, 'invalid_or_expired');
      // The new password works on both processes, the old one on neither.
      assert.equal((await login(a, m.nir, newPassword)).status, 200);
      assert.equal((await login(b, m.nir, m.password)).status, 401);
    }
  });

  test('advisors on both processes at once: one audit chain, verified by the command', async () => {
    const secrets = { chef_a: staffAdd(db, 'chef_a', 'superviseur'), chef_b: staffAdd(db, 'chef_b', 'superviseur') };
    const cookieA = await staffLogin(a, 'chef_a', secrets.chef_a);
    const cookieB = await staffLogin(b, 'chef_b', secrets.chef_b);
    const before = Number(psql(db, 'SELECT count(*) FROM audit_log'));

    const phone = { channel: 'phone', checked: ['nir', 'etat_civil', 'adresse', 'vitale_serial'] };
    const work = [];
    for (const [i, nir] of lockedMembers.entries()) {
      // Both advisors unlock the same members at the same moment, and look others up meanwhile.
      for (const [server, cookie] of [[a, cookieA], [b, cookieB]]) {
        work.push(postJson(server, `/api/v1/staff/accounts/${nir}/unlock`, { reason: `Appel au 36 46 n°${i}`, evidence: phone }, cookie));
        work.push(postJson(server, '/api/v1/staff/lookup', { nir: members[i].nir, reason: 'Appel au 36 46' }, cookie));
      }
    }
    const results = await Promise.all(work);
    for (const r of results) assert.ok(r.status === 200 || r.status === 409, `${r.status} ${JSON.stringify(r.body)}`);

    // Every unlocked member signs in again; every action left exactly one entry.
    for (const [i, nir] of lockedMembers.entries()) {
      const r = await login(i % 2 ? a : b, nir, `Pg-Test-${8 + i}-Motdepasse!`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const seqs = psql(db, 'SELECT min(seq), max(seq), count(*) FROM audit_log').split('|').map(Number);
    assert.equal(seqs[1] - seqs[0] + 1, seqs[2], 'sequence numbers without gaps');
    assert.ok(seqs[2] - before >= lockedMembers.length, `${seqs[2] - before} new entries`);
    assert.equal(Number(psql(db, 'SELECT count(*) FROM (SELECT prev_hash FROM audit_log GROUP BY prev_hash HAVING count(*) > 1) d')), 0,
      'no two entries chained on the same predecessor');

    const out = execFileSync(env.bin, ['audit', 'verify', '--db', db, ...fastHashing], { encoding: 'utf8' });
    assert.ok(out.length > 0);
  });
});
