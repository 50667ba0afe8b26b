// Forgot password by post: the letter is a PDF in the print outbox, read with pdftotext.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { Client } from '../integration/harness.mjs';
import { people, PASSWORD, NEW_PASSWORD, startService, codeIn, pdfText, waitForLetter } from './env.mjs';

const svc = await startService();
after(async () => {
  await svc.server.stop();
  svc.sink.stop();
});

test('the letter carries the address and a code that works; 5 wrong codes kill it', async () => {
  const p = people.postal;
  const c = new Client(svc.base);
  const r = await c.postJson('/api/v1/password-reset', { nir: p[0], birth_date: p[4], channel: 'postal' });
  assert.equal(r.status, 202);
  const entry = await waitForLetter(svc.letters, (e) => e.recipient_name.includes('DUBOIS'));
  assert.equal(entry.postal_code, p[5]);
  const text = await pdfText(join(svc.letters, entry.file));
  assert.match(text, /DUBOIS/);
  assert.match(text, /12 rue des Lilas/);
  assert.match(text, /ne vous demande jamais votre mot de passe/);
  const code = codeIn(text);
  assert.ok(code, `a code XXXX-XXXX in the letter:\n${text}`);
  // The salutation once, then the sentence that announces the code, then the code box.
  const salutations = text.split('\n').filter((line) => line.trim() === 'Madame, Monsieur,');
  assert.equal(salutations.length, 1, `one "Madame, Monsieur," line:\n${text}`);
  const flat = text.replace(/\s+/g, ' ');
  const announce = flat.indexOf('Voici votre code provisoire, valable 15 jours :');
  assert.ok(announce >= 0, `the sentence announcing the code:\n${text}`);
  assert.ok(flat.indexOf('Madame, Monsieur,') < announce, 'the salutation comes first');
  assert.ok(announce < flat.indexOf(code.slice(0, 4) + '-' + code.slice(4)), `the code box after its sentence:\n${text}`);

  const ok = await c.postJson('/api/v1/password-reset/complete', { nir: p[0], code: code.slice(0, 4) + '-' + code.slice(4), new_password: NEW_PASSWORD });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await c.login(p[0], NEW_PASSWORD)).status, 200);
  assert.equal((await c.login(p[0], PASSWORD)).status, 401);

  // A second letter; five wrong codes and even the right one is refused.
  await c.postJson('/api/v1/password-reset', { nir: p[0], birth_date: p[4], channel: 'postal' });
  const second = await waitForLetter(svc.letters, (e) => e.recipient_name.includes('DUBOIS') && e.file !== entry.file);
  const code2 = codeIn(await pdfText(join(svc.letters, second.file)));
  let last;
  for (let i = 0; i < 5; i++) {
    last = await c.postJson('/api/v1/password-reset/complete', { nir: p[0], code: 'ABCDEFGH', new_password: 'Encore-Autre-2026!' });
    assert.equal(last.status, 400);
  }
  assert.equal(last.json.tries_left, 0);
  const dead = await c.postJson('/api/v1/password-reset/complete', { nir: p[0], code: code2, new_password: 'Encore-Autre-2026!' });
  assert.equal(dead.status, 400);
  assert.equal(dead.json.result, 'invalid_or_expired');
});

test('a code of the wrong shape is refused without counting', async () => {
  const c = new Client(svc.base);
  const r = await c.postJson('/api/v1/password-reset/complete', { nir: people.postal[0], code: 'O0I1', new_password: NEW_PASSWORD });
  assert.equal(r.status, 400);
  assert.equal(r.json.result, 'invalid_or_expired');
});
