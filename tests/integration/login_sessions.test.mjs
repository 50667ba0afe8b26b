// Sessions (SPEC §4, §11), security headers, and the operator endpoints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testClock } from './clock.mjs';
import { Client, setCookies, startServer } from './harness.mjs';
import { people } from './people.mjs';

let server;
// The default 20-minute idle timeout and 8-hour lifetime, walked on the test clock (never slept).
const clock = testClock();
const MINUTE = 60_000;

before(async () => {
  server = await startServer({ set: { ...clock.set } });
});
after(() => server?.stop());

describe('member session', () => {
  test('the cookie is HttpOnly, SameSite=Lax, Path=/ (and not Secure over plain HTTP)', async () => {
    const c = new Client(server.base);
    const res = await c.request('/api/v1/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nir: people.session.nir13, password: people.session.password }),
      cookies: false,
    });
    assert.equal(res.status, 200, res.text);
    // The session cookie, and the device cookie of SPEC §3 (device trust; tests in login_devices).
    const all = setCookies(res);
    const cookies = all.filter((c) => c.startsWith('mc_session='));
    assert.equal(cookies.length, 1, all.join(' | '));
    assert.deepEqual(all.filter((c) => !c.startsWith('mc_session=')).map((c) => c.split('=')[0]), ['mc_device']);
    const [pair, ...attrs] = cookies[0].split(';').map((s) => s.trim());
    const [name, value] = pair.split('=');
    assert.equal(name, 'mc_session');
    assert.ok(value.length >= 32, 'a long random id');
    const flags = attrs.map((a) => a.toLowerCase());
    assert.ok(flags.includes('httponly'), cookies[0]);
    assert.ok(flags.includes('samesite=lax'), cookies[0]);
    assert.ok(flags.includes('path=/'), cookies[0]);
    assert.ok(!flags.includes('secure'), 'no Secure flag on plain HTTP (cookie_secure=auto)');
  });

  test('/api/v1/me: 401 without a session, 200 with the member once signed in, 401 after logout', async () => {
    const c = new Client(server.base);
    const anonymous = await c.get('/api/v1/me');
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.json.result, 'unauthenticated');
    assert.equal((await c.login(people.session.nir13, people.session.password)).status, 200);
    const me = await c.get('/api/v1/me');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.nir13, people.session.nir13);
    assert.equal(me.json.family_name, 'ROUSSEAU');
    assert.equal(me.json.given_names, 'Anaïs');
    assert.equal(me.json.organisme, 'CPAM-75');
    assert.equal(me.json.account_state, 'active');
    const cookie = c.jar.get('mc_session');

    const out = await c.postJson('/api/v1/logout', {});
    assert.equal(out.status, 200, out.text);
    assert.match(out.headers.get('set-cookie'), /^mc_session=;.*Max-Age=0/i);
    assert.equal((await c.get('/api/v1/me')).status, 401);
    // The old cookie is dead on the server, not just forgotten by the browser.
    const replay = new Client(server.base);
    replay.jar.cookies.set('mc_session', cookie);
    assert.equal((await replay.get('/api/v1/me')).status, 401);
  });

  test('a forged or unknown cookie is refused', async () => {
    const c = new Client(server.base);
    c.jar.cookies.set('mc_session', 'a'.repeat(64));
    assert.equal((await c.get('/api/v1/me')).status, 401);
  });

  test('idle timeout (20 minutes) ends a session; activity keeps it', async () => {
    const c = new Client(server.base);
    assert.equal((await c.login(people.session_idle.nir13, people.session_idle.password)).status, 200);
    assert.equal((await c.get('/api/v1/me')).status, 200);
    clock.advance(19 * MINUTE);
    assert.equal((await c.get('/api/v1/me')).status, 200, 'active 19 minutes later');
    clock.advance(19 * MINUTE);
    assert.equal((await c.get('/api/v1/me')).status, 200, 'the activity restarted the idle timeout');
    clock.advance(21 * MINUTE);
    const me = await c.get('/api/v1/me');
    assert.equal(me.status, 401, `idle: ${me.text}`);
  });

  test('absolute lifetime (8 hours) ends a session, whatever the activity', async () => {
    // Activity every 15 minutes keeps it under the idle limit; the absolute limit ends it anyway.
    const c = new Client(server.base);
    assert.equal((await c.login(people.session_abs.nir13, people.session_abs.password)).status, 200);
    const seen = [];
    for (let i = 0; i < 31; i++) {
      clock.advance(15 * MINUTE);
      seen.push((await c.get('/api/v1/me')).status);
    }
    clock.advance(14 * MINUTE);  // 7 h 59 after sign-in
    seen.push((await c.get('/api/v1/me')).status);
    assert.deepEqual(seen, Array(32).fill(200), `absolute: ${seen.join(',')}`);
    clock.advance(2 * MINUTE);  // 8 h 01
    const me = await c.get('/api/v1/me');
    assert.equal(me.status, 401, `absolute: ${me.text}`);
  });

  test('each sign-in gets a new session id', async () => {
    const c = new Client(server.base);
    await c.login(people.session.nir13, people.session.password);
    const first = c.jar.get('mc_session');
    await c.login(people.session.nir13, people.session.password);
    assert.notEqual(c.jar.get('mc_session'), first);
  });

  test('X-Forwarded-Proto is ignored unless the proxy is trusted', async () => {
    const res = await new Client(server.base).postJson(
      '/api/v1/login', { nir: people.session.nir13, password: people.session.password },
      { headers: { 'x-forwarded-proto': 'https' } },
    );
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.headers.get('set-cookie'), /;\s*Secure/i);
    assert.equal(res.headers.get('strict-transport-security'), null);
  });
});

