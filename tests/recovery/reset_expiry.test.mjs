// Expiry walked with short durations (SPEC §11: durations accept decimals).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { Client, sleep } from '../integration/harness.mjs';
import { people, NEW_PASSWORD, startService, linkIn } from './env.mjs';

const svc = await startService({ set: { 'reset.email_minutes': 0.05 } });
after(async () => {
  await svc.server.stop();
  svc.sink.stop();
});

test('a link older than reset.email_minutes is refused', async () => {
  const p = people.expiry;
  const c = new Client(svc.base);
  assert.equal((await c.postJson('/api/v1/password-reset', { nir: p[0], birth_date: p[4], channel: 'email' })).status, 202);
  const [mail] = await svc.sink.waitFor(p[6]);
  const token = linkIn(mail, '/reinitialiser?token');
  await sleep(3500);
  const r = await c.postJson('/api/v1/password-reset/complete', { token, new_password: NEW_PASSWORD });
  assert.equal(r.status, 400);
  assert.equal(r.json.result, 'invalid_or_expired');
});
