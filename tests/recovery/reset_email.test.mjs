// Forgot password by e-mail, end to end: the link is read from the mail the SMTP server received.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { Client, tally } from '../integration/harness.mjs';
import { people, PASSWORD, NEW_PASSWORD, PUBLIC_BASE, outboxDrained, startService, linkIn, withKey } from './env.mjs';

const svc = await startService({ set: { 'lockout.temporary_minutes': 0.02 } });
after(async () => {
  await svc.server.stop();
  svc.sink.stop();
});
const client = () => new Client(svc.base);

async function requestLink(nirRow, birth = nirRow[4]) {
  const r = await client().postJson('/api/v1/password-reset', { nir: nirRow[0], birth_date: birth, channel: 'email' });
  assert.equal(r.status, 202);
  assert.deepEqual(Object.keys(r.json).sort(), ['channel', 'message', 'result']);
  assert.equal(r.json.result, 'accepted');
  return r;
}

test('the link from the mail sets a new password; the old one stops working; the link is single use', async () => {
  const p = people.mail;
  await requestLink(p);
  const [mail] = await svc.sink.waitFor(p[6]);
  assert.match(mail.from, /assurance-maladie@info\.ameli\.fr/);
  assert.match(mail.subject, /mot de passe/i);
  assert.ok(mail.html.length > 0 && mail.text.length > 0, 'text and HTML parts');
  assert.match(mail.text, /ne vous demande jamais votre mot de passe/);
  const token = linkIn(mail, '/reinitialiser?token');
  assert.ok(token, `a link on the service's base URL in:\n${mail.text}`);
  for (const url of mail.text.match(/https?:\/\/[^\s"<>]+/g)) assert.ok(url.startsWith(PUBLIC_BASE + '/'), url);

  const done = await client().postJson('/api/v1/password-reset/complete', { token, new_password: NEW_PASSWORD });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.result, 'ok');
  assert.equal((await client().login(p[0], NEW_PASSWORD)).status, 200);
  assert.equal((await client().login(p[0], PASSWORD)).status, 401);

  const again = await client().postJson('/api/v1/password-reset/complete', { token, new_password: 'Autre-Jardin-2027!' });
  assert.equal(again.status, 400);
  assert.equal(again.json.result, 'invalid_or_expired');

  // The member is told their password changed.
  const notices = await svc.sink.waitFor(p[6], { count: 2 });
  assert.ok(notices.some((m) => /modifié/.test(m.subject)), 'a "password changed" notice');
});

test('wrong birth date and unknown NIR: the same answer, and nothing is sent', async () => {
  const p = people.nomail_check;
  const before = svc.sink.files().length;
  const wrong = await client().postJson('/api/v1/password-reset', { nir: p[0], birth_date: '1900-01-01', channel: 'email' });
  const unknown = await client().postJson('/api/v1/password-reset', { nir: '1010175115999', birth_date: p[4], channel: 'email' });
  assert.equal(wrong.status, 202);
  assert.equal(unknown.status, 202);
  assert.equal(wrong.text, unknown.text);
  await outboxDrained(svc.base);
  assert.equal(svc.sink.files().length, before, 'no mail for a non-matching request');
  assert.equal((await svc.sink.messagesTo(p[6])).length, 0);
});

test('a malformed NIR is refused with a precise message', async () => {
  const r = await client().postJson('/api/v1/password-reset', { nir: '1800575115101' + '99', birth_date: '1980-05-14', channel: 'email' });
  assert.equal(r.status, 400);
  assert.equal(r.json.result, 'invalid_nir');
  assert.match(r.json.detail, /la clé ne correspond pas au numéro/);
});

test('a reset lifts a temporary lock and the failure count', async () => {
  const p = people.templock;
  for (let i = 0; i < 3; i++) await client().login(p[0], 'Faux-Motdepasse-1');
  assert.equal((await client().login(p[0], PASSWORD)).status, 423);
  await requestLink(p);
  // The lock's security e-mail (SPEC §4) came first, then the link.
  const mails = await svc.sink.waitFor(p[6], { count: 2 });
  assert.ok(mails.some((m) => /bloqué/.test(m.subject)), mails.map((m) => m.subject).join(' | '));
  // It states this service's lock length (lockout.temporary_minutes = 0.02), not the default's.
  const lockMail = mails.find((m) => /bloqué/.test(m.subject));
  assert.match(lockMail.text, /bloquée pendant 1 seconde\./, lockMail.text);
  const token = mails.map((m) => linkIn(m, '/reinitialiser?token')).find(Boolean);
  const done = await client().postJson('/api/v1/password-reset/complete', { token, new_password: NEW_PASSWORD });
  assert.equal(done.status, 200, done.text);
  const ok = await client().login(p[0], NEW_PASSWORD);
  assert.equal(ok.status, 200);
  const wrong = await client().login(p[0], 'Faux-Motdepasse-1');
  assert.equal(wrong.json.attempts_before_lock, 2, 'the count started again from 0');
});

test('a reset never lifts a permanent lock', async () => {
  const p = people.permlock;
  await requestLink(p);
  const [mail] = await svc.sink.waitFor(p[6]);
  const token = linkIn(mail, '/reinitialiser?token');
  const r = await client().postJson('/api/v1/password-reset/complete', { token, new_password: NEW_PASSWORD });
  assert.equal(r.status, 423);
  assert.equal(r.json.result, 'permanently_locked');
  assert.equal((await client().login(p[0], NEW_PASSWORD)).status, 423);
});

test('two concurrent uses of one link: exactly one succeeds', async () => {
  const p = people.race;
  await requestLink(p);
  const [mail] = await svc.sink.waitFor(p[6]);
  const token = linkIn(mail, '/reinitialiser?token');
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      client().postJson('/api/v1/password-reset/complete', { token, new_password: `Course-Relais-${i}2026!` })),
  );
  const t = tally(results);
  assert.equal(t[200], 1, JSON.stringify(t));
  assert.equal(t[400], 5, JSON.stringify(t));
});

