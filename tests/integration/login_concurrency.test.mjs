// Race-free lockout (SPEC §3): however many attempts arrive at once, on however many processes
// sharing one database, at most 3 passwords are evaluated before the temporary lock — so at most
// two wrong passwords are answered 401, every other attempt 423.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testClock } from './clock.mjs';
import { Client, freshDb, startServer, tally } from './harness.mjs';
import { withKey } from './nir.mjs';
import { people } from './people.mjs';

const WRONG = 'Mauvais-Mot-2-passe';
// The seed's 20-minute temporary lock, walked on the test clock (never slept).
const clock = testClock();
const LOCK = { ...clock.set, 'password.hashing_queue': 64 };

function checkBurst(answers) {
  const t = tally(answers);
  const msg = `statuses: ${JSON.stringify(t)}`;
  for (const r of answers) assert.ok([401, 423].includes(r.status), `${msg}; unexpected ${r.status} ${r.text}`);
  assert.ok((t[401] ?? 0) <= 2, msg);
  assert.equal((t[401] ?? 0) + (t[423] ?? 0), answers.length, msg);
  for (const r of answers.filter((a) => a.status === 423)) assert.equal(r.json.result, 'temporarily_locked', msg);
  return t;
}

describe('one process', () => {
  let server;
  before(async () => {
    server = await startServer({ set: LOCK });
  });
  after(() => server?.stop());

  test('40 concurrent wrong passwords on one account: at most two 401s, the rest 423', async () => {
    const { nir13 } = people.burst;
    const answers = await Promise.all(Array.from({ length: 40 }, () => new Client(server.base).login(nir13, WRONG)));
    const t = checkBurst(answers);
    console.log(`one process, 40 at once: ${JSON.stringify(t)}`);
    assert.equal((await new Client(server.base).get('/healthz')).status, 200);
  });

  test('a correct password racing the 6th failure does not lift the permanent lock', async () => {
    // Failures 1–4 on each account, then the correct password and five wrong ones at once: if any
    // of them was answered permanently_locked, the account must stay locked for good afterwards.
    const roles = ['timing_1', 'timing_2', 'timing_3'];
    for (const role of roles) {
      const c = new Client(server.base);
      for (let i = 0; i < 3; i++) await c.login(people[role].nir13, WRONG);
    }
    clock.advance(21 * 60_000);
    for (const role of roles) {
      const { nir13, password } = people[role];
      const four = await new Client(server.base).login(nir13, WRONG);
      assert.equal(four.json.attempts_before_lock, 2, four.text);
      const burst = await Promise.all([
        new Client(server.base).login(nir13, password),
        ...Array.from({ length: 5 }, () => new Client(server.base).login(nir13, WRONG)),
      ]);
      const summary = burst.map((r) => `${r.status} ${r.json.result}`).join(', ');
      if (burst.some((r) => r.json.result === 'permanently_locked')) {
        const later = await new Client(server.base).login(nir13, password);
        assert.equal(later.status, 423, `${role}: after [${summary}] the correct password gave ${later.text}`);
        assert.equal(later.json.result, 'permanently_locked');
      }
    }
  });
});

describe('correct passwords at once', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  test('after two typos, two devices signing in at once with the correct password: never told "locked"', async () => {
    const { nir13, password } = people.together;
    const c = new Client(server.base);
    await c.login(nir13, WRONG);
    await c.login(nir13, WRONG);
    const both = await Promise.all([new Client(server.base).login(nir13, password), new Client(server.base).login(nir13, password)]);
    // The first reservation (attempt 3) places a lock that its correct password lifts a moment
    // later: the other sign-in waits for that outcome instead of being told "locked".
    assert.deepEqual(both.map((r) => `${r.status} ${r.json.result}`), ['200 ok', '200 ok']);
  });
});

describe('two processes on one SQLite file', () => {
  let a;
  let b;
  before(async () => {
    const db = await freshDb();
    a = await startServer({ db, set: LOCK });
    b = await startServer({ db, set: LOCK });
  });
  after(() => Promise.all([a?.stop(), b?.stop()]));

  test('a burst of 40 split between the two: at most two 401s in total', async () => {
    const { nir13 } = people.multi_burst;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => new Client((i % 2 ? b : a).base).login(nir13, WRONG)),
    );
    const t = checkBurst(answers);
    console.log(`two processes, 40 at once: ${JSON.stringify(t)}`);
  });

  test('the seed walk, alternating processes, holds one lockout', async () => {
    const { nir13, password } = people.multi_walk;
    const ca = new Client(a.base);
    const cb = new Client(b.base);
    const statuses = [];
    const attempt = async (c, pw = WRONG) => {
      const r = await c.login(nir13, pw);
      statuses.push(`${r.status} ${r.json?.result}${r.json?.attempts_before_lock ? ' ' + r.json.attempts_before_lock : ''}`);
      return r;
    };
    await attempt(ca);
    await attempt(cb);
    const lock = await attempt(ca);
    await attempt(cb, password); // refused by the other process too, correct password or not
    clock.advance(lock.json.retry_after_s * 1000 + 1000);
    await attempt(cb);
    await attempt(ca);
    await attempt(cb);
    await attempt(ca, password);
    await attempt(cb, password);
    assert.deepEqual(statuses, [
      '401 invalid_credentials 2',
      '401 invalid_credentials 1',
      '423 temporarily_locked',
      '423 temporarily_locked',
      '401 invalid_credentials 2',
      '401 invalid_credentials 1',
      '423 permanently_locked',
      '423 permanently_locked',
      '423 permanently_locked',
    ]);
  });

  test('a session opened on one process is valid on the other', async () => {
    const c = new Client(a.base);
    const ok = await c.login(people.session.nir13, people.session.password);
    assert.equal(ok.status, 200, ok.text);
    const other = new Client(b.base);
    other.jar = c.jar;
    const me = await other.get('/api/v1/me');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.nir13, people.session.nir13);
  });
});

describe('saturated hashing pool', () => {
  let server;
  before(async () => {
    server = await startServer({ set: { 'password.hashing_threads': 1, 'password.hashing_queue': 1 } });
  });
  after(() => server?.stop());

  test('503 busy with Retry-After when the pool is full, and a busy answer does not cost a try', async () => {
    // 12 distinct well-formed NIRs (no account: shadow counters behave like accounts).
    const nirs = Array.from({ length: 12 }, (_, i) => `1750675115${String(600 + i)}`);
    const first = await Promise.all(nirs.map((n) => new Client(server.base).login(n, WRONG)));
    const t = tally(first);
    console.log(`12 at once on a pool of 1 thread + 1 waiting: ${JSON.stringify(t)}`);
    assert.deepEqual(Object.keys(t).filter((s) => s !== '401' && s !== '503'), [], JSON.stringify(t));
    assert.ok((t[503] ?? 0) >= 1, `some were refused busy: ${JSON.stringify(t)}`);
    for (const r of first.filter((a) => a.status === 503)) {
      assert.equal(r.json.result, 'busy');
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
    }
    // One at a time now: the NIRs refused busy are at their first counted failure.
    for (let i = 0; i < nirs.length; i++) {
      const r = await new Client(server.base).login(withKey(nirs[i]), WRONG);
      assert.equal(r.status, 401, r.text);
      assert.equal(r.json.attempts_before_lock, first[i].status === 503 ? 2 : 1, `NIR ${nirs[i]} after ${first[i].status}`);
    }
  });
});
