// Device trust and source budgets as advisors and supervisors see them (SPEC §3): the file shows
// one lockout counter per device class, an advisor's unlock lifts every one of them, and the
// supervisors' page lists throttled sources — never an account.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { PASSWORD, PHONE, nir13, nir15, staffClient, startServer } from './env.mjs';
import { SourceClient } from '../integration/sources.mjs';

const WRONG = 'Mauvais-Mot-2-passe';
let server;
before(async () => {
  server = await startServer({ set: { 'throttle.source_failures': 8 } });
});
after(() => server?.stop());

test('counters per device class in the file; an unlock lifts them all', async () => {
  const phone = new SourceClient(server.port, '127.0.0.2');
  assert.equal((await phone.login(nir15('active'), PASSWORD)).status, 200);
  const stranger = new SourceClient(server.port, '127.0.0.3');
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push((await stranger.login(nir15('active'), WRONG)).status);
  assert.deepEqual(answers, [401, 401, 423, 423, 423, 423]);  // unknown devices locked, nothing more evaluated
  assert.equal((await phone.login(nir15('active'), PASSWORD)).status, 200);

  const advisor = await staffClient(server, 'conseil');
  let res = await advisor.get(`/api/v1/staff/accounts/${nir13('active')}?reason=${encodeURIComponent('appel au 36 46')}`);
  assert.equal(res.status, 200, res.text);
  const counters = res.json.member.lock_counters;
  assert.equal(counters.length, 2, JSON.stringify(counters));
  assert.equal(counters[0].device, 'unknown_devices');
  assert.equal(counters[0].state, 'temporary');
  assert.equal(counters[1].device, 'Chrome sur Android');
  assert.equal(counters[1].state, 'none');

  res = await advisor.postJson(`/api/v1/staff/accounts/${nir13('active')}/unlock`, { reason: 'Appel au 36 46', evidence: PHONE });
  assert.equal(res.status, 200, res.text);
  res = await advisor.get(`/api/v1/staff/accounts/${nir13('active')}?reason=suivi`);
  for (const c of res.json.member.lock_counters) assert.deepEqual([c.state, c.failures], ['none', 0], JSON.stringify(c));
  const fresh = new SourceClient(server.port, '127.0.0.4');
  assert.equal((await fresh.login(nir15('active'), PASSWORD)).status, 200);
});

test('supervisors see throttled sources, advisors may not', async () => {
  const sprayer = new SourceClient(server.port, '127.0.0.7');
  for (let i = 0; i < 8; i++) await sprayer.login(`1850375100${String(100 + i)}`, WRONG);
  assert.equal((await sprayer.login('1850375100200', WRONG)).status, 429);

  const chef = await staffClient(server, 'chef');
  const res = await chef.get('/api/v1/staff/throttled-sources');
  assert.equal(res.status, 200, res.text);
  const row = res.json.sources.find((s) => s.source === '127.0.0.7');
  assert.ok(row, res.text);
  assert.equal(row.scope, 'login');
  assert.equal(row.refused_now, true);
  assert.ok(row.retry_after_s > 0);
  assert.doesNotMatch(res.text, /1850375100/);
  const page = await chef.get('/conseiller/sources-limitees');
  assert.equal(page.status, 200);
  assert.match(page.text, /127\.0\.0\.7/);
  assert.match(page.text, /Connexion des assurés/);
  const advisor = await staffClient(server, 'conseil');
  assert.equal((await advisor.get('/api/v1/staff/throttled-sources')).status, 403);
});
