// Live key rotation (issue 19 item 4): `moncompte keys rotate` writes a new current key in every
// key ring of keys/, SIGHUP makes the running service use it, and nothing made under the old keys
// breaks: the member's session and device cookie, a provisional code handed out before, the staff's
// TOTP sign-in (secrets sealed under the old key). New device cookies and codes are made under the
// new key (checked with node:crypto against the ring file). `keys retire` then drops the old keys
// (an old device cookie becomes an unknown device), and a broken key file on SIGHUP is logged
// while the service keeps its keys. No sleeps: every wait polls the service's log.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';

import { BIN, Client, COUNTER, freshDb, nir13, nir15, PASSWORD, sql, staffClient, startServer } from '../backoffice/env.mjs';

let server;
after(() => server?.stop());

const hmac = (key, s) => createHmac('sha256', key).update(s).digest('hex');

// The current key of a key file: 32 raw bytes (first start) or the ring's "current" line.
function currentKey(file) {
  const bytes = readFileSync(file);
  if (bytes.length === 32) return bytes;
  const text = bytes.toString('utf8');
  assert.match(text, /^moncompte-keyring 1\n/);
  return Buffer.from(/^current ([0-9a-f]{64})$/m.exec(text)[1], 'hex');
}

function keys(...args) {
  return execFileSync(BIN, ['keys', ...args], { encoding: 'utf8' });
}

const events = (name) =>
  server.logs.flatMap((l) => {
    try {
      const j = JSON.parse(l);
      return j.event === name ? [j] : [];
    } catch {
      return [];
    }
  });

