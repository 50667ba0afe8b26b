// Expiry of the e-mailed reset link (30 minutes by default), walked on the test clock
// (clock.offset_file), never slept.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { testClock } from '../integration/clock.mjs';
import { Client } from '../integration/harness.mjs';
import { people, NEW_PASSWORD, startService, linkIn } from './env.mjs';

const clock = testClock();
const svc = await startService({ set: { ...clock.set } });
after(async () => {
  await svc.server.stop();
  svc.sink.stop();
});

test('a link older than reset.email_minutes (30) is refused, a younger one is not', async () => {
  const p = people.expiry;
  const c = new Client(svc.base);
  assert.equal((await c.postJson('/api/v1/password-reset', { nir: p[0], birth_date: p[4], channel: 'email' })).status, 202);
  const [mail] = await svc.sink.waitFor(p[6]);
  const token = linkIn(mail, '/reinitialiser?token');
  // 29 minutes later the link still works (a weak password is refused, the link is not used up)…
  clock.advance(29 * 60_000);
  const early = await c.postJson('/api/v1/password-reset/complete', { token, new_password: 'motdepasse' });
  assert.equal(early.status, 422, early.text);
  assert.equal(early.json.result, 'weak_password');
  // …31 minutes after it was sent, it does not.
  clock.advance(2 * 60_000);
  const r = await c.postJson('/api/v1/password-reset/complete', { token, new_password: NEW_PASSWORD });
  assert.equal(r.status, 400);
  assert.equal(r.json.result, 'invalid_or_expired');
});
