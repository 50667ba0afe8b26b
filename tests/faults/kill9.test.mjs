// kill -9 in the middle of a burst of wrong passwords: after a restart, every 401 a client
// received is still counted (the attempt log and the lock counter), because the failure is
// committed before its answer leaves (issue 14, SPEC §3).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { env, importFixtures, members, sqliteQuery, startServer, tempDir, timedLogin, waitFor } from './common.mjs';

let file, server;

before(() => {
  assert.ok(env.bin, 'MC_BIN is not set');
  file = join(tempDir('kill9'), 'moncompte.sqlite');
  importFixtures(`sqlite:${file}`);
});

after(async () => {
  await server?.stop();
});

test('every 401 received before kill -9 is counted after restart', async () => {
  server = await startServer(`sqlite:${file}`, ['--set', 'delivery.enabled=false']);
  const received = new Map();  // nir → 401s received
  let killed = false;
  // Two wrong passwords per member (the third would lock), all at once, a few rounds.
  const burst = [];
  for (let round = 0; round < 2; ++round)
    for (const m of members)
      burst.push(
        timedLogin(server, m.nir, `Wrong-${round}-Password!`)
          .then((r) => {
            if (r.status === 401) received.set(m.nir, (received.get(m.nir) ?? 0) + 1);
            // Kill as soon as some answers have left and others are still in flight.
            if (!killed && [...received.values()].reduce((a, b) => a + b, 0) >= 3) {
              killed = true;
              server.child.kill('SIGKILL');
            }
          })
          .catch(() => {}),  // connections cut by the kill
      );
  await Promise.all(burst);
  if (!killed) server.child.kill('SIGKILL');
  await waitFor('the process to die', () => server.exited !== null);
  assert.equal(server.exited.signal, 'SIGKILL');
  assert.ok(received.size > 0, 'no 401 was received before the kill');

  // Restart on the same file, then look at what was kept.
  server = await startServer(`sqlite:${file}`, ['--set', 'delivery.enabled=false']);
  for (const [nir, n401] of received) {
    const nir13 = nir.slice(0, 13);
    const [[logged]] = sqliteQuery(file, "SELECT count(*) FROM login_attempts WHERE nir13 = ? AND outcome = 'wrong_password'", [nir13]);
    const [[failures]] = sqliteQuery(file, 'SELECT failures FROM lockouts WHERE nir13 = ?', [nir13]);
    assert.ok(logged >= n401, `${nir13}: ${n401} answered 401, ${logged} logged`);
    assert.ok(failures >= n401, `${nir13}: ${n401} answered 401, lock counter ${failures}`);
  }
  // And the restarted process answers.
  const r = await timedLogin(server, members[0].nir, members[0].password);
  assert.ok([200, 423].includes(r.status), JSON.stringify(r.body));
});
