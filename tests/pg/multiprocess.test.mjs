// The seed's lockout rule across several `moncompte serve` processes sharing one PostgreSQL
// database (SPEC §3 "Race-free … on however many server processes"), and what happens when the
// database restarts under them. Run by ctest -L postgres (tests/pg.cmake), or by hand:
//   MC_BIN=build/moncompte MC_TEST_PG_URL=… MC_PG_STATE=… node --test tests/pg/
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { testClock } from '../integration/clock.mjs';
import {
  cluster, dropDatabase, freshDatabase, healthz, importFixtures, login, members, missing, psql, sleep, startServer,
} from './helpers.mjs';

const skip = missing() ?? false;
const wrong = (i = 0) => `Mauvais-Motdepasse-${i}!`;
const nir13 = (m) => m.nir.slice(0, 13);

function tally(results) {
  const by = {};
  for (const r of results) by[r.status] = (by[r.status] ?? 0) + 1;
  return by;
}

describe('a burst over two processes', { skip }, () => {
  let db;
  let a;
  let b;
  before(async () => {
    db = freshDatabase('mc_burst');
    importFixtures(db);
    // A queue as deep as the burst: every request reaches the lockout counter, none is turned
    // away as busy before it.
    const opts = ['--set', 'password.hashing_queue=64'];
    [a, b] = await Promise.all([startServer(db, opts), startServer(db, opts)]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (db) dropDatabase(db);
  });

  test('40 wrong passwords at once, split over both processes: at most two 401s, three evaluated', async (t) => {
    const m = members[0];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => login(i % 2 ? a : b, m.nir, wrong(i))));
    const counts = tally(results);
    t.diagnostic(`answers by status: ${JSON.stringify(counts)}`);
    assert.ok((counts[401] ?? 0) <= 2, `401s: ${JSON.stringify(counts)}`);
    assert.deepEqual(Object.keys(counts).filter((s) => !['401', '423', '503'].includes(s)), [], JSON.stringify(counts));
    for (const r of results.filter((x) => x.status === 423)) assert.equal(r.body.result, 'temporarily_locked');
    // 503 "busy": the lock was placed by an attempt still being checked; asked to retry, not counted.
    for (const r of results.filter((x) => x.status === 503)) assert.equal(r.body.result, 'busy');
    // The counter stopped at the lock, and only three passwords were evaluated.
    assert.equal(psql(db, `SELECT failures FROM lockouts WHERE nir13 = '${nir13(m)}'`), '3');
    assert.equal(psql(db, `SELECT count(*) FROM login_attempts WHERE nir13 = '${nir13(m)}' AND outcome = 'wrong_password'`), '3');
    // Locked on both processes, even for the right password.
    for (const s of [a, b]) {
      const r = await login(s, m.nir, m.password);
      assert.equal(r.status, 423);
      assert.equal(r.body.result, 'temporarily_locked');
    }
  });

  test('right passwords on both processes at once all succeed', async () => {
    const results = await Promise.all(members.slice(1, 7).flatMap((m) => [login(a, m.nir, m.password), login(b, m.nir, m.password)]));
    assert.deepEqual(tally(results), { 200: 12 });
  });
});

