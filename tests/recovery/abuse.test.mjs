// Abuse limits: per client address (429, says nothing about accounts) and per NIR (the same 202,
// but nothing more is sent).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { Client } from '../integration/harness.mjs';
import { people, outboxDrained, startService } from './env.mjs';

const svc = await startService({ set: { 'abuse.requests_per_ip_per_hour': 6, 'abuse.requests_per_nir_per_hour': 2 } });
after(async () => {
  await svc.server.stop();
  svc.sink.stop();
});

test('per NIR: the same answer, but no more than the limit is sent', async () => {
  const p = people.race;
  const c = new Client(svc.base);
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await c.postJson('/api/v1/password-reset', { nir: p[0], birth_date: p[4], channel: 'email' }));
  assert.deepEqual(answers.map((a) => a.status), [202, 202, 202, 202]);
  assert.equal(new Set(answers.map((a) => a.text)).size, 1);
  await outboxDrained(svc.base);
  assert.equal((await svc.sink.messagesTo(p[6])).length, 2);
});

test('per client address: 429 with Retry-After, for known and unknown NIRs alike', async () => {
  const c = new Client(svc.base);
  let last;
  for (let i = 0; i < 4; i++) last = await c.postJson('/api/v1/password-reset', { nir: '1010175115999', birth_date: '1980-01-01', channel: 'email' });
  assert.equal(last.status, 429);
  assert.equal(last.json.result, 'rate_limited');
  assert.ok(Number(last.headers.get('retry-after')) > 0);
  const known = await c.postJson('/api/v1/password-reset', { nir: people.mail[0], birth_date: people.mail[4], channel: 'email' });
  assert.equal(known.status, 429);
});
