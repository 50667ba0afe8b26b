// Signed in: change the mobile number on file, from the API and from the settings page. The
// number is stored in one form (E.164), the security e-mail goes to the address on file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { Client } from '../integration/harness.mjs';
import { people, PASSWORD, startService } from './env.mjs';

const svc = await startService();
after(async () => {
  await svc.server.stop();
  svc.sink.stop();
});

const p = people.settings;
const NOTICE = 'Votre numéro de téléphone mobile a été modifié';
const csrfOf = (html) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];
const storedPhone = async (client) => (await client.get('/api/v1/me/data')).json.register_entry.phone;

test('without a session: 401 from the API, the sign-in page from the form', async () => {
  const anon = new Client(svc.base);
  const api = await anon.postJson('/api/v1/me/phone', { phone: '06 12 34 56 78' });
  assert.equal(api.status, 401, api.text);
  assert.equal(api.json.result, 'unauthenticated');
  const page = await anon.postForm('/mon-compte/telephone', { phone: '06 12 34 56 78', csrf: 'x' });
  assert.equal(page.status, 303, page.text);
  assert.match(page.headers.get('location'), /\/connexion$/);
});

test('the API refuses what is not a French mobile, then stores the number normalised and says so by e-mail', async () => {
  const a = new Client(svc.base);
  assert.equal((await a.login(p[0], PASSWORD)).status, 200);
  assert.equal(await storedPhone(a), '0601020304', 'the imported form, before any change');
  for (const phone of ['01 23 45 67 89', '06 12', '+44 7700 900123', '']) {
    const bad = await a.postJson('/api/v1/me/phone', { phone });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.json.result, 'invalid_input');
    assert.equal(bad.json.detail, 'phone');
    assert.match(bad.json.message, /Saisissez un numéro de mobile français/);
  }
  assert.equal(await storedPhone(a), '0601020304', 'a refused number changes nothing');

  const ok = await a.postJson('/api/v1/me/phone', { phone: '07.98.76.54.32' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.result, 'ok');
  assert.match(ok.json.message, /07 98 76 54 32/);
  assert.equal(await storedPhone(a), '+33798765432');

  const [mail] = await svc.sink.waitFor(p[6]);
  assert.equal(mail.subject, NOTICE);
  assert.match(mail.text, /se termine par 32/);
  assert.doesNotMatch(mail.text, /mot de passe actuel|IBAN|carte bancaire/i, 'a notice asks for nothing');
});

test('the settings page shows the number, refuses a stale form and a bad number, and changes it', async () => {
  const a = new Client(svc.base);
  assert.equal((await a.login(p[0], PASSWORD)).status, 200);
  const page = await a.get('/mon-compte/parametres');
  assert.equal(page.status, 200);
  assert.match(page.text, /Numéro actuel : <strong>07 98 76 54 32<\/strong>/);
  assert.match(page.text, /<form method="post" action="\/mon-compte\/telephone"/);
  const csrf = csrfOf(page.text);
  assert.ok(csrf);

  const stale = await a.postForm('/mon-compte/telephone', { phone: '06 11 22 33 44', csrf: 'pas-le-bon' });
  assert.equal(stale.status, 403, stale.text);
  assert.match(stale.text, /Le formulaire a expiré/);
  assert.equal(await storedPhone(a), '+33798765432', 'a stale form changes nothing');

  const bad = await a.postForm('/mon-compte/telephone', { phone: '01 23 45 67 89', csrf });
  assert.equal(bad.status, 400, bad.text);
  assert.match(bad.text, /id="telephone-erreur">Saisissez un numéro de mobile français/);
  assert.match(bad.text, /value="01 23 45 67 89"/, 'what was typed is kept');
  assert.match(bad.text, /aria-invalid="true"/);

  const before = (await svc.sink.messagesTo(p[6])).length;
  const done = await a.postForm('/mon-compte/telephone', { phone: '+262 692 12 34 56', csrf });
  assert.equal(done.status, 200, done.text);
  assert.match(done.text, /role="status"><p>Votre numéro de téléphone mobile a été modifié/);
  assert.match(done.text, /Numéro actuel : <strong>06 92 12 34 56<\/strong>/);
  assert.equal(await storedPhone(a), '+262692123456');
  const mails = await svc.sink.waitFor(p[6], { count: before + 1 });
  assert.equal(mails.filter((m) => m.subject === NOTICE).length, 2);
});
