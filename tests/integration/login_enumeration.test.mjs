// Enumeration-proof sign-in (SPEC §3): for a well-formed NIR with no account, the answers
// (status, headers, body) and the timing are those of an account with a wrong password, lock
// answers included; state answers (inactive, other space) need the correct password.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { testClock } from './clock.mjs';
import { median, rawLogin, startServer } from './harness.mjs';
import { people, unregistered } from './people.mjs';

const WRONG = 'Mauvais-Mot-2-passe';
let server;
// The seed's 20-minute temporary lock, walked on the test clock (never slept).
const clock = testClock();

before(async () => {
  server = await startServer({ set: { ...clock.set } });
});
after(() => server?.stop());

// Everything but Date, which legitimately differs.
function comparable(res) {
  return {
    status: res.status,
    statusMessage: res.statusMessage,
    headers: res.headers.filter(([name]) => name.toLowerCase() !== 'date'),
    body: res.body,
  };
}

test('a NIR with no account answers exactly like an account with a wrong password, locks included', async () => {
  const lanes = [
    ['account, wrong password', people.enum_account.nir13],
    ['member without an account', people.enum_no_account.nir13],
    ['NIR in no register', unregistered[0].nir13],
    ['inactive account, wrong password', people.enum_inactive.nir13],
    ['other-space account, wrong password', people.enum_other_space.nir13],
  ];
  // Each step is sent on every lane at once, so the lock times (and retry_after_s) line up.
  const step = async (label) => {
    const answers = await Promise.all(lanes.map(([, nir]) => rawLogin(server.port, nir, WRONG)));
    const reference = comparable(answers[0]);
    for (let i = 1; i < lanes.length; i++)
      assert.deepEqual(comparable(answers[i]), reference, `${label}: "${lanes[i][0]}" differs from "${lanes[0][0]}"`);
    return answers[0];
  };
  const seen = [];
  for (const n of [1, 2]) seen.push((await step(`failure ${n}`)).status);
  const lock = await step('failure 3 (temporary lock)');
  seen.push(lock.status);
  seen.push((await step('attempt during the lock')).status);
  clock.advance(JSON.parse(lock.body).retry_after_s * 1000 + 1000);
  for (const n of [4, 5, 6, 7]) seen.push((await step(`failure ${n}`)).status);
  assert.deepEqual(seen, [401, 401, 423, 423, 401, 401, 423, 423]);
});

test('timing: a wrong password and an unknown NIR both cost one Argon2id verification', async () => {
  // Each attempt counts, so the 10 samples of each kind are spread over fresh NIRs (2 each, below the lock).
  const accounts = ['timing_1', 'timing_2', 'timing_3', 'timing_4', 'timing_5'].map((r) => people[r].nir13);
  const unknown = [people.timing_noacc_1, people.timing_noacc_2, people.timing_noacc_3, unregistered[1], unregistered[2]]
    .map((p) => p.nir13);
  const timed = async (nir) => {
    const t0 = performance.now();
    const res = await rawLogin(server.port, nir, WRONG);
    const ms = performance.now() - t0;
    return { res, ms };
  };
  const wrong = [];
  const none = [];
  const malformed = [];
  await timed(people.robust.nir13 + '0'); // warm-up (connection set-up paths), not counted
  // Interleaved, one request at a time, so that load on the machine hits both series alike.
  for (let i = 0; i < 10; i++) {
    const a = await timed(accounts[i % 5]);
    const b = await timed(unknown[i % 5]);
    const c = await timed('12345'); // refused before any hashing
    assert.equal(a.res.status, 401);
    assert.equal(b.res.status, 401);
    assert.equal(c.res.status, 400);
    wrong.push(a.ms);
    none.push(b.ms);
    malformed.push(c.ms);
  }
  const mw = median(wrong);
  const mn = median(none);
  const mm = median(malformed);
  const info = `medians: wrong password ${mw.toFixed(1)} ms, no account ${mn.toFixed(1)} ms, malformed NIR ${mm.toFixed(1)} ms`;
  console.log(info);
  // Relative checks only: neither kind is answered much faster than the other…
  assert.ok(mn >= 0.5 * mw && mw >= 0.5 * mn, info);
  // …and both do real hashing work, which the malformed NIR (no hashing) shows by contrast.
  assert.ok(mw >= 3 * mm && mn >= 3 * mm, info);
});
