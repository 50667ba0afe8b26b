// PostgreSQL stopped under two server processes while the maintenance sweep runs every 1.2 s:
// both stay up, answer 503 unavailable with Retry-After meanwhile, and recover by themselves
// once the server is back (issue 14). Run through tests/faults.cmake with the postgres fixture.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { cluster, dropDatabase, freshDatabase } from '../pg/helpers.mjs';
import { alive, env, events, healthzBody, importFixtures, members, startServer, timedLogin, waitFor } from './common.mjs';

let db;
const servers = [];

before(async () => {
  assert.ok(env.bin && env.url, 'MC_BIN / MC_TEST_PG_URL not set (run through ctest -L faults)');
  db = freshDatabase('faults');
  importFixtures(db);
  for (let i = 0; i < 2; ++i)
    servers.push(await startServer(db, [
      '--set', 'storage.wait_ms=1500',
      '--set', 'inactivity.sweep_minutes=0.02',
      '--set', 'delivery.enabled=false',
    ]));
});

after(async () => {
  for (const s of servers) await s.stop();
  try {
    cluster('up');
  } catch {
    // already up
  }
  if (db) dropDatabase(db);
});

test('PostgreSQL stop/start: processes stay up, 503 meanwhile, recovery without restart', async () => {
  const [a, b] = servers;
  assert.equal((await timedLogin(a, members[0].nir, 'Wrong-Password-0!')).status, 401);
  assert.equal((await timedLogin(b, members[1].nir, 'Wrong-Password-1!')).status, 401);

  cluster('down');
  let up = false;
  try {
    for (const s of servers) {
      const r = await timedLogin(s, members[2].nir, 'Wrong-Password-2!');
      assert.equal(r.status, 503, JSON.stringify(r.body));
      assert.equal(r.body.result, 'unavailable');
      assert.ok(r.retryAfter);
      const h = await healthzBody(s);
      assert.equal(h.status, 503);
      assert.equal(h.body.storage, 'connection_lost');
      assert.ok(h.ms < 5000, `/healthz took ${h.ms} ms`);
    }
    // Both sweeps meet the outage (the crash of issue 14 happened here) and both survive.
    for (const s of servers)
      await waitFor('the sweep to meet the outage', () =>
        events(s).some((e) => e.event === 'retention_purge_failed' || e.event === 'inactivity_sweep_failed'));
    for (const s of servers) assert.ok(alive(s), 'a process died:\n' + s.output.join('\n'));
    cluster('up');
    up = true;
  } finally {
    if (!up) cluster('up');
  }

  for (const s of servers) {
    const r = await waitFor('sign-ins to recover', async () => {
      const x = await timedLogin(s, members[3].nir, 'Wrong-Password-3!');
      return x.status === 401 ? x : null;
    });
    assert.equal(r.body.result, 'invalid_credentials');
    assert.equal((await healthzBody(s)).status, 200);
    assert.ok(alive(s));
  }
});

// A multi-host URL (a dead host first, as after a failover): libpq moves on to the next host and
// nothing in our code gets in the way (the URL is passed to libpq as it is).
test('a multi-host URL reaches the live host', async () => {
  const multi = db.replace('@127.0.0.1:', '@127.0.0.1:1,127.0.0.1:').replace(/\/([^/?]+)(\?|$)/, (m, name, q) =>
    `/${name}${q || '?'}${q ? '&' : ''}target_session_attrs=read-write`);
  assert.match(multi, /127\.0\.0\.1:1,127\.0\.0\.1:\d+\/.*target_session_attrs=read-write/);
  const s = await startServer(multi, ['--set', 'delivery.enabled=false']);
  servers.push(s);
  const r = await timedLogin(s, members[4].nir, members[4].password);
  assert.equal(r.status, 200, JSON.stringify(r.body));
});
