// Per-source budgets and device trust on PostgreSQL, across two `moncompte serve` processes
// sharing one database (SPEC §3): a source's budget is spent wherever it lands, and a stranger's
// guesses on one process lock unknown devices on both while the member's phone keeps working.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { dropDatabase, freshDatabase, importFixtures, members, missing, psql, startServer } from './helpers.mjs';
import { SourceClient, strangerNir } from '../integration/sources.mjs';

const skip = missing() ?? false;
const WRONG = 'Mauvais-Motdepasse-9!';

describe('two processes, one PostgreSQL database', { skip }, () => {
  let db;
  let a;
  let b;
  before(async () => {
    db = freshDatabase('mc_sources');
    importFixtures(db);
    const opts = ['--set', 'throttle.source_failures=6', '--set', 'password.hashing_queue=64'];
    [a, b] = await Promise.all([startServer(db, opts), startServer(db, opts)]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (db) dropDatabase(db);
  });

  test("a sprayer's budget is one, whichever process answers", async () => {
    const statuses = [];
    for (let i = 0; i < 10; i++) {
      const server = i % 2 ? b : a;
      statuses.push((await new SourceClient(server.port, '127.0.0.2').login(strangerNir(i), WRONG)).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 429, 429, 429, 429]);
    const member = members[0];
    assert.equal((await new SourceClient(b.port, '127.0.0.3').login(member.nir, member.password)).status, 200);
    assert.equal(psql(db, "SELECT count(*) FROM throttled_sources WHERE key = 'login:127.0.0.2'"), '1');
  });

  test("a stranger on one process locks unknown devices; the phone signs in on the other", async () => {
    const m = members[1];
    const phone = new SourceClient(a.port, '127.0.0.4');
    assert.equal((await phone.login(m.nir, m.password)).status, 200);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await new SourceClient(b.port, '127.0.0.5').login(m.nir, WRONG)).status);
    assert.deepEqual(answers, [401, 401, 423, 423, 423, 423]);
    const onB = new SourceClient(b.port, '127.0.0.4');
    onB.cookies = phone.cookies;
    assert.equal((await onB.login(m.nir, m.password)).status, 200);
    assert.equal((await new SourceClient(a.port, '127.0.0.6').login(m.nir, m.password)).status, 423);
    assert.equal(psql(db, `SELECT count(*) FROM devices WHERE nir13 = '${m.nir.slice(0, 13)}'`), '1');
  });
});
