// FranceConnect end to end at the HTTP level: the real `moncompte serve` (MC_BIN) against the
// real test provider (provider.mjs, oidc-provider 8 configured like FC v2), with a "browser"
// that keeps one cookie jar for the service and one for the provider.
//
// provider.mjs registers https://moncompte.test/... as the redirect URIs (it cannot know our
// port); the service is configured with those URIs and this browser delivers what the provider
// sends there to the service on 127.0.0.1 (…/logged-out → the service's /logout-callback).
// The token-forgery matrix (alg none, HS256, wrong aud/iss, expiry, unknown kid, userinfo sub)
// is tested on the relying-party library (src/adapters/oidc, tests/franceconnect/e2e_test.cpp).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BIN, Client, setCookies, startServer } from '../integration/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ready = existsSync(join(here, 'node_modules', 'oidc-provider', 'package.json'));
const skip = ready ? false : 'run `npm ci --prefix tests/franceconnect` first';

// Must agree with provider.mjs.
const CLIENT_ID = 'moncompte';
const CLIENT_SECRET = 'test-only-secret-7c1f0a4e9b2d4c58a6e3f1d2b7c9e0a1';
const REGISTERED = 'https://moncompte.test';
const REDIRECT_URI = `${REGISTERED}/api/v1/franceconnect/callback`;
const LOGGED_OUT_URI = `${REGISTERED}/api/v1/franceconnect/logged-out`;

const identities = JSON.parse(readFileSync(join(here, 'service_identities.json'), 'utf8')).identities;
const nirOf = (login) => identities.find((i) => i.login === login).nir;
const passwords = Object.fromEntries(
  readFileSync(join(here, 'service_accounts.csv'), 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split(',')).map(([nir, , password]) => [nir, password]),
);

const temp = mkdtempSync(join(tmpdir(), 'mc-fc-'));
let provider;
let server;
const children = [];

async function startProvider() {
  const proc = spawn(process.execPath, [join(here, 'provider.mjs'), '0', '--identities', join(here, 'service_identities.json')],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('provider did not start')), 30_000);
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const m = /^ready (\d+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.once('exit', (code) => reject(new Error(`provider exited (${code})`)));
  });
  return { proc, port, issuer: `http://127.0.0.1:${port}/api/v2`, origin: `http://127.0.0.1:${port}` };
}

let dbCount = 0;
async function freshDb() {
  const file = join(temp, `fc-${++dbCount}.sqlite`);
  await promisify(execFile)(BIN, [
    'import', '--db', `sqlite:${file}`,
    '--register', join(here, 'service_register.csv'),
    '--organismes', join(here, 'service_organismes.csv'),
    '--accounts', join(here, 'service_accounts.csv'),
  ]);
  return file;
}

function fcSettings(issuer, extra = {}) {
  return {
    'franceconnect.enabled': 'true',
    'franceconnect.issuer': issuer,
    'franceconnect.client_id': CLIENT_ID,
    'franceconnect.client_secret': CLIENT_SECRET,
    'franceconnect.redirect_uri': REDIRECT_URI,
    'franceconnect.post_logout_redirect_uri': LOGGED_OUT_URI,
    'franceconnect.allow_http': 'true',
    'franceconnect.verify_tls': 'false',
    'franceconnect.timeout_ms': '10000',
    ...extra,
  };
}

// One user agent: a jar for the service, another for the provider.
class Browser {
  constructor(base) {
    this.service = new Client(base);
    this.fc = new Client('');
  }

  // Follows the provider's redirects until it sends us back to one of our registered URIs,
  // which is returned (or null, and `last` is the page the provider answered with).
  async throughProvider(url, { method = 'GET', body } = {}) {
    let next = url;
    let init = { method, body, headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {} };
    for (let hop = 0; hop < 10; hop++) {
      const res = await this.fc.request(next, init);
      this.last = res;
      const location = res.headers.get('location');
      if (![302, 303].includes(res.status) || !location) return null;
      next = new URL(location, next).toString();
      if (next.startsWith(REGISTERED)) return next;
      init = {};
    }
    return null;
  }

  // What the service would receive at a registered URI.
  deliver(registeredUrl) {
    const u = new URL(registeredUrl);
    const path = u.pathname === '/api/v1/franceconnect/logged-out' ? '/api/v1/franceconnect/logout-callback' : u.pathname;
    return this.service.get(path + u.search);
  }

  async start() {
    const res = await this.service.get('/api/v1/franceconnect/authorize');
    assert.equal(res.status, 302, res.text);
    return res.headers.get('location');
  }

