// Secure by default (issue 17): with public.base_url=https://… and no proxy setting, as a small
// site deploying from the docs would, every cookie is Secure with the __Host- prefix and every
// response carries HSTS; session.cookie_secure is validated at start; /metrics is for operators.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { BIN, Client, freshDb, rawSocket, setCookies, startServer, statusOf } from './harness.mjs';
import { people } from './people.mjs';

const run = promisify(execFile);
const HTTPS_BASE = 'https://moncompte.example.fr';

function parse(line) {
  const [pair, ...attrs] = line.split(';').map((s) => s.trim());
  const eq = pair.indexOf('=');
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), flags: attrs.map((a) => a.toLowerCase()) };
}

// A __Host- cookie as browsers require it: Secure, Path=/, no Domain.
function assertHostCookie(line, base) {
  const c = parse(line);
  assert.equal(c.name, `__Host-${base}`, line);
  assert.ok(c.flags.includes('secure'), `Secure: ${line}`);
  assert.ok(c.flags.includes('path=/'), `Path=/: ${line}`);
  assert.ok(!c.flags.some((f) => f.startsWith('domain=')), `no Domain: ${line}`);
  assert.ok(c.flags.includes('httponly'), `HttpOnly: ${line}`);
  return c;
}

// The server's own answers (before any route): raw bytes on a socket, the whole reply read until
// the server closes the connection. 431: a 20 KB header (the limit is 8 KB); 400: not HTTP.
const RAW_ERRORS = [
  [431, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`],
  [400, 'GARBAGE\r\n\r\n'],
];
async function rawReply(port, bytes) {
  const s = await rawSocket(port);
  await s.write(bytes);
  s.socket.end();  // our side is done: the server's lingering close ends at once
  await s.closed;
  return s.text();
}
function rawHsts(reply) {
  return /^strict-transport-security:\s*(.*?)\r$/im.exec(reply.split('\r\n\r\n')[0])?.[1] ?? null;
}

function assertHsts(res, what) {
  const hsts = res.headers.get('strict-transport-security');
  assert.ok(hsts, `HSTS on ${what}`);
  const age = Number(/max-age=(\d+)/.exec(hsts)?.[1]);
  assert.ok(age >= 31536000, `max-age ≥ 1 year on ${what}: ${hsts}`);
}

describe('https public.base_url, no proxy settings', () => {
  let server;
  before(async () => {
    server = await startServer({ set: { 'public.base_url': HTTPS_BASE } });
  });
  after(() => server?.stop());

  test('sign-in (API): session and device cookies are __Host-, Secure; the session works with them', async () => {
    const c = new Client(server.base);
    const res = await c.login(people.walk.nir13, people.walk.password);
    assert.equal(res.status, 200, res.text);
    const all = setCookies(res);
    assert.deepEqual(all.map((l) => parse(l).name).sort(), ['__Host-mc_device', '__Host-mc_session'], all.join(' | '));
    for (const line of all) assertHostCookie(line, parse(line).name.slice(7));
    assert.ok(parse(all.find((l) => l.startsWith('__Host-mc_session='))).flags.includes('samesite=lax'));
    assertHsts(res, 'the sign-in');
    const me = await c.get('/api/v1/me');
    assert.equal(me.status, 200, me.text);
    assertHsts(me, '/api/v1/me');
    // Sign-out expires the prefixed cookie.
    const out = await c.postJson('/api/v1/logout', {});
    const cleared = setCookies(out).find((l) => l.startsWith('__Host-mc_session='));
    assert.ok(cleared && /max-age=0/i.test(cleared), setCookies(out).join(' | '));
    assert.equal((await c.get('/api/v1/me')).status, 401);
  });

  test('a session cookie set before the change (plain name) still works, and is retired', async () => {
    const c = new Client(server.base);
    assert.equal((await c.login(people.reset.nir13, people.reset.password)).status, 200);
    const value = c.jar.cookies.get('__Host-mc_session');
    const legacy = await c.get('/api/v1/me', { cookies: false, headers: { cookie: `mc_session=${value}` } });
    assert.equal(legacy.status, 200, 'signed-in members are not logged out by the upgrade');
    // The next time the service sets the prefixed cookie, the plain one is expired beside it.
    const again = await c.request('/api/v1/login', {
      method: 'POST', cookies: false,
      headers: { 'content-type': 'application/json', cookie: `mc_session=${value}` },
      body: JSON.stringify({ nir: people.reset.nir13, password: people.reset.password }),
    });
    assert.equal(again.status, 200);
    const lines = setCookies(again);
    assert.ok(lines.some((l) => /^mc_session=;/.test(l) && /max-age=0/i.test(l)), lines.join(' | '));
  });

  test('the sign-in page: CSRF cookie __Host-, Secure, SameSite=Strict; the form works', async () => {
    const c = new Client(server.base);
    const page = await c.get('/connexion');
    assert.equal(page.status, 200);
    assertHsts(page, '/connexion');
    const csrf = assertHostCookie(setCookies(page).find((l) => l.includes('mc_csrf=')), 'mc_csrf');
    assert.ok(csrf.flags.includes('samesite=strict'));
    const token = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
    assert.equal(token, csrf.value);
    const res = await c.postForm('/connexion', { csrf: token, nir: people.walk.nir13, password: people.walk.password });
    assert.equal(res.status, 303, res.text);
    assertHostCookie(setCookies(res).find((l) => l.includes('mc_session=')), 'mc_session');
    assert.equal((await c.get('/mon-compte')).status, 200);
  });

  test('HSTS on every kind of response: static, health, errors, 404, 405', async () => {
    const c = new Client(server.base);
    for (const [path, opts] of [['/static/app.css', {}], ['/healthz', {}], ['/nulle-part', {}], ['/api/v1/me', {}],
      ['/api/v1/inconnu', {}], ['/api/v1/login', { method: 'GET' }]]) {
      const res = await c.request(path, { ...opts, cookies: false });
      assertHsts(res, `${opts.method ?? 'GET'} ${path} (${res.status})`);
    }
  });

  test("HSTS on the server's own errors too (431, 400 answered before any route), over plain HTTP", async () => {
    for (const [status, bytes] of RAW_ERRORS) {
      const reply = await rawReply(server.port, bytes);
      assert.equal(statusOf(reply), status, reply.slice(0, 300));
      const hsts = rawHsts(reply);
      assert.ok(hsts, `HSTS on the ${status}: ${reply.slice(0, 300)}`);
      assert.ok(Number(/max-age=(\d+)/.exec(hsts)?.[1]) >= 31536000, hsts);
    }
  });
});

describe('plain http public.base_url (development)', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  test('cookies keep their plain names, without Secure, and no HSTS', async () => {
    const c = new Client(server.base);
    const res = await c.login(people.walk.nir13, people.walk.password);
    assert.equal(res.status, 200);
    for (const line of setCookies(res)) {
      assert.ok(!line.startsWith('__Host-'), line);
      assert.ok(!/;\s*secure/i.test(line), line);
    }
    assert.equal(res.headers.get('strict-transport-security'), null);
  });

  test("the server's own errors (431, 400) carry no HSTS either", async () => {
    for (const [status, bytes] of RAW_ERRORS) {
      const reply = await rawReply(server.port, bytes);
      assert.equal(statusOf(reply), status, reply.slice(0, 300));
      assert.equal(rawHsts(reply), null, reply.slice(0, 300));
    }
  });

  test('behind a trusted proxy that says https: Secure __Host- cookies and HSTS', async () => {
    const proxied = await startServer({ set: { 'server.trust_forwarded_for': true } });
    try {
      const c = new Client(proxied.base);
      const res = await c.request('/api/v1/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.7' },
        body: JSON.stringify({ nir: people.walk.nir13, password: people.walk.password }),
      });
      assert.equal(res.status, 200, res.text);
      assertHostCookie(setCookies(res).find((l) => l.includes('mc_session=')), 'mc_session');
      assertHsts(res, 'a request the proxy received over TLS');
    } finally {
      await proxied.stop();
    }
  });
});

describe('session.cookie_secure', () => {
  test('never: plain cookies even for an https base URL (HSTS still follows the base URL)', async () => {
    const server = await startServer({ set: { 'public.base_url': HTTPS_BASE, 'session.cookie_secure': 'never' } });
    try {
      const res = await new Client(server.base).login(people.walk.nir13, people.walk.password);
      assert.equal(res.status, 200);
      const session = setCookies(res).find((l) => l.startsWith('mc_session='));
      assert.ok(session && !/;\s*secure/i.test(session), setCookies(res).join(' | '));
      assertHsts(res, 'the sign-in');
    } finally {
      await server.stop();
    }
  });

  test('always: Secure __Host- cookies over plain http too', async () => {
    const server = await startServer({ set: { 'session.cookie_secure': 'always' } });
    try {
      const res = await new Client(server.base).login(people.walk.nir13, people.walk.password);
      assertHostCookie(setCookies(res).find((l) => l.includes('mc_session=')), 'mc_session');
    } finally {
      await server.stop();
    }
  });

  for (const bad of ['sometimes', 'true', 'Auto', '']) {
    test(`"${bad}" is refused at start with a clear error and exit status 2`, async () => {
      const db = await freshDb();
      const err = await run(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', `sqlite:${db}`, '--set', `session.cookie_secure=${bad}`])
        .then(() => null, (e) => e);
      assert.ok(err, 'the server must not start');
      assert.equal(err.code, 2, err.stderr);
      assert.match(err.stderr, /session\.cookie_secure/);
      assert.match(err.stderr, /auto, always or never/);
    });
  }
});

describe('/metrics is for operators', () => {
  test('from loopback by default; elsewhere 403 (metrics.allow_cidrs)', async () => {
    const server = await startServer();
    try {
      const ok = await new Client(server.base).get('/metrics');
      assert.equal(ok.status, 200);
      assert.match(ok.text, /moncompte_hashing_queue_depth/);
    } finally {
      await server.stop();
    }
    const closed = await startServer({ set: { 'metrics.allow_cidrs': '10.0.0.0/8' } });
    try {
      const refused = await new Client(closed.base).get('/metrics');
      assert.equal(refused.status, 403);
      assert.doesNotMatch(refused.text, /moncompte_/);
    } finally {
      await closed.stop();
    }
  });

  test('behind a trusted proxy, a public client is refused even though the proxy is local', async () => {
    const server = await startServer({ set: { 'server.trust_forwarded_for': true } });
    try {
      const res = await new Client(server.base).get('/metrics', { headers: { 'x-forwarded-for': '203.0.113.9' } });
      assert.equal(res.status, 403);
    } finally {
      await server.stop();
    }
  });

  test('metrics.listen: served there alone, and no longer on the service address', async () => {
    const server = await startServer({ set: { 'metrics.listen': '127.0.0.1:0' }, keepLogs: true });
    try {
      const line = server.logs.map((l) => { try { return JSON.parse(l); } catch { return {}; } }).find((j) => j.event === 'metrics_listening');
      assert.ok(line, server.logs.join('\n'));
      const res = await fetch(`http://127.0.0.1:${line.port}/metrics`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /moncompte_hashing_queue_depth/);
      const other = await fetch(`http://127.0.0.1:${line.port}/api/v1/me`);
      await other.text();
      assert.equal(other.status, 404);
      assert.equal((await new Client(server.base).get('/metrics')).status, 404);
    } finally {
      await server.stop();
    }
  });

  test('a malformed metrics.allow_cidrs is refused at start', async () => {
    const db = await freshDb();
    const err = await run(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', `sqlite:${db}`, '--set', 'metrics.allow_cidrs=loopback'])
      .then(() => null, (e) => e);
    assert.ok(err);
    assert.equal(err.code, 2, err.stderr);
    assert.match(err.stderr, /metrics\.allow_cidrs/);
  });
});
