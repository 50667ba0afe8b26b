// Device trust and "forgot password" (SPEC §3): a completed reset revokes every recognised
// device but the one that completed it, and the member is told of locks on unknown devices by
// e-mail, once per lock, through the real SMTP server.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { people, PASSWORD, NEW_PASSWORD, startService, linkIn } from './env.mjs';
import { SourceClient } from '../integration/sources.mjs';

const clockFile = join(mkdtempSync(join(tmpdir(), 'mc-clock-')), 'offset');
writeFileSync(clockFile, '0');
const svc = await startService({ set: { 'clock.offset_file': clockFile } });
after(async () => {
  await svc.server.stop();
  svc.sink.stop();
});
const port = svc.server.port;
const WRONG = 'Mauvais-Mot-2-passe';

test('a stranger locking unknown devices sends one e-mail per lock, saying the phone still works', async () => {
  const p = people.templock;
  const phone = new SourceClient(port, '127.0.0.2');
  assert.equal((await phone.login(p[0], PASSWORD)).status, 200);
  const stranger = new SourceClient(port, '127.0.0.3');
  for (let i = 0; i < 5; i++) await stranger.login(p[0], WRONG);
  const [mail] = await svc.sink.waitFor(p[6]);
  assert.match(mail.subject, /appareils inconnus/);
  assert.match(mail.text, /ne sont\s+pas bloqués/);
  assert.match(mail.text, /ne vous demande jamais votre mot de passe/);
  assert.equal((await svc.sink.messagesTo(p[6])).length, 1, 'one e-mail per lock, not one per failure');
});

test('a reset completed on the phone revokes the laptop, not the phone', async () => {
  const p = people.mail;
  const phone = new SourceClient(port, '127.0.0.4');
  const laptop = new SourceClient(port, '127.0.0.5');
  laptop.userAgent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0';
  assert.equal((await phone.login(p[0], PASSWORD)).status, 200);
  assert.equal((await laptop.login(p[0], PASSWORD)).status, 200);
  const listed = await phone.request('/api/v1/me/devices');
  assert.deepEqual(listed.json.devices.map((d) => d.label).sort(), ['Chrome sur Android', 'Firefox sur Windows']);
  const phoneId = listed.json.devices.find((d) => d.current).id;

  const asked = await phone.request('/api/v1/password-reset', {
    method: 'POST', body: { nir: p[0], birth_date: p[4], channel: 'email' },
  });
  assert.equal(asked.status, 202, asked.text);
  const [mail] = await svc.sink.waitFor(p[6]);
  const token = linkIn(mail, '/reinitialiser?token');
  const done = await phone.request('/api/v1/password-reset/complete', {
    method: 'POST', body: { token, new_password: NEW_PASSWORD },
  });
  assert.equal(done.status, 200, done.text);

  assert.equal((await phone.login(p[0], NEW_PASSWORD)).status, 200);
  const after = await phone.request('/api/v1/me/devices');
  assert.deepEqual(after.json.devices.map((d) => [d.id, d.label, d.current]), [[phoneId, 'Chrome sur Android', true]]);
  // The laptop's cookie names no device any more: its sign-in registers it anew.
  assert.equal((await laptop.login(p[0], NEW_PASSWORD)).status, 200);
  const again = await laptop.request('/api/v1/me/devices');
  assert.equal(again.json.devices.length, 2);
  assert.ok(again.json.devices.every((d) => d.id !== listed.json.devices.find((x) => !x.current).id));
});

test('without recognised devices, the seed\'s two lock e-mails: temporary, then permanent naming the 36 46', async () => {
  const p = people.weak;
  const stranger = new SourceClient(port, '127.0.0.6');
  for (let i = 0; i < 4; i++) await stranger.login(p[0], WRONG);  // the 4th is refused, not counted
  const [first] = await svc.sink.waitFor(p[6]);
  assert.match(first.subject, /bloqué temporairement/);
  assert.match(first.text, /bloquée pendant 20 minutes\./);
  assert.match(first.text, /https:\/\/moncompte\.ameli\.fr\/mot-de-passe-oublie/);
  writeFileSync(clockFile, String(21 * 60_000));  // the temporary lock is over
  for (let i = 0; i < 4; i++) await stranger.login(p[0], WRONG);
  const mails = await svc.sink.waitFor(p[6], { count: 2 });
  assert.match(mails[1].subject, /bloqué/);
  assert.match(mails[1].text, /36 46/);
  assert.doesNotMatch(mails[1].subject, /appareils/);
  assert.equal((await svc.sink.messagesTo(p[6])).length, 2, 'one e-mail per lock, never one per failure');
});
