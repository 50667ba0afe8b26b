// The Argon2id self-test at start (issue 14, SPEC §11): each kernel the CPU offers is checked
// before the service listens; a failing one is disabled and the next one used; nothing passing
// means no start. MC_TEST_ARGON2_BREAK (a test hook, docs/configuration.md) declares kernels
// faulty so that this runs the same on any CPU.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { env, events, fastHashing, importFixtures, members, startServer, tempDir, timedLogin } from './common.mjs';

let file;
const servers = [];

before(() => {
  assert.ok(env.bin, 'MC_BIN is not set');
  file = join(tempDir('argon2'), 'moncompte.sqlite');
  importFixtures(`sqlite:${file}`);
});

after(async () => {
  delete process.env.MC_TEST_ARGON2_BREAK;
  for (const s of servers) await s.stop();
});

async function serveWith(broken) {
  process.env.MC_TEST_ARGON2_BREAK = broken;
  try {
    const s = await startServer(`sqlite:${file}`, ['--set', 'delivery.enabled=false']);
    servers.push(s);
    return s;
  } finally {
    delete process.env.MC_TEST_ARGON2_BREAK;
  }
}

function chosen(server) {
  const lines = events(server, 'argon2_self_test');
  const listening = server.output.findIndex((l) => l.includes('"event":"listening"'));
  const chosenAt = server.output.findIndex((l) => l.includes('"event":"argon2_self_test"') && l.includes('"chosen":true'));
  assert.ok(chosenAt >= 0 && chosenAt < listening, 'the chosen kernel must be logged before listening');
  return { lines, chosen: lines.filter((e) => e.chosen) };
}

test('a faulty SIMD kernel is disabled and the portable one verifies', async () => {
  const server = await serveWith('avx2,ssse3');
  const { lines, chosen: c } = chosen(server);
  assert.equal(c.length, 1);
  assert.equal(c[0].kernel, 'portable');
  assert.equal(c[0].ok, true);
  for (const e of lines.filter((x) => x.kernel === 'avx2' || x.kernel === 'ssse3')) assert.equal(e.ok, false);
  const r = await timedLogin(server, members[0].nir, members[0].password);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const metrics = await (await fetch(`${server.base}/metrics`)).text();
  assert.match(metrics, /moncompte_argon2_self_test\{kernel="portable",chosen="true"\} 1/);
});

test('no kernel left: libsodium verifies alone', async () => {
  const server = await serveWith('avx2,ssse3,portable');
  const { chosen: c } = chosen(server);
  assert.equal(c.length, 1);
  assert.equal(c[0].kernel, 'libsodium');
  const r = await timedLogin(server, members[1].nir, members[1].password);
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

test('nothing passes: the service refuses to start, saying why', () => {
  const r = spawnSync(env.bin, ['serve', '--listen', '127.0.0.1:0', '--db', `sqlite:${file}`, '--set', 'log.format=json',
    ...fastHashing], { env: { ...process.env, MC_TEST_ARGON2_BREAK: 'avx2,ssse3,portable,libsodium' }, encoding: 'utf8', timeout: 60_000 });
  assert.notEqual(r.status, 0);
  assert.equal(r.signal, null);
  assert.match(r.stderr, /Argon2id self-test/);
  assert.doesNotMatch(r.stdout, /"event":"listening"/);
});
