// The seed's lockout rule over HTTP (SPEC §3, §11), with its 20-minute temporary lock walked on
// the test clock (never slept), and the answers that depend on the account's state (given only
// after a correct password).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testClock } from './clock.mjs';
import { Client, startServer } from './harness.mjs';
import { people } from './people.mjs';

const WRONG = 'Mauvais-Mot-2-passe';
let server;
const clock = testClock();

before(async () => {
  server = await startServer({ set: { ...clock.set } });
});
after(() => server?.stop());

function expectFailure(res, left, nextLock) {
  assert.equal(res.status, 401, res.text);
  assert.equal(res.json.result, 'invalid_credentials');
  assert.equal(res.json.attempts_before_lock, left);
  const tries = left > 1 ? `${left} essais` : '1 essai';
  const then = nextLock === 'permanent' ? 'avant le blocage définitif de votre compte.' : 'avant un blocage de 20 minutes.';
  assert.equal(res.json.message, `Mot de passe incorrect. Encore ${tries} ${then}`);
  assert.equal(res.json.next_lock, nextLock);
  assert.equal(res.headers.get('retry-after'), null);
}

function expectTemporaryLock(res) {
  assert.equal(res.status, 423, res.text);
  assert.equal(res.json.result, 'temporarily_locked');
  assert.ok(Number.isInteger(res.json.retry_after_s) && res.json.retry_after_s >= 1190 && res.json.retry_after_s <= 1200,
    `retry_after_s=${res.json.retry_after_s}`);
  assert.equal(res.headers.get('retry-after'), String(res.json.retry_after_s));
  assert.match(res.json.message, /^Compte bloqué temporairement : réessayez dans 20 minutes, ou utilisez « Mot de passe oublié »\.$/);
  return res.json.retry_after_s;
}

function expectPermanentLock(res) {
  assert.equal(res.status, 423, res.text);
  assert.equal(res.json.result, 'permanently_locked');
  assert.equal(res.json.message, 'Compte bloqué : contactez votre caisse au 36 46.');
  assert.equal(res.headers.get('retry-after'), null);
}

// Walks the test clock past a temporary lock announced `retry_after_s` seconds ago.
const waitLock = (s) => clock.advance(s * 1000 + 1000);

// The walks use different accounts but share the clock: they run one after the other.
describe('the seed walk', () => {
  test('1, 2 fail; 3 locks; locked attempts are not counted; 4, 5 fail; 6 locks for good; 7+ refused', async () => {
    const { nir13, password } = people.walk;
    const c = new Client(server.base);
    expectFailure(await c.login(nir13, WRONG), 2, 'temporary');
    expectFailure(await c.login(nir13, WRONG), 1, 'temporary');
    const wait = expectTemporaryLock(await c.login(nir13, WRONG));
    // While locked: refused, not evaluated, not counted — correct password included.
    expectTemporaryLock(await c.login(nir13, WRONG));
    expectTemporaryLock(await c.login(nir13, WRONG));
    expectTemporaryLock(await c.login(nir13, password));
    waitLock(wait);
    expectFailure(await c.login(nir13, WRONG), 2, 'permanent'); // failure number 4
    expectFailure(await c.login(nir13, WRONG), 1, 'permanent'); // 5
    expectPermanentLock(await c.login(nir13, WRONG)); // 6
    expectPermanentLock(await c.login(nir13, WRONG)); // 7
    expectPermanentLock(await c.login(nir13, password)); // correct password: still refused
    clock.advance(24 * 3600_000); // a permanent lock does not wear off, even a day later
    expectPermanentLock(await c.login(nir13, password));
    const me = await c.get('/api/v1/me');
    assert.equal(me.status, 401, 'no session was ever opened');
  });

  test('a success sets the count back to 0', async () => {
    const { nir13, password } = people.reset;
    const c = new Client(server.base);
    expectFailure(await c.login(nir13, WRONG), 2, 'temporary');
    expectFailure(await c.login(nir13, WRONG), 1, 'temporary');
    const ok = await c.login(nir13, password);
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json, { result: 'ok' });
    // Three fresh failures are needed for the temporary lock again.
    expectFailure(await c.login(nir13, WRONG), 2, 'temporary');
    expectFailure(await c.login(nir13, WRONG), 1, 'temporary');
    expectTemporaryLock(await c.login(nir13, WRONG));
  });

  test('the correct password as the 3rd attempt signs in (no lock), and the count starts again', async () => {
    const { nir13, password } = people.third_correct;
    const c = new Client(server.base);
    expectFailure(await c.login(nir13, WRONG), 2, 'temporary');
    expectFailure(await c.login(nir13, WRONG), 1, 'temporary');
    const ok = await c.login(nir13, password);
    assert.equal(ok.status, 200, ok.text);
    expectFailure(await c.login(nir13, WRONG), 2, 'temporary');
  });

  test('the correct password as the 6th attempt signs in (no permanent lock), and the count starts again', async () => {
    const { nir13, password } = people.sixth_correct;
    const c = new Client(server.base);
    for (let i = 0; i < 2; i++) await c.login(nir13, WRONG);
    const wait = expectTemporaryLock(await c.login(nir13, WRONG));
    waitLock(wait);
    expectFailure(await c.login(nir13, WRONG), 2, 'permanent');
    expectFailure(await c.login(nir13, WRONG), 1, 'permanent');
    const ok = await c.login(nir13, password);
    assert.equal(ok.status, 200, ok.text);
    expectFailure(await c.login(nir13, WRONG), 2, 'temporary');
    const again = await c.login(nir13, password);
    assert.equal(again.status, 200, again.text);
  });

  test('the correct password during a temporary lock is still refused; after it, it signs in and resets', async () => {
    const { nir13, password } = people.locked_correct;
    const c = new Client(server.base);
    for (let i = 0; i < 2; i++) await c.login(nir13, WRONG);
    const wait = expectTemporaryLock(await c.login(nir13, WRONG));
    expectTemporaryLock(await c.login(nir13, password));
    assert.equal((await c.get('/api/v1/me')).status, 401);
    waitLock(wait);
    const ok = await c.login(nir13, password);
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await c.get('/api/v1/me')).status, 200);
    // Back to the start of the rule: two tries before a temporary lock.
    expectFailure(await c.login(nir13, WRONG), 2, 'temporary');
  });
});

