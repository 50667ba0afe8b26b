// The attestation de droits over HTTP: download (signed in only), public verification by short
// code and by barcode payload, and the paper copy by post with the same answer whatever the NIR.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { Client } from '../integration/harness.mjs';
import { people, PASSWORD, startService, pdfText, waitForLetter, tempDir, outboxDrained } from './env.mjs';

const run = promisify(execFile);
const svc = await startService();
after(async () => {
  await svc.server.stop();
  svc.sink.stop();
});

test('no attestation without a session', async () => {
  const r = await new Client(svc.base).get('/api/v1/me/attestation.pdf');
  assert.equal(r.status, 401);
  assert.equal(r.json.result, 'unauthenticated');
});

test('a signed-in member downloads a PDF whose code a third party can verify', async () => {
  const p = people.mail;
  const c = new Client(svc.base);
  assert.equal((await c.login(p[0], PASSWORD)).status, 200);
  const res = await fetch(svc.base + '/api/v1/me/attestation.pdf', { headers: { cookie: c.jar.header() } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const file = join(tempDir(), 'attestation.pdf');
  writeFileSync(file, bytes);
  const text = await pdfText(file);
  assert.match(text, /Attestation de droits/i);
  assert.match(text, /MARTIN/);
  const code = /\b([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{2})\b/.exec(text)?.[1];
  assert.ok(code, `a verification code in:\n${text}`);

  const third = new Client(svc.base);
  const ok = await third.postJson('/api/v1/attestation/verify', { code });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.genuine, true);
  assert.equal(ok.json.organisme, 'CPAM de Paris');
  assert.ok(!ok.text.includes(p[0]), 'never the NIR');
  assert.ok(!ok.text.includes('Lucas'), 'initials only');

  const forged = await third.postJson('/api/v1/attestation/verify', { code: code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A') });
  assert.equal(forged.status, 200);
  assert.equal(forged.json.genuine, false);
  const bad = await third.postJson('/api/v1/attestation/verify', { code: '??' });
  assert.equal(bad.status, 400);
});

test('the barcode payload verifies, and one changed byte does not', async (t) => {
  const p = people.codes;
  const c = new Client(svc.base);
  assert.equal((await c.login(p[0], PASSWORD)).status, 200);
  const res = await fetch(svc.base + '/api/v1/me/attestation.pdf', { headers: { cookie: c.jar.header() } });
  const dir = tempDir();
  const file = join(dir, 'a.pdf');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  let payload;
  try {
    // 200 dpi, grey, cropped around the verification block (lower left of the first page).
    await run('pdftoppm', ['-r', '200', '-gray', '-f', '1', '-l', '1', '-x', '100', '-y', '1600', '-W', '600', '-H', '500',
      file, join(dir, 'page')]);
    const image = (await import('node:fs')).readdirSync(dir).find((f) => f.endsWith('.pgm'));
    const { stdout } = await run('dmtxread', ['-N1', '-m', '20000', join(dir, image)], { timeout: 60_000 });
    payload = stdout;
  } catch (e) {
    t.skip(`no DataMatrix reader here (${e.message.split('\n')[0]})`);
    return;
  }
  assert.match(payload, /^DC04/);
  payload = payload.replace(/\n$/, '');
  const ok = await new Client(svc.base).postJson('/api/v1/attestation/verify', { payload });
  assert.equal(ok.json.genuine, true, ok.text);
  const i = payload.indexOf('MC');
  const tampered = payload.slice(0, payload.length - 20) + (payload.at(-20) === 'A' ? 'B' : 'A') + payload.slice(payload.length - 19);
  const no = await new Client(svc.base).postJson('/api/v1/attestation/verify', { payload: tampered });
  assert.equal(no.json.genuine, false, `${i} ${no.text}`);
});

test('a locked-out member gets a paper attestation by post; an unknown NIR gets the same answer', async () => {
  const p = people.paper;  // permanently locked, no e-mail
  const c = new Client(svc.base);
  const known = await c.postJson('/api/v1/attestation/paper-request', { nir: p[0], birth_date: p[4] });
  const unknown = await c.postJson('/api/v1/attestation/paper-request', { nir: '1881075115999', birth_date: p[4] });
  const wrongBirth = await c.postJson('/api/v1/attestation/paper-request', { nir: people.postal[0], birth_date: '1900-01-01' });
  assert.equal(known.status, 202);
  assert.equal(known.text, unknown.text);
  assert.equal(known.text, wrongBirth.text);
  const letter = await waitForLetter(svc.letters, (e) => e.recipient_name.includes('GARCIA'));
  assert.ok(letter.pages >= 2, 'cover letter + attestation');
  const text = await pdfText(join(svc.letters, letter.file));
  assert.match(text, /12 rue des Lilas/);
  assert.match(text, /Attestation de droits/i);
  await outboxDrained(svc.base, 'letter');
  const { manifest } = await import('./env.mjs');
  assert.equal(manifest(svc.letters).filter((e) => /BERNARD|DUBOIS/.test(e.recipient_name) && e.kind === 'paper_attestation').length, 0);
});
