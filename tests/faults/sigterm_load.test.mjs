// SIGTERM under sign-in load (issue 14 item 5, issue 19 item 4): with many wrong-password
// sign-ins in flight, SIGTERM stops accepting, every request already accepted gets a complete
// answer (no reset), every 401 a client received is counted afterwards (the
// attempt log and the lock counter, read with sqlite3 after a restart on the same file), and the
// process exits 0 within server.drain_seconds.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { env, events, importFixtures, members, sqliteQuery, startServer, tempDir, timedLogin, waitFor } from './common.mjs';

let file, server;

before(() => {
  assert.ok(env.bin, 'MC_BIN is not set');
  file = join(tempDir('sigterm'), 'moncompte.sqlite');
  importFixtures(`sqlite:${file}`);
});

after(async () => {
  await server?.stop();
});

// One sign-in on its own connection (no keep-alive pool): the answer, or the socket error.
function signIn(port, nir, password) {
  return new Promise((resolve) => {
    const body = JSON.stringify({ nir, password });
    const req = request(
      { host: '127.0.0.1', port, path: '/api/v1/login', method: 'POST', agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let json = null;
          try {
            json = JSON.parse(text);
          } catch {
            // an incomplete body is reported below
          }
          resolve({ status: res.statusCode, json, complete: res.complete, connection: res.headers.connection });
        });
        res.on('error', (e) => resolve({ error: e.code ?? e.message }));
      },
    );
    req.on('error', (e) => resolve({ error: e.code ?? e.message }));
    req.end(body);
  });
}

test('SIGTERM under sign-in load: every accepted sign-in is answered and settled, exit 0', async () => {
  // One hashing thread and the production Argon2id cost: the burst queues up behind it, so most
  // sign-ins are still in flight when SIGTERM arrives.
  server = await startServer(`sqlite:${file}`, [
    '--set', 'delivery.enabled=false', '--set', 'password.hashing_threads=1', '--set', 'password.hashing_queue=64',
    '--set', 'password.argon2_m_cost_kib=19456', '--set', 'password.argon2_t_cost=2', '--set', 'server.drain_seconds=60',
  ]);
  const port = server.port;
  // Two wrong passwords per member (the third would lock), all sent at once.
  const sent = [];
  for (let round = 0; round < 2; ++round)
    for (const m of members) sent.push(signIn(port, m.nir, `Wrong-${round}-Password!`).then((r) => ({ nir: m.nir, ...r })));
  // Once the first answer is back every connection of the burst has long been accepted; the rest
  // are queued for the hashing thread.
  await Promise.race(sent);
  server.child.kill('SIGTERM');
  const results = await Promise.all(sent);
  const exited = await waitFor('the process to exit', () => server.exited, { timeoutMs: 90_000 });

  const failures = results.filter((r) => r.error || !r.complete || r.json === null);
  assert.deepEqual(failures, [], 'every sign-in sent before SIGTERM got a complete answer');
  assert.ok(results.every((r) => r.status === 401), `all wrong passwords answered 401: ${JSON.stringify(results.map((r) => r.status))}`);
  assert.deepEqual(exited, { code: 0, signal: null }, server.output.join('\n'));
  assert.equal(events(server, 'stopping').length, 1);
  assert.equal(events(server, 'stopped').length, 1);

  // Restart on the same file: each 401 received is in the attempt log and in the lock counter.
  server = await startServer(`sqlite:${file}`, ['--set', 'delivery.enabled=false']);
  const received = new Map();
  for (const r of results) received.set(r.nir, (received.get(r.nir) ?? 0) + 1);
  for (const [nir, n401] of received) {
    const nir13 = nir.slice(0, 13);
    const [[logged]] = sqliteQuery(file, "SELECT count(*) FROM login_attempts WHERE nir13 = ? AND outcome = 'wrong_password'", [nir13]);
    const [[counted]] = sqliteQuery(file, 'SELECT failures FROM lockouts WHERE nir13 = ?', [nir13]);
    assert.equal(logged, n401, `${nir13}: ${n401} answered 401, ${logged} logged`);
    assert.equal(counted, n401, `${nir13}: ${n401} answered 401, lock counter ${counted}`);
  }
  const r = await timedLogin(server, members[0].nir, members[0].password);
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

test('SIGTERM with only idle keep-alive connections exits 0 at once', async () => {
  const s = await startServer(`sqlite:${file}`, ['--set', 'delivery.enabled=false', '--set', 'server.drain_seconds=600']);
  try {
    // A keep-alive connection left idle in fetch's pool must not hold the drain for 600 s.
    const res = await fetch(`${s.base}/healthz`);
    await res.text();
    s.child.kill('SIGTERM');
    const exited = await waitFor('the process to exit', () => s.exited, { timeoutMs: 60_000 });
    assert.deepEqual(exited, { code: 0, signal: null }, s.output.join('\n'));
  } finally {
    await s.stop();
  }
});
