// Staff sign-in: password + TOTP (RFC 6238), a code accepted once, the staff cookie and session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { Client, setCookies, STAFF_PASSWORD, freshCode, secrets, serviceNow, startServer, totpAt, uris, PASSWORD, nir13 } from './env.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

test('staff add printed an otpauth:// URI an authenticator app reads', () => {
  const u = new URL(uris.conseil);
  assert.equal(u.protocol, 'otpauth:');
  assert.equal(u.host, 'totp');
  assert.equal(decodeURIComponent(u.pathname), '/MonCompte:conseil');
  assert.equal(u.searchParams.get('issuer'), 'MonCompte');
  assert.match(u.searchParams.get('secret'), /^[A-Z2-7]{32}$/);
  assert.equal(u.searchParams.get('digits'), '6');
  assert.equal(u.searchParams.get('period'), '30');
});

test('a wrong code is refused, the right one signs in once, its replay is refused', async () => {
  const c = new Client(server.base);
  const step = Math.floor(serviceNow(server.db) / 30000);
  const good = totpAt(secrets.chef, step);
  const wrong = good === '000000' ? '111111' : '000000';
  let res = await c.postJson('/api/v1/staff/login', { login: 'chef', password: STAFF_PASSWORD, totp: wrong });
  assert.equal(res.status, 401);
  assert.equal(res.json.result, 'invalid_credentials');
  assert.equal(setCookies(res).length, 0);

  res = await c.postJson('/api/v1/staff/login', { login: 'chef', password: STAFF_PASSWORD, totp: good });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.role, 'superviseur');
  const cookie = setCookies(res).find((l) => l.startsWith('mc_staff='));
  assert.ok(cookie, 'staff cookie set');
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\//);
  res = await c.get('/api/v1/staff/me');
  assert.equal(res.status, 200);
  assert.equal(res.json.login, 'chef');
  assert.ok(res.json.permissions.includes('read_audit'));

  // Replayed: the very same code, from another client.
  const other = new Client(server.base);
  res = await other.postJson('/api/v1/staff/login', { login: 'chef', password: STAFF_PASSWORD, totp: good });
  assert.equal(res.status, 401);
  assert.equal(res.json.result, 'invalid_credentials');
  // An older code after a newer one: refused too.
  res = await other.postJson('/api/v1/staff/login', { login: 'chef', password: STAFF_PASSWORD, totp: totpAt(secrets.chef, step - 1) });
  assert.equal(res.status, 401);
  // The next step's code is fine (the window tolerates a phone one step ahead).
  res = await other.postJson('/api/v1/staff/login', { login: 'chef', password: STAFF_PASSWORD, totp: totpAt(secrets.chef, step + 1) });
  assert.equal(res.status, 200, res.text);
});

test('an unknown login and a wrong password answer like a wrong code', async () => {
  const c = new Client(server.base);
  const a = await c.postJson('/api/v1/staff/login', { login: 'personne', password: STAFF_PASSWORD, totp: '123456' });
  const b = await c.postJson('/api/v1/staff/login', { login: 'fservices', password: 'Mauvais-1', totp: await freshCode(server.db, 'fservices') });
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.equal(a.json.result, b.json.result);
});

test('staff have their own lockout: 3 failures lock the login, not the members', async () => {
  const c = new Client(server.base);
  const statuses = [];
  for (let i = 0; i < 4; i++)
    statuses.push((await c.postJson('/api/v1/staff/login', { login: 'conseil', password: 'Faux-Motdepasse-1', totp: '000000' })).status);
  assert.deepEqual(statuses, [401, 401, 423, 423]);
  const locked = await c.postJson('/api/v1/staff/login', { login: 'conseil', password: STAFF_PASSWORD, totp: await freshCode(server.db, 'conseil') });
  assert.equal(locked.status, 423);
  assert.ok(Number(locked.headers.get('retry-after')) > 0);
});

test('a member session is no staff session, and staff routes need one', async () => {
  const member = new Client(server.base);
  const login = await member.login(nir13('active'), PASSWORD);
  assert.equal(login.status, 200, login.text);
  assert.equal((await member.get('/api/v1/staff/me')).status, 401);
  assert.equal((await member.postJson(`/api/v1/staff/accounts/${nir13('locked')}/unlock`, { reason: 'x', evidence: 'y' })).status, 401);
  const page = await member.get('/conseiller/accueil');
  assert.equal(page.status, 303);
  assert.equal(page.headers.get('location'), '/conseiller/connexion');
});

test('the sign-in page works without JavaScript and keeps its CSRF token', async () => {
  const c = new Client(server.base);
  const form = await c.get('/conseiller/connexion');
  assert.equal(form.status, 200);
  assert.match(form.text, /<html lang="fr">/);
  assert.match(form.text, /<label for="totp">Code de vérification/);
  const csrf = /name="csrf" value="([0-9a-f]{64})"/.exec(form.text)[1];
  const noToken = await c.postForm('/conseiller/connexion', { login: 'fservices', password: STAFF_PASSWORD, totp: await freshCode(server.db, 'fservices') });
  assert.equal(noToken.status, 403);
  const res = await c.postForm('/conseiller/connexion', { csrf, login: 'fservices', password: STAFF_PASSWORD, totp: await freshCode(server.db, 'fservices') });
  assert.equal(res.status, 303, res.text);
  assert.equal(res.headers.get('location'), '/conseiller/accueil');
  const home = await c.get('/conseiller/accueil');
  assert.equal(home.status, 200);
  assert.match(home.text, /Agent France Services/);
  assert.doesNotMatch(home.text, /Journal d'audit/);
});