  // The whole round: our authorize, FranceConnect signs `login` in, our callback. Returns the
  // callback's answer and the registered URL it was sent to.
  async signIn(login) {
    const authorize = await this.start();
    const back = await this.throughProvider(`${authorize}&login_hint=${login}`);
    assert.ok(back, `no redirect back from the provider: ${this.last?.status} ${this.last?.text?.slice(0, 200)}`);
    return { res: await this.deliver(back), back };
  }
}


const sessionCookieSet = (res) => setCookies(res).some((c) => /^mc_session=[0-9a-f]{64};/.test(c));

before(async () => {
  if (skip) return;
  provider = await startProvider();
  server = await startServer({ db: await freshDb(), set: fcSettings(provider.issuer) });
});

after(async () => {
  await server?.stop();
  for (const c of children) c.kill('SIGTERM');
  rmSync(temp, { recursive: true, force: true });
});

describe('franceconnect sign-in', { skip }, () => {
  test('the sign-in page offers FranceConnect and the CSP lets forms go to the provider', async () => {
    const res = await new Client(server.base).get('/connexion');
    assert.equal(res.status, 200);
    assert.match(res.text, /href="\/api\/v1\/franceconnect\/authorize"/);
    assert.match(res.text, /S&#39;identifier avec FranceConnect|S'identifier avec FranceConnect/);
    assert.match(res.headers.get('content-security-policy'), new RegExp(`form-action 'self' ${provider.origin}`));
  });

  test('authorize: 302 to the provider with state and nonce, and a flow cookie bound to the browser', async () => {
    const b = new Browser(server.base);
    const res = await b.service.get('/api/v1/franceconnect/authorize');
    assert.equal(res.status, 302);
    const url = new URL(res.headers.get('location'));
    assert.equal(url.origin + url.pathname, `${provider.issuer}/authorize`);
    const q = url.searchParams;
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), CLIENT_ID);
    assert.equal(q.get('redirect_uri'), REDIRECT_URI);
    assert.equal(q.get('acr_values'), 'eidas1');
    for (const scope of ['openid', 'given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry'])
      assert.ok(q.get('scope').split(' ').includes(scope), scope);
    assert.match(q.get('state'), /^[0-9a-f]{64}$/);
    assert.match(q.get('nonce'), /^[0-9a-f]{64}$/);
    assert.notEqual(q.get('state'), q.get('nonce'));
    const [cookie] = setCookies(res);
    assert.match(cookie, /^mc_fc=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  test('happy path: signed in, linked, and /api/v1/me shows the member with auth_method franceconnect', async () => {
    const b = new Browser(server.base);
    const { res } = await b.signIn('fc_happy');
    assert.equal(res.status, 303, res.text);
    assert.equal(res.headers.get('location'), '/mon-compte');
    assert.ok(sessionCookieSet(res));
    assert.ok(setCookies(res).some((c) => c.startsWith('mc_fc=;') && /Max-Age=0/.test(c)), 'flow cookie cleared');
    const me = await b.service.get('/api/v1/me');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.nir13, nirOf('fc_happy').slice(0, 13));
    assert.equal(me.json.family_name, 'LEFÈVRE');
    assert.equal(me.json.account_state, 'active');
    assert.equal(me.json.auth_method, 'franceconnect');
    const home = await b.service.get('/mon-compte');
    assert.equal(home.status, 200);
    assert.match(home.text, /Élodie Marie/);

    // Again, from another browser: now through the linked sub.
    const again = await new Browser(server.base).signIn('fc_happy');
    assert.equal(again.res.status, 303);
  });

  test('the sign-in history shows a FranceConnect sign-in as "FranceConnect", not as an unknown device', async () => {
    const b = new Browser(server.base);
    assert.equal((await b.signIn('fc_compound')).res.status, 303);
    const list = await b.service.get('/api/v1/me/sign-ins');
    assert.equal(list.status, 200, list.text);
    const first = list.json.sign_ins[0];
    assert.ok(first, list.text);
    assert.equal(first.channel, 'franceconnect');
    assert.ok(['recognised', 'unknown'].includes(first.device), 'SPEC §11 fixes the device values');
    assert.equal(first.result, 'ok');
    const page = await b.service.get('/mon-compte');
    assert.equal(page.status, 200);
    const history = page.text.slice(page.text.indexOf('id="historique-titre"'), page.text.indexOf('id="mes-donnees-titre"'));
    assert.match(history, /FranceConnect/);
    assert.doesNotMatch(history, /Appareil non reconnu/, 'only FranceConnect sign-ins here: none is an unknown device');
    const data = await b.service.get('/api/v1/me/data');
    assert.equal(data.status, 200);
    assert.equal(data.json.sign_ins[0].channel, 'franceconnect');
    assert.ok(data.json.signed_in_browsers.some((s) => s.method === 'franceconnect'), data.text);
  });

  for (const login of ['fc_case_accents', 'fc_compound', 'fc_born_abroad']) {
    test(`case, accents, hyphens and places: ${login} is recognised`, async () => {
      const b = new Browser(server.base);
      const { res } = await b.signIn(login);
      assert.equal(res.status, 303, res.text);
      const me = await b.service.get('/api/v1/me');
      assert.equal(me.json.nir13, nirOf(login).slice(0, 13));
    });
  }

  test('no match: a clear page and the way to the caisse, nobody signed in', async () => {
    const b = new Browser(server.base);
    const { res } = await b.signIn('fc_no_match');
    assert.equal(res.status, 403);
    assert.match(res.text, /ne correspond à aucun dossier/);
    assert.match(res.text, /36 46/);
    assert.match(res.text, /France Services/);
    assert.match(res.text, /accueil de votre caisse/);
    assert.ok(!sessionCookieSet(res));
    assert.equal((await b.service.get('/api/v1/me')).status, 401);
  });

  test('two register entries match: never guessed, nobody signed in, nothing linked', async () => {
    const b = new Browser(server.base);
    const { res } = await b.signIn('fc_twins');
    assert.equal(res.status, 403);
    assert.match(res.text, /Plusieurs dossiers/);
    assert.match(res.text, /36 46/);
    assert.ok(!sessionCookieSet(res));
    // Each homonym can still sign in with a password.
    const twin = new Client(server.base);
    const nir = '288096912300172';
    assert.equal((await twin.login(nir.slice(0, 13), passwords[nir])).status, 200);
    assert.equal((await twin.get('/api/v1/me')).json.auth_method, 'password');
  });

  test('the member cancels on FranceConnect', async () => {
    const b = new Browser(server.base);
    const { res } = await b.signIn('abort');
    assert.equal(res.status, 200);
    assert.match(res.text, /Vous avez annulé la connexion avec FranceConnect/);
    assert.ok(!sessionCookieSet(res));
  });
});

describe('franceconnect flow binding', { skip }, () => {
  test('a forged state is refused, and the flow is gone for good', async () => {
    const b = new Browser(server.base);
    const authorize = await b.start();
    const back = await b.throughProvider(`${authorize}&login_hint=fc_happy`);
    const forged = new URL(back);
    const state = forged.searchParams.get('state');
    forged.searchParams.set('state', (state[0] === 'a' ? 'b' : 'a') + state.slice(1));
    const res = await b.deliver(forged.toString());
    assert.equal(res.status, 400);
    assert.match(res.text, /a expiré ou a déjà été utilisée/);
    assert.ok(!sessionCookieSet(res));
    const genuine = await b.deliver(back);
    assert.equal(genuine.status, 400);
    assert.equal((await b.service.get('/api/v1/me')).status, 401);
  });

  test('a replayed callback (same code, same state, same browser) is refused', async () => {
    const b = new Browser(server.base);
    const { res, back } = await b.signIn('fc_happy');
    assert.equal(res.status, 303);
    const replay = await b.deliver(back);
    assert.equal(replay.status, 400);
    assert.ok(!sessionCookieSet(replay));
  });

  test('the flow (and so its nonce) cannot be reused by keeping the cookie', async () => {
    const b = new Browser(server.base);
    const authorize = await b.start();
    const cookie = b.service.jar.get('mc_fc');
    const back = await b.throughProvider(`${authorize}&login_hint=fc_happy`);
    assert.equal((await b.deliver(back)).status, 303);
    // The browser (or an attacker who copied the cookie) replays the flow with a new code.
    const other = new Browser(server.base);
    const otherBack = await other.throughProvider(`${authorize}&login_hint=fc_happy`);
    other.service.jar.cookies.set('mc_fc', cookie);
    const res = await other.deliver(otherBack);
    assert.equal(res.status, 400);
    assert.ok(!sessionCookieSet(res));
  });

  test('a replayed code is refused by the provider (fresh flow, old code)', async () => {
    const a = new Browser(server.base);
    const { res, back } = await a.signIn('fc_happy');
    assert.equal(res.status, 303);
    const oldCode = new URL(back).searchParams.get('code');
    const b = new Browser(server.base);
    const authorize = new URL(await b.start());
    const forged = `${REDIRECT_URI}?code=${encodeURIComponent(oldCode)}&state=${authorize.searchParams.get('state')}`;
    const replay = await b.deliver(forged);
    assert.equal(replay.status, 502);
    assert.match(replay.text, /La connexion avec FranceConnect n&#39;a pas abouti|La connexion avec FranceConnect n'a pas abouti/);
    assert.ok(!sessionCookieSet(replay));
    assert.equal((await b.service.get('/api/v1/me')).status, 401);
  });

  test("another browser's callback is refused (no flow cookie)", async () => {
    const a = new Browser(server.base);
    const authorize = await a.start();
    const back = await a.throughProvider(`${authorize}&login_hint=fc_happy`);
    const thief = new Browser(server.base);
    const res = await thief.deliver(back);
    assert.equal(res.status, 400);
    assert.ok(!sessionCookieSet(res));
    // The legitimate browser still can: the thief's request did not touch its flow.
    assert.equal((await a.deliver(back)).status, 303);
  });
});

describe('franceconnect lock matrix', { skip }, () => {
  test('temporarily locked: signs in, and the lock on the password stays', async () => {
    const nir = nirOf('fc_temp_locked');
    const b = new Browser(server.base);
    const { res } = await b.signIn('fc_temp_locked');
    assert.equal(res.status, 303, res.text);
    const me = await b.service.get('/api/v1/me');
    assert.equal(me.json.account_state, 'temp_locked');
    const pw = await new Client(server.base).login(nir.slice(0, 13), passwords[nir]);
    assert.equal(pw.status, 423);
    assert.equal(pw.json.result, 'temporarily_locked');
  });

  test('FranceConnect does not reset the failure count', async () => {
    const nir = nirOf('fc_counted');
    const c = new Client(server.base);
    for (const left of [2, 1]) {
      const r = await c.login(nir.slice(0, 13), 'Mauvais-mot-de-passe-1');
      assert.equal(r.status, 401);
      assert.equal(r.json.attempts_before_lock, left);
    }
    assert.equal((await new Browser(server.base).signIn('fc_counted')).res.status, 303);
    const third = await c.login(nir.slice(0, 13), 'Mauvais-mot-de-passe-1');
    assert.equal(third.status, 423, 'the third failure still locks');
    assert.equal(third.json.result, 'temporarily_locked');
  });

  const refused = [
    ['fc_perm_locked', 423, /Compte bloqué : contactez votre caisse au 36 46\./],
    ['fc_inactive', 403, /désactivé après une longue période sans connexion/],
    ['fc_pending', 403, /pas encore activé/],
    ['fc_no_account', 403, /pas encore créé votre compte[\s\S]*href="\/activation"/],
    ['fc_other_space', 403, /MSA Île-de-France[\s\S]*« espace privé MSA »[\s\S]*01 30 63 88 80/],
  ];
  for (const [login, status, text] of refused) {
    test(`${login}: refused with its own page`, async () => {
      const b = new Browser(server.base);
      const { res } = await b.signIn(login);
      assert.equal(res.status, status, res.text);
      assert.match(res.text, text);
      assert.ok(!sessionCookieSet(res));
      assert.equal((await b.service.get('/api/v1/me')).status, 401);
    });
  }

  test('perm locked stays locked for the password too', async () => {
    const nir = nirOf('fc_perm_locked');
    await new Browser(server.base).signIn('fc_perm_locked');
    const pw = await new Client(server.base).login(nir.slice(0, 13), passwords[nir]);
    assert.equal(pw.status, 423);
    assert.equal(pw.json.result, 'permanently_locked');
  });

  test('temporarily locked accounts are refused when franceconnect.allow_temporarily_locked=false', async () => {
    const strict = await startServer({
      db: await freshDb(),
      set: fcSettings(provider.issuer, { 'franceconnect.allow_temporarily_locked': 'false' }),
    });
    try {
      const b = new Browser(strict.base);
      const { res } = await b.signIn('fc_temp_locked');
      assert.equal(res.status, 423, res.text);
      assert.match(res.text, /Compte bloqué temporairement : réessayez dans \d+ minutes/);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      assert.ok(!sessionCookieSet(res));
    } finally {
      await strict.stop();
    }
  });
});

describe('franceconnect logout', { skip }, () => {
  test('signing out ends our session and the FranceConnect session', async () => {
    const b = new Browser(server.base);
    assert.equal((await b.signIn('fc_logout')).res.status, 303);
    // While the provider session lives, a new authorization needs no login (asked from a
    // signed-out tab of our service, sharing the browser's provider cookies).
    const probe = new Browser(server.base);
    probe.fc = b.fc;
    assert.ok(await probe.throughProvider(await probe.start()), 'provider session alive');

    const home = await b.service.get('/mon-compte');
    const csrf = /name="csrf" value="([0-9a-f]+)"/.exec(home.text)[1];
    const out = await b.service.postForm('/deconnexion', { csrf });
    assert.equal(out.status, 303);
    const endSession = new URL(out.headers.get('location'));
    assert.equal(endSession.origin + endSession.pathname, `${provider.issuer}/session/end`);
    assert.ok(endSession.searchParams.get('id_token_hint'));
    assert.equal(endSession.searchParams.get('post_logout_redirect_uri'), LOGGED_OUT_URI);
    const state = endSession.searchParams.get('state');
    assert.match(state, /^[0-9a-f]{64}$/);
    assert.equal((await b.service.get('/api/v1/me')).status, 401, 'our session is over');

    // The provider asks for confirmation (as FranceConnect does); the browser confirms.
    assert.equal(await b.throughProvider(endSession.toString()), null);
    const action = /action="([^"]+)"/.exec(b.last.text)[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(b.last.text)[1];
    const back = await b.throughProvider(new URL(action, provider.origin).toString(), {
      method: 'POST', body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    assert.ok(back?.startsWith(LOGGED_OUT_URI), `${b.last?.status} ${b.last?.text?.slice(0, 200)}`);
    assert.equal(new URL(back).searchParams.get('state'), state);
    const landing = await b.deliver(back);
    assert.equal(landing.status, 303);
    assert.equal(landing.headers.get('location'), '/connexion?deconnecte=1');

    // The provider session is gone: the same browser is asked who it is again.
    assert.equal(await probe.throughProvider(await probe.start()), null);
    assert.equal(probe.last.status, 200);
    assert.match(probe.last.text, /name="login"/);
  });

  test('a return from the provider with a wrong state only says we are signed out', async () => {
    const b = new Browser(server.base);
    const res = await b.service.get(`/api/v1/franceconnect/logout-callback?state=${'0'.repeat(64)}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Vous êtes déconnecté de MonCompte/);
  });

  test('POST /api/v1/logout of a FranceConnect session answers where to end the FranceConnect one', async () => {
    const b = new Browser(server.base);
    assert.equal((await b.signIn('fc_api_logout')).res.status, 303);
    const out = await b.service.postJson('/api/v1/logout', {});
    assert.equal(out.status, 200);
    assert.equal(out.json.result, 'ok');
    const url = new URL(out.json.franceconnect_logout_url);
    assert.equal(url.origin + url.pathname, `${provider.issuer}/session/end`);
    assert.ok(url.searchParams.get('id_token_hint'));
    assert.ok(b.service.jar.get('mc_fc'), 'flow cookie for the return');
    assert.equal((await b.service.get('/api/v1/me')).status, 401);

    // A password session logs out locally only.
    const nir = nirOf('fc_api_logout');
    const c = new Client(server.base);
    assert.equal((await c.login(nir.slice(0, 13), passwords[nir])).status, 200);
    const local = await c.postJson('/api/v1/logout', {});
    assert.deepEqual(local.json, { result: 'ok' });
  });
});

describe('franceconnect configuration', { skip }, () => {
  test('disabled by default: no button, no routes', async () => {
    const plain = await startServer({ db: await freshDb() });
    try {
      const c = new Client(plain.base);
      const page = await c.get('/connexion');
      assert.doesNotMatch(page.text, /franceconnect/i);
      assert.equal((await c.get('/api/v1/franceconnect/authorize')).status, 404);
    } finally {
      await plain.stop();
    }
  });

  test('enabled but incomplete: a clear start-up error', async () => {
    await assert.rejects(
      startServer({ db: await freshDb(), set: { 'franceconnect.enabled': 'true', 'franceconnect.client_id': CLIENT_ID } }),
      /franceconnect\.issuer, franceconnect\.client_secret is not set/,
    );
  });

  test('the provider unreachable: a French page, no flow, and the service keeps running', async () => {
    const down = await startServer({ db: await freshDb(), set: fcSettings('http://127.0.0.1:9/api/v2', { 'franceconnect.timeout_ms': '2000' }) });
    try {
      const c = new Client(down.base);
      const res = await c.get('/api/v1/franceconnect/authorize');
      assert.equal(res.status, 503);
      assert.match(res.text, /FranceConnect ne répond pas pour le moment/);
      assert.equal(c.jar.get('mc_fc'), undefined);
      assert.equal((await c.get('/healthz')).status, 200);
    } finally {
      await down.stop();
    }
  });
});
