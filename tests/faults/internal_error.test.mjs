// An exception nobody expected (here: a table dropped under the running service, as a bad
// manual intervention would) is a 500 in the right format — JSON under /api/, the French page
// elsewhere — with the security headers, and the same request_id in the answer and in the
// internal_error log line; the process keeps serving (issue 14).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { alive, env, events, importFixtures, members, sqliteQuery, startServer, tempDir, timedLogin, waitFor } from './common.mjs';

let file, server;

before(async () => {
  assert.ok(env.bin, 'MC_BIN is not set');
  file = join(tempDir('internal'), 'moncompte.sqlite');
  importFixtures(`sqlite:${file}`);
  server = await startServer(`sqlite:${file}`, ['--set', 'delivery.enabled=false']);
});

after(async () => {
  await server?.stop();
});

test('a 500 is logged with a request id and answered in the right format', async () => {
  sqliteQuery(file, 'DROP TABLE sessions');
  const [m0, m1] = members;

  const api = await timedLogin(server, m0.nir, m0.password);
  assert.equal(api.status, 500, JSON.stringify(api.body));
  assert.equal(api.body.result, 'internal');
  assert.match(api.body.request_id, /^[0-9a-f]{12}$/);
  const res = await fetch(`${server.base}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nir: m1.nir, password: m1.password }),
  });
  assert.equal(res.status, 500);
  assert.match(res.headers.get('content-type'), /application\/json/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.match(res.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  const id = (await res.json()).request_id;
  assert.equal(res.headers.get('x-request-id'), id);
  const logged = await waitFor('the internal_error log line', () =>
    events(server, 'internal_error').find((e) => e.request_id === id));
  assert.match(logged.error, /sessions/);

  // The sign-in form: the French page quoting the reference.
  const form = await fetch(`${server.base}/connexion`);
  const csrf = /mc_csrf=([0-9a-f]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1];
  const page = await fetch(`${server.base}/connexion`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `mc_csrf=${csrf}` },
    body: `nir=${m1.nir}&password=${encodeURIComponent(m1.password)}&csrf=${csrf}`,
    redirect: 'manual',
  });
  assert.equal(page.status, 500);
  assert.match(page.headers.get('content-type'), /text\/html/);
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
  const html = await page.text();
  assert.match(html, /erreur inattendue/);
  assert.ok(html.includes(page.headers.get('x-request-id')), 'the page quotes the reference');

  assert.ok(alive(server));
  assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
});
