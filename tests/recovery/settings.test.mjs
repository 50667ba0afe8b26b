// Signed-in: change password (ends other sessions), change e-mail (link to the new address,
// notice to the old one).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { Client } from '../integration/harness.mjs';
import { people, PASSWORD, NEW_PASSWORD, startService, linkIn } from './env.mjs';

const svc = await startService();
after(async () => {
  await svc.server.stop();
  svc.sink.stop();
});

test('changing the password ends the other sessions and keeps this one', async () => {
  const p = people.settings;
  const a = new Client(svc.base);
  const b = new Client(svc.base);
  assert.equal((await a.login(p[0], PASSWORD)).status, 200);
  assert.equal((await b.login(p[0], PASSWORD)).status, 200);
  const weak = await a.postJson('/api/v1/me/password', { current_password: PASSWORD, new_password: 'court' });
  assert.equal(weak.status, 422);
  const wrong = await a.postJson('/api/v1/me/password', { current_password: 'Pas-Le-Bon-1', new_password: NEW_PASSWORD });
  assert.equal(wrong.status, 401);
  const ok = await a.postJson('/api/v1/me/password', { current_password: PASSWORD, new_password: NEW_PASSWORD });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await a.get('/api/v1/me')).status, 200);
  assert.equal((await b.get('/api/v1/me')).status, 401);
  await svc.sink.waitFor(p[6]);

  const email = 'aurelie.nouvelle@example.org';
  const change = await a.postJson('/api/v1/me/email', { email });
  assert.equal(change.status, 202, change.text);
  const [mail] = await svc.sink.waitFor(email);
  const token = linkIn(mail, '/verifier-email?token');
  const v = await new Client(svc.base).postJson('/api/v1/email-verification', { token });
  assert.equal(v.status, 200, v.text);
  const old = await svc.sink.waitFor(p[6], { count: 2 });
  assert.ok(old.some((m) => /coordonnées/.test(m.subject)), 'the old address is told');
});
