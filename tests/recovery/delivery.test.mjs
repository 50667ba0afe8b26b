// Delivery loses nothing: the server killed right after accepting a request; after restart, the
// mail goes out.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Client, startServer } from '../integration/harness.mjs';
import { people, PUBLIC_BASE, freshDb, startSink, startKillableServer } from './env.mjs';

test('kill -9 right after the request is accepted: the mail is sent after restart', async () => {
  const p = people.crash;
  const db = await freshDb();
  // No SMTP server yet: the mail can only wait in the outbox.
  const first = await startKillableServer({ db, set: { 'smtp.url': 'smtp://127.0.0.1:9', 'public.base_url': PUBLIC_BASE } });
  const r = await new Client(first.base).postJson('/api/v1/password-reset', { nir: p[0], birth_date: p[4], channel: 'email' });
  assert.equal(r.status, 202);
  await first.kill9();
  const sink = await startSink();
  const second = await startServer({ db, set: { 'smtp.url': sink.url, 'public.base_url': PUBLIC_BASE } });
  try {
    const [mail] = await sink.waitFor(p[6], { timeoutMs: 60_000 });
    assert.match(mail.text, /reinitialiser\?token=/);
  } finally {
    await second.stop();
    sink.stop();
  }
});