test('a weak password is refused with every reason, and the link still works afterwards', async () => {
  const p = people.weak;
  await requestLink(p);
  const [mail] = await svc.sink.waitFor(p[6]);
  const token = linkIn(mail, '/reinitialiser?token');
  const weak = await client().postJson('/api/v1/password-reset/complete', { token, new_password: 'motdepasse' });
  assert.equal(weak.status, 422);
  assert.equal(weak.json.result, 'weak_password');
  const codes = weak.json.reasons.map((r) => r.code);
  assert.ok(codes.includes('missing_uppercase'), codes.join());
  for (const r of weak.json.reasons) assert.ok(r.message.length > 10);
  const withNir = await client().postJson('/api/v1/password-reset/complete', { token, new_password: `Aa${p[0]}` });
  assert.ok(withNir.json.reasons.some((r) => r.code === 'contains_nir'));
  const ok = await client().postJson('/api/v1/password-reset/complete', { token, new_password: NEW_PASSWORD });
  assert.equal(ok.status, 200);
});

test('a newer link voids the older one', async () => {
  const p = people.codes;
  await requestLink(p);
  const [first] = await svc.sink.waitFor(p[6]);
  await requestLink(p);
  const both = await svc.sink.waitFor(p[6], { count: 2 });
  const older = linkIn(first, '/reinitialiser?token');
  const newer = linkIn(both.find((m) => linkIn(m, '/reinitialiser?token') !== older), '/reinitialiser?token');
  const r1 = await client().postJson('/api/v1/password-reset/complete', { token: older, new_password: NEW_PASSWORD });
  assert.equal(r1.status, 400);
  const r2 = await client().postJson('/api/v1/password-reset/complete', { token: newer, new_password: NEW_PASSWORD });
  assert.equal(r2.status, 200);
});

test('garbage tokens get a clear 400', async () => {
  for (const token of ['', 'x', 'zz'.repeat(16), '0'.repeat(32), { a: 1 }]) {
    const r = await client().postJson('/api/v1/password-reset/complete', { token, new_password: NEW_PASSWORD });
    assert.equal(r.status, 400, JSON.stringify(token));
    assert.equal(r.json.result, 'invalid_or_expired');
  }
});

test('every member-facing answer names a result and speaks French', async () => {
  const r = await client().postJson('/api/v1/password-reset', { nir: withKey(people.mail[0]), birth_date: '14/05/1980', channel: 'postal' });
  assert.equal(r.status, 202);
  assert.match(r.json.message, /courrier/);
});
