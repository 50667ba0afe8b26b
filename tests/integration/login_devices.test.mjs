// Device trust (SPEC §3 "Strangers must not lock a member out"): the seed's rule per (account,
// device class). A stranger who knows a NIR locks unknown devices only; the member's phone keeps
// signing in. Time is walked with the test clock (clock.offset_file), never slept.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './harness.mjs';
import { people } from './people.mjs';
import { SourceClient, setClockOffset } from './sources.mjs';

const WRONG = 'Mauvais-Mot-2-passe';
const clockFile = join(mkdtempSync(join(tmpdir(), 'mc-clock-')), 'offset');
setClockOffset(clockFile, 0);
let server;
const from = (address) => new SourceClient(server.port, address);
const member = people.walk;

before(async () => {
  server = await startServer({ set: { 'clock.offset_file': clockFile, 'delivery.enabled': false } });
});
after(() => server?.stop());

function expect401(res, left) {
  assert.equal(res.status, 401, res.text);
  assert.equal(res.json.attempts_before_lock, left);
}
function expectTemp(res) {
  assert.equal(res.status, 423, res.text);
  assert.equal(res.json.result, 'temporarily_locked');
}
function expectPerm(res) {
  assert.equal(res.status, 423, res.text);
  assert.equal(res.json.result, 'permanently_locked');
  assert.equal(res.json.message, 'Compte bloqué : contactez votre caisse au 36 46.');
}
const mailKinds = (to) =>
  execFileSync('sqlite3', [server.db, `SELECT kind FROM mail_outbox WHERE recipient = '${to}' ORDER BY id`]).toString().trim().split('\n').filter(Boolean);

describe('a stranger with the NIR, and the member with their phone', () => {
  const phone = () => phoneClient;
  let phoneClient;

  test('a successful sign-in hands the phone a device cookie bound to the account', async () => {
    phoneClient = from('127.0.0.2');
    const res = await phoneClient.login(member.nir15, member.password);
    assert.equal(res.status, 200, res.text);
    const cookie = res.setCookies.find((c) => c.startsWith('mc_device='));
    assert.ok(cookie, res.setCookies.join('\n'));
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.match(cookie, /; Max-Age=31536000/);
    assert.match(cookie, /^mc_device=[0-9a-f]{32}\.[0-9a-f]{32};/);
    // Signing out keeps it: it is not a session.
    const out = await phoneClient.request('/api/v1/logout', { method: 'POST', body: {} });
    assert.equal(out.status, 200);
    assert.ok(phoneClient.cookies.has('mc_device'));
  });

  test("the stranger's three guesses lock unknown devices; the phone still signs in", async () => {
    const stranger = from('127.0.0.3');
    expect401(await stranger.login(member.nir15, WRONG), 2);
    expect401(await stranger.login(member.nir15, WRONG), 1);
    expectTemp(await stranger.login(member.nir15, WRONG));
    expectTemp(await stranger.login(member.nir15, member.password)); // not counted, not evaluated
    assert.equal((await phone().login(member.nir15, member.password)).status, 200);
    expectTemp(await from('127.0.0.4').login(member.nir15, member.password)); // a fresh device: the seed's answer
    assert.deepEqual(mailKinds('walk@example.org'), ['notice_unknown_devices_locked']);
  });

  test('after the lock, three more lock unknown devices for good; only six were ever evaluated', async () => {
    setClockOffset(clockFile, 21 * 60_000);
    const stranger = from('127.0.0.3');
    expect401(await stranger.login(member.nir15, WRONG), 2);
    expect401(await stranger.login(member.nir15, WRONG), 1);
    expectPerm(await stranger.login(member.nir15, WRONG));
    expectPerm(await stranger.login(member.nir15, WRONG));
    expectPerm(await from('127.0.0.4').login(member.nir15, member.password));
    assert.equal((await phone().login(member.nir15, member.password)).status, 200);
    assert.deepEqual(mailKinds('walk@example.org'), ['notice_unknown_devices_locked', 'notice_unknown_devices_locked_permanently']);
    const evaluated = execFileSync('sqlite3', [server.db,
      `SELECT count(*) FROM login_attempts WHERE nir13 = '${member.nir13}' AND outcome = 'wrong_password'`]).toString().trim();
    assert.equal(evaluated, '6');
  });

  test("the phone's own counter follows the seed's rule, and a success resets it", async () => {
    expect401(await phone().login(member.nir15, WRONG), 2);
    expect401(await phone().login(member.nir15, WRONG), 1);
    assert.equal((await phone().login(member.nir15, member.password)).status, 200);
    expect401(await phone().login(member.nir15, WRONG), 2);
    assert.equal((await phone().login(member.nir15, member.password)).status, 200);
  });

  test('a forged cookie, or another account\'s, is no device cookie at all', async () => {
    const [id, mac] = phone().cookies.get('mc_device').split('.');
    const forged = from('127.0.0.5');
    forged.cookies.set('mc_device', `${id}.${mac.slice(0, -1)}${mac.endsWith('0') ? '1' : '0'}`);
    expectPerm(await forged.login(member.nir15, member.password));
    const stolen = from('127.0.0.5');
    stolen.cookies.set('mc_device', phone().cookies.get('mc_device'));
    const other = people.reset; // the phone's cookie names no device of this account
    expect401(await stolen.login(other.nir15, WRONG), 2);
    expect401(await stolen.login(other.nir15, WRONG), 1);
    expectTemp(await stolen.login(other.nir15, WRONG));
    const garbage = from('127.0.0.5');
    garbage.cookies.set('mc_device', 'not-a-device~~' + 'z'.repeat(500));
    expectPerm(await garbage.login(member.nir15, member.password));
  });

  test('"Mes appareils" lists the phone; removing it makes it an unknown device', async () => {
    const list = await phone().request('/api/v1/me/devices');
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.devices.length, 1);
    const [d] = list.json.devices;
    assert.equal(d.label, 'Chrome sur Android');
    assert.equal(d.current, true);
    assert.match(d.first_seen_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const page = await phone().request('/mon-compte');
    assert.match(page.text, /Mes appareils/);
    assert.match(page.text, /Chrome sur Android <strong>\(cet appareil\)<\/strong>/);
    const gone = await phone().request(`/api/v1/me/devices/${d.id}`, { method: 'DELETE' });
    assert.equal(gone.status, 200, gone.text);
    assert.equal((await phone().request(`/api/v1/me/devices/${d.id}`, { method: 'DELETE' })).status, 404);
    expectPerm(await phone().login(member.nir15, member.password));
  });
});

test('with lockout.device_trust = false, the seed\'s rule per account alone', async () => {
  const seed = await startServer({ set: { 'lockout.device_trust': false } });
  try {
    const m = people.third_correct;
    const phone = new SourceClient(seed.port, '127.0.0.2');
    const ok = await phone.login(m.nir15, m.password);
    assert.equal(ok.status, 200);
    assert.ok(!ok.setCookies.some((c) => c.startsWith('mc_device=')));
    const stranger = new SourceClient(seed.port, '127.0.0.3');
    expect401(await stranger.login(m.nir15, WRONG), 2);
    expect401(await stranger.login(m.nir15, WRONG), 1);
    expectTemp(await stranger.login(m.nir15, WRONG));
    expectTemp(await phone.login(m.nir15, m.password));
  } finally {
    await seed.stop();
  }
});
