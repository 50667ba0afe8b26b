// Outboxes that forget (issue 17): the reset link of a delivered e-mail and the code printed in a
// letter cannot be read back from the database FILE, neither while they wait in the outbox (the
// bodies are sealed with keys/outbox.key) nor once delivered (the bodies are wiped, the metadata
// kept); the letter's PDF leaves the print outbox once the print house acknowledges it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Client, sleep } from '../integration/harness.mjs';
import { people, NEW_PASSWORD, startService, startSink, freshDb, linkIn, codeIn, pdfText, waitForLetter } from './env.mjs';

// The database as a thief would copy it: the file and its write-ahead log, as bytes.
function fileBytes(db) {
  return Buffer.concat(['', '-wal'].filter((ext) => existsSync(db + ext)).map((ext) => readFileSync(db + ext)));
}
const holds = (bytes, secret) => bytes.includes(Buffer.from(secret, 'utf8'));

const sink = await startSink();
const db = await freshDb();
let svc;
after(async () => {
  await svc?.server.stop();
  sink.stop();
});

test('a delivered reset link and a printed code are nowhere in the database file', async () => {
  const mailer = people.mail;
  const writer = people.postal;
  // 1. Requests queued while delivery is off: the bodies wait in the outbox, sealed.
  svc = await startService({ sink, db, set: { 'delivery.enabled': false } });
  const c = new Client(svc.base);
  assert.equal((await c.postJson('/api/v1/password-reset', { nir: mailer[0], birth_date: mailer[4], channel: 'email' })).status, 202);
  assert.equal((await c.postJson('/api/v1/password-reset', { nir: writer[0], birth_date: writer[4], channel: 'postal' })).status, 202);
  await svc.server.stop();
  const pending = fileBytes(db);
  assert.ok(!holds(pending, '/reinitialiser?token='), 'the pending e-mail body is sealed, not in clear');
  assert.ok(!holds(pending, 'Voici votre code provisoire'), 'the pending letter is sealed, not in clear');

  // 2. Delivery on: the sealed mail goes out (opened with the key), the letter is printed.
  svc = await startService({ sink, db });
  const [mail] = await sink.waitFor(mailer[6]);
  const token = linkIn(mail, '/reinitialiser?token');
  assert.ok(token, mail.text);
  const letter = await waitForLetter(svc.letters, (e) => e.recipient_name.includes('DUBOIS'));
  const code = codeIn(await pdfText(join(svc.letters, letter.file)));
  assert.ok(code);
  const dashed = code.slice(0, 4) + '-' + code.slice(4);
  await svc.server.stop();

  const delivered = fileBytes(db);
  for (const [what, bytes] of [['pending', pending], ['delivered', delivered]]) {
    for (const secret of [token, code, dashed]) assert.ok(!holds(bytes, secret), `${secret} in the ${what} database file`);
  }

  // 3. The link and the code still work (they were stored keyed, not lost).
  svc = await startService({ sink, db });
  const done = await new Client(svc.base).postJson('/api/v1/password-reset/complete', { token, new_password: NEW_PASSWORD });
  assert.equal(done.status, 200, done.text);
  const byCode = await new Client(svc.base).postJson('/api/v1/password-reset/complete', { nir: writer[0], code: dashed, new_password: NEW_PASSWORD });
  assert.equal(byCode.status, 200, byCode.text);
  await svc.server.stop();

  // 4. The print house acknowledges the letter: the next maintenance sweep (one runs at start)
  // removes its PDF; the manifest line stays.
  writeFileSync(join(svc.letters, 'acknowledged.jsonl'), JSON.stringify({ id: letter.id, printed_at: new Date().toISOString() }) + '\n');
  svc = await startService({ sink, db });
  const until = Date.now() + 15_000;
  while (existsSync(join(svc.letters, letter.file)) && Date.now() < until) await sleep(200);
  assert.ok(!existsSync(join(svc.letters, letter.file)), 'the acknowledged PDF is removed');
  assert.ok(readFileSync(join(svc.letters, 'manifest.jsonl'), 'utf8').includes(letter.id), 'its manifest line stays');
  assert.ok(svc.server.logs.some((l) => l.includes('"event":"letters_forgotten"')), svc.server.logs.join('\n'));
});