// The seed's 20-minute temporary lock, walked on one test clock shared by both processes.
describe('the seed walk, alternating processes (temporary lock of 20 minutes)', { skip }, () => {
  let db;
  let a;
  let b;
  const clock = testClock();
  before(async () => {
    db = freshDatabase('mc_walk');
    importFixtures(db);
    const opts = clock.args;
    [a, b] = await Promise.all([startServer(db, opts), startServer(db, opts)]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (db) dropDatabase(db);
  });

  async function expect(server, m, password, status, fields) {
    const r = await login(server, m.nir, password);
    assert.equal(r.status, status, JSON.stringify(r.body));
    for (const [k, v] of Object.entries(fields)) assert.equal(r.body[k], v, `${k} in ${JSON.stringify(r.body)}`);
    return r;
  }

  test('3 failures lock for a while, failures 4 and 5 are answered, the 6th locks for good', async () => {
    const m = members[1];
    await expect(a, m, wrong(1), 401, { result: 'invalid_credentials', attempts_before_lock: 2 });
    await expect(b, m, wrong(2), 401, { result: 'invalid_credentials', attempts_before_lock: 1 });
    const locked = await expect(a, m, wrong(3), 423, { result: 'temporarily_locked' });
    assert.ok(locked.body.retry_after_s >= 1190 && locked.body.retry_after_s <= 1200, JSON.stringify(locked.body));
    assert.equal(locked.retryAfter, String(locked.body.retry_after_s));
    // While locked, even the right password is refused without being evaluated or counted.
    await expect(b, m, m.password, 423, { result: 'temporarily_locked' });
    clock.advance(locked.body.retry_after_s * 1000 + 1000);
    await expect(b, m, wrong(4), 401, { result: 'invalid_credentials', attempts_before_lock: 2, next_lock: 'permanent' });
    await expect(a, m, wrong(5), 401, { result: 'invalid_credentials', attempts_before_lock: 1, next_lock: 'permanent' });
    await expect(b, m, wrong(6), 423, { result: 'permanently_locked' });
    await expect(a, m, m.password, 423, { result: 'permanently_locked' });
    await expect(b, m, m.password, 423, { result: 'permanently_locked' });
    assert.equal(psql(db, `SELECT failures || ' ' || permanently_locked FROM lockouts WHERE nir13 = '${nir13(m)}'`), '6 true');
  });

  test('a success on the other process after the temporary lock starts the count again', async () => {
    const m = members[2];
    await expect(a, m, wrong(1), 401, { attempts_before_lock: 2 });
    await expect(b, m, wrong(2), 401, { attempts_before_lock: 1 });
    const locked = await expect(a, m, wrong(3), 423, { result: 'temporarily_locked' });
    clock.advance(locked.body.retry_after_s * 1000 + 1000);
    await expect(b, m, m.password, 200, { result: 'ok' });
    await expect(a, m, wrong(4), 401, { attempts_before_lock: 2, next_lock: 'temporary' });
  });
});

describe('PostgreSQL restarted under two serving processes', { skip: skip || (process.env.MC_PG_STATE ? false : 'MC_PG_STATE is not set') }, () => {
  let db;
  let a;
  let b;
  before(async () => {
    db = freshDatabase('mc_restart');
    importFixtures(db);
    const opts = ['--set', 'lockout.temporary_minutes=0.05'];
    [a, b] = await Promise.all([startServer(db, opts), startServer(db, opts)]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (db) dropDatabase(db);
  });

  test('503 while it is down, never a crash or a wrong answer, and recovery without a restart', async (t) => {
    const hammered = members[3];
    const quiet = members[4];
    assert.equal(await healthz(a), 200);
    assert.equal(await healthz(b), 200);

    // Wrong passwords keep coming from both processes for the whole outage.
    let running = true;
    const seen = [];
    const hammer = async (server) => {
      for (let i = 0; running; i++) {
        try {
          seen.push(await login(server, hammered.nir, wrong(i)));
        } catch (e) {
          seen.push({ status: 0, body: { error: String(e) } });
        }
        await sleep(25);
      }
    };
    const load = Promise.all([hammer(a), hammer(b)]);
    // Bounded waits for what the hammer sees (never a sleep standing for elapsed time).
    const until = async (what, done) => {
      for (const end = Date.now() + 30_000; !done();) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await sleep(25);
      }
    };

    await until('answers before the outage', () => seen.length >= 4);
    cluster('down');
    const down = seen.length;
    try {
      for (const s of [a, b]) {
        const r = await login(s, quiet.nir, quiet.password);
        assert.equal(r.status, 503, JSON.stringify(r.body));
        assert.equal(r.body.result, 'unavailable');
        assert.ok(r.retryAfter, 'Retry-After on 503');
        assert.equal(await healthz(s), 503);
      }
      await until('the hammer to meet the outage', () => seen.slice(down).filter((r) => r.status === 503).length >= 4);
    } finally {
      cluster('up');
    }

    // Back by itself: no process was restarted.
    for (const s of [a, b]) {
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        status = await healthz(s);
        if (status !== 200) await sleep(200);
      }
      assert.equal(status, 200, 'healthz after PostgreSQL came back');
    }
    const up = seen.length;
    await until('answers after the recovery', () => seen.slice(up).filter((r) => r.status !== 503).length >= 2);
    running = false;
    await load;

    assert.equal(a.exited, null, 'process A still running');
    assert.equal(b.exited, null, 'process B still running');
    const counts = tally(seen);
    t.diagnostic(`answers during the restart by status: ${JSON.stringify(counts)}`);
    assert.deepEqual(Object.keys(counts).filter((s) => !['401', '423', '503'].includes(s)), [], JSON.stringify(counts));
    assert.ok((counts[503] ?? 0) > 0, `the outage was seen: ${JSON.stringify(counts)}`);

    // Nothing half-written: every answered failure was recorded, no more than six were counted,
    // and the 401s stayed within the seed's rule (2 before the temporary lock, 2 after).
    const where = `nir13 = '${nir13(hammered)}'`;
    const failures = Number(psql(db, `SELECT coalesce(max(failures), 0) FROM lockouts WHERE ${where}`));
    const recorded = Number(psql(db, `SELECT count(*) FROM login_attempts WHERE ${where} AND outcome = 'wrong_password'`));
    assert.ok((counts[401] ?? 0) <= 4, JSON.stringify(counts));
    assert.ok((counts[401] ?? 0) <= recorded, `401s ${counts[401]} vs recorded ${recorded}`);
    t.diagnostic(`failures counted ${failures}, recorded ${recorded}`);
    assert.ok(recorded <= failures && failures <= 6, `recorded ${recorded}, counted ${failures}`);

    // And the quiet member signs in on both, as if nothing happened.
    for (const s of [a, b]) {
      const r = await login(s, quiet.nir, quiet.password);
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
  });
});