// SIGHUP, then the "reloaded" line that ends the reload; returns the reload's keys_* lines.
async function sighup() {
  const seen = events('reloaded').length;
  const firstLine = server.logs.length;
  server.proc.kill('SIGHUP');
  const deadline = Date.now() + 20_000;
  while (events('reloaded').length === seen) {
    if (Date.now() > deadline) throw new Error('no "reloaded" line after SIGHUP:\n' + server.logs.slice(-20).join('\n'));
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(server.proc.exitCode, null, 'still running');
  return server.logs.slice(firstLine).map((l) => {
    try {
      return JSON.parse(l);
    } catch {
      return {};
    }
  });
}

const deviceMac = (key, id) => hmac(key, `device|${nir13('active')}|${id}`).slice(0, 32);

let password = PASSWORD;
async function signIn(client) {
  const res = await client.login(nir15('active'), password);
  assert.equal(res.status, 200, res.text);
  return client.jar.get('mc_device');
}

async function devices(client) {
  const res = await client.get('/api/v1/me/devices');
  assert.equal(res.status, 200, res.text);
  return res.json.devices.map((d) => d.id).sort();
}

async function counterCode() {
  const advisor = await staffClient(server, 'conseil'); // TOTP: the sealed secret must open
  const res = await advisor.postJson(`/api/v1/staff/accounts/${nir13('active')}/codes`, {
    channel: 'counter', reason: 'Accueil CPAM : mot de passe oublié', evidence: COUNTER,
  });
  assert.equal(res.status, 200, res.text);
  return res.json.code;
}

let round = 0;
async function redeem(code) {
  const next = `Nouveau-Jardin-2026!${++round}`;
  const res = await new Client(server.base).postJson('/api/v1/password-reset/complete', { nir: nir13('active'), code, new_password: next });
  if (res.status === 200) password = next;
  return res;
}

test('rotate + SIGHUP: old cookies, codes and TOTP keep working, new ones use the new keys; retire; a bad file is kept out', async () => {
  const db = await freshDb();
  server = await startServer({ db, set: { 'delivery.enabled': false, 'log.format': 'json' }, keepLogs: true });
  const dir = join(dirname(db), 'keys');
  const file = (name) => join(dir, name);

  // Before: a member signed in on a device, a code handed out at a counter.
  const phone = new Client(server.base);
  const oldCookie = await signIn(phone);
  const [id, mac] = oldCookie.split('.');
  const oldDeviceKey = currentKey(file('device-cookie.key'));
  assert.equal(mac, deviceMac(oldDeviceKey, id));
  assert.deepEqual(await devices(phone), [id]);
  const oldSecretsKey = currentKey(file('secrets.key'));
  const code = await counterCode();

  // Rotate every key, files replaced atomically and private.
  const out = keys('rotate', '--keys-dir', dir);
  for (const f of ['secrets.key', 'outbox.key', 'device-cookie.key', 'log-pseudonym.key', 'totp-secrets.key']) {
    assert.match(out, new RegExp(`^${f.replace('.', '\\.')}: new current key [0-9a-f]{12}, 1 previous key\\(s\\) kept$`, 'm'));
    assert.equal(statSync(file(f)).mode & 0o777, 0o600, f);
    assert.match(readFileSync(file(f), 'utf8'), /^moncompte-keyring 1\n/);
  }
  const newDeviceKey = currentKey(file('device-cookie.key'));
  const newSecretsKey = currentKey(file('secrets.key'));
  assert.notDeepEqual(newDeviceKey, oldDeviceKey);
  assert.match(keys('list', '--keys-dir', dir), /^device-cookie\.key: current [0-9a-f]{12}; previous [0-9a-f]{12} retired \d{4}-/m);

  const reload = await sighup();
  const reloaded = reload.filter((e) => e.event === 'keys_reloaded');
  assert.deepEqual(reloaded.map((e) => e.key).sort(), ['device-cookie', 'log-pseudonym', 'outbox', 'secrets', 'totp-secrets']);
  assert.ok(reloaded.every((e) => e.changed === true && e.previous === 1), JSON.stringify(reloaded));
  assert.equal(reload.find((e) => e.event === 'reloaded').keys, 'ok');

  // The session opened before is still open; the device cookie made under the old key still
  // names the device (no new device), and the sign-in re-issues it under the new key.
  assert.deepEqual(await devices(phone), [id]);
  const reissued = await signIn(phone);
  assert.deepEqual(await devices(phone), [id], 'the old device cookie was recognised');
  assert.equal(reissued, `${id}.${deviceMac(newDeviceKey, id)}`);

  // A new device gets a cookie under the new key only.
  const laptop = new Client(server.base);
  const [newId, newMac] = (await signIn(laptop)).split('.');
  assert.equal(newMac, deviceMac(newDeviceKey, newId));
  assert.notEqual(newMac, deviceMac(oldDeviceKey, newId));

  // A broken key file on SIGHUP: logged as an error, the keys in use kept, the service serving.
  const good = readFileSync(file('device-cookie.key'));
  writeFileSync(file('device-cookie.key'), 'moncompte-keyring 1\ncurrent not-a-key\n');
  const bad = await sighup();
  const failed = bad.find((e) => e.event === 'key_reload_failed');
  assert.ok(failed, 'key_reload_failed logged');
  assert.equal(failed.level, 'error');
  assert.equal(failed.key, 'device-cookie');
  assert.match(failed.error, /device cookie key/);
  assert.match(bad.find((e) => e.event === 'reloaded').keys, /failed/);
  assert.equal(bad.filter((e) => e.event === 'keys_reloaded').length, 4, 'the other keys reloaded');
  // Still the ring in use before: the laptop is recognised (no second entry in its cookie).
  assert.equal(await signIn(laptop), `${newId}.${deviceMac(newDeviceKey, newId)}`);
  writeFileSync(file('device-cookie.key'), good);
  assert.equal((await sighup()).find((e) => e.event === 'reloaded').keys, 'ok');

  // The code handed out before the rotation still redeems; a new one is stored under the new
  // key. The advisor signs in with TOTP each time (a secret sealed under the old key).
  const redeemed = await redeem(code);
  assert.equal(redeemed.status, 200, redeemed.text);
  const later = await counterCode();
  const stored = await sql(db, `SELECT secret_hash FROM codes WHERE nir13='${nir13('active')}' ORDER BY id DESC LIMIT 1`);
  const forms = [later, later.replace(/[-\s]/g, '')].map((c) => `code:${nir13('active')}:${c}`);
  assert.ok(forms.some((f) => hmac(newSecretsKey, f) === stored), 'written under the new secrets key');
  assert.ok(!forms.some((f) => hmac(oldSecretsKey, f) === stored));
  const again = await redeem(later);
  assert.equal(again.status, 200, again.text);

  // A second rotation, then `keys retire` drops every previous key (totp-secrets only when
  // named): after SIGHUP a device cookie made under the retired key names no device any more.
  const tablet = new Client(server.base);
  const [tabletId] = (await signIn(tablet)).split('.');
  keys('rotate', '--keys-dir', dir);
  await sighup();
  assert.equal(await signIn(tablet), `${tabletId}.${deviceMac(currentKey(file('device-cookie.key')), tabletId)}`);
  const tabletOld = new Client(server.base);
  tabletOld.jar.cookies.set('mc_device', tablet.jar.get('mc_device').replace(/\.[0-9a-f]+$/, `.${deviceMac(newDeviceKey, tabletId)}`));
  const retired = keys('retire', '--keys-dir', dir, '--older-than-days', '0');
  assert.match(retired, /^device-cookie\.key: 2 previous key\(s\) dropped, 0 kept$/m);
  assert.match(retired, /^totp-secrets\.key left alone/m);
  assert.equal((readFileSync(file('totp-secrets.key'), 'utf8').match(/^previous /gm) ?? []).length, 2);
  await sighup();
  const [strangerId] = (await signIn(tabletOld)).split('.');
  assert.notEqual(strangerId, tabletId, 'a cookie under a retired key is an unknown device');
  await staffClient(server, 'conseil'); // TOTP still opens: its old keys were kept
});
