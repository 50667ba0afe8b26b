// Activation: full NIR + birth date + postal code + a register secret → provisional code →
// new password and a verified e-mail.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { Client } from '../integration/harness.mjs';
import { people, NEW_PASSWORD, startService, codeIn, linkIn, pdfText, waitForLetter, vitale, iban7, withKey } from './env.mjs';

const svc = await startService();
after(async () => {
  await svc.server.stop();
  svc.sink.stop();
});
const c = () => new Client(svc.base);

test('by e-mail: the code from the mail activates the account with a chosen password', async () => {
  const p = people.newcomer;
  const nir15 = withKey(p[0]);
  // Before: no account, so the sign-in answers like any wrong password.
  assert.equal((await c().login(p[0], NEW_PASSWORD)).status, 401);
  const r = await c().postJson('/api/v1/activation', { nir: nir15, birth_date: p[4], postal_code: p[5], secret: vitale(p[0]), channel: 'email' });
  assert.equal(r.status, 202, r.text);
  const [mail] = await svc.sink.waitFor(p[6]);
  const code = codeIn(mail.text);
  assert.ok(code, mail.text);
  const done = await c().postJson('/api/v1/activation/complete', { nir: nir15, code, new_password: NEW_PASSWORD, email: p[6] });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.email_verification_required, undefined);
  const login = await c().login(p[0], NEW_PASSWORD);
  assert.equal(login.status, 200);
});

test('by post with another e-mail: pending until the new address is confirmed', async () => {
  const p = people.newcomer_post;
  const nir15 = withKey(p[0]);
  const r = await c().postJson('/api/v1/activation', { nir: nir15, birth_date: p[4], postal_code: p[5], secret: iban7(p[0]).toLowerCase(), channel: 'postal' });
  assert.equal(r.status, 202, r.text);
  const letter = await waitForLetter(svc.letters, (e) => e.recipient_name.includes('SANTONI'));
  const code = codeIn(await pdfText(join(svc.letters, letter.file)));
  const email = 'marie-ange.santoni@example.org';
  const done = await c().postJson('/api/v1/activation/complete', { nir: nir15, code, new_password: NEW_PASSWORD, email });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.email_verification_required, true);
  const pending = await c().login(p[0], NEW_PASSWORD);
  assert.equal(pending.status, 403);
  assert.equal(pending.json.result, 'pending');
  const [mail] = await svc.sink.waitFor(email);
  const token = linkIn(mail, '/verifier-email?token');
  assert.ok(token, mail.text);
  const v = await c().postJson('/api/v1/email-verification', { token });
  assert.equal(v.status, 200, v.text);
  assert.equal((await c().login(p[0], NEW_PASSWORD)).status, 200);
});

test('wrong secret, 13-character NIR, temporary NIR', async () => {
  const p = people.codes;
  const wrong = await c().postJson('/api/v1/activation', { nir: withKey(people.newcomer[0]), birth_date: people.newcomer[4], postal_code: people.newcomer[5], secret: '000000000', channel: 'email' });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json.result, 'not_identified');
  const short = await c().postJson('/api/v1/activation', { nir: p[0], birth_date: p[4], postal_code: p[5], secret: vitale(p[0]) });
  assert.equal(short.status, 400);
  assert.equal(short.json.result, 'invalid_nir');
  const temp = await c().postJson('/api/v1/activation', { nir: withKey('3' + p[0].slice(1)), birth_date: p[4], postal_code: p[5], secret: 'x' });
  assert.equal(temp.status, 400);
  assert.equal(temp.json.reason, 'temporary_number');
  assert.match(temp.json.detail, /caisse/);
});

test('a member of another regime is told which space, once the secret matched', async () => {
  const p = people.msa;
  const r = await c().postJson('/api/v1/activation', { nir: withKey(p[0]), birth_date: p[4], postal_code: p[5], secret: vitale(p[0]), channel: 'email' });
  assert.equal(r.status, 403);
  assert.equal(r.json.result, 'other_space');
  assert.equal(r.json.online_space, 'espace privé MSA');
  assert.equal(r.json.phone, '01 30 63 88 80');
});

test('an existing account is told to use "Mot de passe oublié"', async () => {
  const p = people.settings;
  const r = await c().postJson('/api/v1/activation', { nir: withKey(p[0]), birth_date: p[4], postal_code: p[5], secret: vitale(p[0]), channel: 'email' });
  assert.equal(r.status, 409);
  assert.equal(r.json.result, 'already_active');
});