describe('behind a trusted TLS proxy (server.trust_forwarded_for=true)', () => {
  let proxied;
  before(async () => {
    proxied = await startServer({ set: { 'server.trust_forwarded_for': true } });
  });
  after(() => proxied?.stop());

  test('the session cookie is Secure and HSTS is sent', async () => {
    const res = await new Client(proxied.base).postJson(
      '/api/v1/login', { nir: people.session.nir13, password: people.session.password },
      { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' } },
    );
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get('set-cookie'), /;\s*Secure/i);
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
  });
});

describe('security headers', () => {
  function checkHeaders(res, what) {
    const csp = res.headers.get('content-security-policy');
    assert.ok(csp, `${what}: Content-Security-Policy`);
    assert.ok(!csp.includes('unsafe-inline'), `${what}: ${csp}`);
    assert.ok(!csp.includes('unsafe-eval'), `${what}: ${csp}`);
    assert.match(csp, /frame-ancestors 'none'/, what);
    assert.match(csp, /default-src 'self'/, what);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', what);
    assert.ok(res.headers.get('referrer-policy'), `${what}: Referrer-Policy`);
  }

  test('on pages, API answers and errors', async () => {
    const c = new Client(server.base);
    checkHeaders(await c.get('/'), 'GET /');
    checkHeaders(await c.get('/connexion'), 'GET /connexion');
    checkHeaders(await c.get('/nulle-part'), 'page 404');
    checkHeaders(await c.get('/api/v1/me'), 'API 401');
    checkHeaders(await c.login(people.metrics.nir13, 'Mauvais-Mot-2-passe'), 'API login 401');
    checkHeaders(await c.postJson('/api/v1/login', '['), 'API 400');
    checkHeaders(await c.get('/api/v1/nope'), 'API 404');
    checkHeaders(await c.get('/healthz'), '/healthz');
    const api = await c.get('/api/v1/me');
    assert.match(api.headers.get('cache-control') ?? '', /no-store/, 'API answers are not cached');
  });
});

describe('operator endpoints', () => {
  test('/healthz → 200', async () => {
    const res = await new Client(server.base).get('/healthz');
    assert.equal(res.status, 200);
  });

  test('/metrics exposes sign-in outcomes and request durations (Prometheus text)', async () => {
    const c = new Client(server.base);
    await c.login(people.metrics.nir13, people.metrics.password);
    await c.login('12345', 'x');
    const res = await c.get('/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/plain/);
    assert.match(res.text, /^# TYPE moncompte_login_attempts_total counter$/m);
    assert.match(res.text, /^moncompte_login_attempts_total\{result="ok"\} \d+/m);
    assert.match(res.text, /^moncompte_login_attempts_total\{result="invalid_nir"\} \d+/m);
    assert.match(res.text, /^# TYPE moncompte_http_request_duration_seconds histogram$/m);
    assert.match(res.text, /^moncompte_http_request_duration_seconds_bucket\{.*le="\+Inf"\} \d+/m);
    assert.match(res.text, /^moncompte_http_request_duration_seconds_count\{/m);
    assert.ok(!res.text.includes(people.metrics.nir13), 'no NIR in metric labels');
  });
});
