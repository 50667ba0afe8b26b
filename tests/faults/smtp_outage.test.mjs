// The SMTP server is down when a reset e-mail is due, then comes back: the mail stays in the
// durable outbox, is retried with backoff and delivered, and the process never stops answering
// (issue 14).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

import { alive, env, events, importFixtures, startServer, tempDir, waitFor } from './common.mjs';

const SINK = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'smtp_sink.py');
// A fixture member with an e-mail address and a known birth date (tests/pg/fixtures).
const MEMBER = { nir: '288103306300444', birth_date: '1988-10-30' };

let server, sink, port, mailDir;

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

function startSink() {
  const child = spawn('python3', [SINK, '--port', String(port), '--dir', mailDir, '--watch-stdin'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`smtp sink exited (${code})`)));
    createInterface({ input: child.stdout }).once('line', (l) => (l.startsWith('ready') ? resolve(child) : reject(new Error(l))));
  });
}

before(async () => {
  assert.ok(env.bin, 'MC_BIN is not set');
  const dir = tempDir('smtp');
  const file = join(dir, 'moncompte.sqlite');
  importFixtures(`sqlite:${file}`);
  mailDir = join(dir, 'mail');
  port = await freePort();  // nothing listens there yet: the SMTP server is "down"
  server = await startServer(`sqlite:${file}`, ['--set', `smtp.url=smtp://127.0.0.1:${port}`]);
});

after(async () => {
  await server?.stop();
  sink?.stdin.end();
});

test('mail due while SMTP is down is delivered once it is back', async () => {
  const res = await fetch(`${server.base}/api/v1/password-reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nir: MEMBER.nir, birth_date: MEMBER.birth_date, channel: 'email' }),
  });
  assert.equal(res.status, 202);
  await waitFor('a failed delivery attempt', () => events(server, 'delivery_mail_retry').length > 0);
  assert.ok(alive(server));
  assert.equal((await fetch(`${server.base}/healthz`)).status, 200);

  sink = await startSink();
  // The retry comes after the outbox backoff (10 s after the first failure).
  await waitFor('the mail to arrive', () => {
    try {
      return readdirSync(mailDir).some((f) => f.endsWith('.eml'));
    } catch {
      return false;
    }
  }, { timeoutMs: 60_000, everyMs: 250 });
  await waitFor('delivery_mail_sent', () => events(server, 'delivery_mail_sent').length > 0);
  assert.ok(alive(server));
});