describe('answers that depend on the account state, after a correct password only', () => {
  test('inactive: 401 with a wrong password, 403 inactive with the right one', async () => {
    const { nir13, password } = people.inactive;
    const c = new Client(server.base);
    expectFailure(await c.login(nir13, WRONG), 2, 'temporary');
    const res = await c.login(nir13, password);
    assert.equal(res.status, 403, res.text);
    assert.equal(res.json.result, 'inactive');
    assert.match(res.json.message, /36 46/);
    assert.equal(c.jar.get('mc_session'), undefined, 'no session for an inactive account');
    assert.equal((await c.get('/api/v1/me')).status, 401);
  });

  test('no sign-in for over 24 months: 401 with a wrong password, 403 inactive with the right one', async () => {
    const { nir13, password } = people.dormant;
    const c = new Client(server.base);
    expectFailure(await c.login(nir13, WRONG), 2, 'temporary');
    const res = await c.login(nir13, password);
    assert.equal(res.status, 403, res.text);
    assert.equal(res.json.result, 'inactive');
    // It stays inactive: the refused sign-in did not count as activity.
    assert.equal((await c.login(nir13, password)).json.result, 'inactive');
  });

  test('other organisme space: 401 with a wrong password, 403 other_space naming it with the right one', async () => {
    const { nir13, password } = people.other_space;
    const c = new Client(server.base);
    expectFailure(await c.login(nir13, WRONG), 2, 'temporary');
    const res = await c.login(nir13, password);
    assert.equal(res.status, 403, res.text);
    assert.equal(res.json.result, 'other_space');
    assert.equal(res.json.organisme, 'MSA Île-de-France');
    assert.equal(res.json.phone, '01 30 63 88 80');
    assert.match(res.json.message, /MSA Île-de-France/);
    assert.match(res.json.message, /01 30 63 88 80/);
    assert.equal((await c.get('/api/v1/me')).status, 401);

    const enim = await c.login(people.other_space_enim.nir13, people.other_space_enim.password);
    assert.equal(enim.status, 403);
    assert.equal(enim.json.organisme, 'ENIM (marins)');
    assert.equal(enim.json.phone, '02 51 83 20 00');
  });

  test('pending: 401 with a wrong password, 403 pending with the right one', async () => {
    const { nir13, password } = people.pending;
    const c = new Client(server.base);
    expectFailure(await c.login(nir13, WRONG), 2, 'temporary');
    const res = await c.login(nir13, password);
    assert.equal(res.status, 403, res.text);
    assert.equal(res.json.result, 'pending');
  });

  test('an account imported permanently locked refuses even the correct password', async () => {
    const { nir13, password } = people.perm_locked;
    const c = new Client(server.base);
    expectPermanentLock(await c.login(nir13, password));
    expectPermanentLock(await c.login(nir13, WRONG));
  });

  test('an active account signs in with its password', async () => {
    const c = new Client(server.base);
    const res = await c.login(people.metrics.nir13, people.metrics.password);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { result: 'ok' });
  });
});
