// An offline OpenID provider configured like FranceConnect v2 (which is itself built on
// panva/oidc-provider), for MonCompte's tests only. Never expose it: it logs anyone in.
//
//   node provider.mjs PORT [--alg ES256|RS256] [--identities FILE] [--keys FILE]
//
// PORT 0 picks a free port. Prints "ready <port>" on stdout once listening on 127.0.0.1.
// Issuer: http://127.0.0.1:<port>/api/v2 (FC v2 serves everything under /api/v2).
//
// Two clients are registered, so one provider serves both signature algorithms:
//   moncompte        ES256 ID tokens and userinfo (what FC recommends)
//   moncompte-rs256  RS256
// --alg only chooses which key is listed first in the JWKS.
//
// Non-interactive login: the interaction page signs in the identity named by the
// `login_hint` authorization parameter (the `login` field of identities.json); the hint
// `abort` ends the flow with access_denied, as when a user cancels on FranceConnect. Without
// a hint a small form is shown, for a human poking at it with a browser.
//
// --keys FILE: signing keys (private JWKS) are read from FILE, or generated and written there
// when it does not exist. Without it, every start has fresh keys, which is how tests simulate
// a key rotation: restart the provider.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Provider from 'oidc-provider';

const here = path.dirname(fileURLToPath(import.meta.url));
const PREFIX = '/api/v2';

function parseArgs(argv) {
  const opts = { port: 0, alg: 'ES256', identities: path.join(here, 'identities.json'), keys: '' };
  const rest = [...argv];
  if (rest.length && !rest[0].startsWith('--')) opts.port = Number(rest.shift());
  while (rest.length) {
    const flag = rest.shift();
    const value = rest.shift();
    if (value === undefined) throw new Error(`missing value for ${flag}`);
    if (flag === '--alg') opts.alg = value;
    else if (flag === '--identities') opts.identities = value;
    else if (flag === '--keys') opts.keys = value;
    else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('bad port');
  if (!['ES256', 'RS256'].includes(opts.alg)) throw new Error('--alg must be ES256 or RS256');
  return opts;
}

const opts = parseArgs(process.argv.slice(2));

// Constants shared with the C++ tests (tests/franceconnect/e2e_test.cpp).
const CLIENT_SECRET = 'test-only-secret-7c1f0a4e9b2d4c58a6e3f1d2b7c9e0a1';
const REDIRECT_URI = 'https://moncompte.test/api/v1/franceconnect/callback';
const POST_LOGOUT_REDIRECT_URI = 'https://moncompte.test/api/v1/franceconnect/logged-out';
// FC derives `sub` from the identity, the service provider and a secret (§6 of
// shared/reference/franceconnect.md); doing the same keeps subs stable across restarts.
const SP_ENTITY_ID = 'moncompte-test';
const SUB_SECRET = 'test-only-sub-secret';

function makeKeys() {
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const stamp = crypto.randomBytes(4).toString('hex');
  return {
    keys: [
      { ...ec, kid: `es256-${stamp}`, alg: 'ES256', use: 'sig' },
      { ...rsa, kid: `rs256-${stamp}`, alg: 'RS256', use: 'sig' },
    ],
  };
}

function loadKeys() {
  if (!opts.keys) return makeKeys();
  if (fs.existsSync(opts.keys)) return JSON.parse(fs.readFileSync(opts.keys, 'utf8'));
  const jwks = makeKeys();
  fs.writeFileSync(opts.keys, JSON.stringify(jwks), { mode: 0o600 });
  return jwks;
}

const jwks = loadKeys();
jwks.keys.sort((a, b) => (a.alg === opts.alg ? -1 : 0) - (b.alg === opts.alg ? -1 : 0));

const sha256hex = (s) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');

function fcSub(id) {
  const place = id.birthcountry === '99100' ? id.birthplace : '';
  const identityHash = sha256hex(
    id.given_name + id.family_name + id.birthdate + id.gender + place + id.birthcountry,
  );
  return `${sha256hex(SP_ENTITY_ID + identityHash + SUB_SECRET)}v1`;
}

const identities = JSON.parse(fs.readFileSync(opts.identities, 'utf8')).identities;
const byLogin = new Map();
const bySub = new Map();
for (const id of identities) {
  const sub = id.sub || fcSub(id);
  const record = { ...id, sub };
  byLogin.set(id.login, record);
  bySub.set(sub, record);
}

const PIVOT = ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry'];

function claimsOf(id) {
  const claims = { sub: id.sub };
  for (const k of [...PIVOT, 'email', 'preferred_username']) {
    if (id[k] !== undefined) claims[k] = id[k];
  }
  claims.given_name_array = (id.given_name || '').split(' ').filter(Boolean);
  return claims;
}

const client = (clientId, alg) => ({
  client_id: clientId,
  client_secret: CLIENT_SECRET,
  token_endpoint_auth_method: 'client_secret_post',
  redirect_uris: [REDIRECT_URI],
  post_logout_redirect_uris: [POST_LOGOUT_REDIRECT_URI],
  response_types: ['code'],
  grant_types: ['authorization_code'],
  id_token_signed_response_alg: alg,
  userinfo_signed_response_alg: alg,
});

// The configuration follows FC's core-fcp-low (see shared/reference/franceconnect.md §10).
const configuration = {
  clients: [client('moncompte', 'ES256'), client('moncompte-rs256', 'RS256')],
  jwks,
  routes: {
    authorization: '/authorize',
    token: '/token',
    userinfo: '/userinfo',
    jwks: '/jwks',
    end_session: '/session/end',
    revocation: '/token/revocation',
  },
  features: {
    devInteractions: { enabled: false },
    jwtUserinfo: { enabled: true },
    claimsParameter: { enabled: true },
    rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    revocation: { enabled: true },
  },
  acrValues: ['eidas1'],
  scopes: ['openid'],
  claims: {
    acr: null,
    auth_time: null,
    amr: ['amr'],
    openid: ['sub'],
    given_name: ['given_name', 'given_name_array'],
    family_name: ['family_name'],
    birthdate: ['birthdate'],
    gender: ['gender'],
    birthplace: ['birthplace'],
    birthcountry: ['birthcountry'],
    email: ['email'],
    preferred_username: ['preferred_username'],
    profile: ['given_name', 'given_name_array', 'family_name', 'birthdate', 'gender', 'preferred_username'],
    birth: ['birthplace', 'birthcountry'],
    identite_pivot: ['given_name', 'given_name_array', ...PIVOT.slice(1)],
  },
  subjectTypes: ['public'],
  async findAccount(ctx, sub) {
    const id = bySub.get(sub);
    if (!id) return undefined;
    return { accountId: sub, claims: async () => claimsOf(id) };
  },
  interactions: { url: (ctx, interaction) => `${PREFIX}/interaction/${interaction.uid}` },
  responseTypes: ['code'],
  clientAuthMethods: ['client_secret_post'],
  pkce: { required: () => false },
  enabledJWA: {
    idTokenSigningAlgValues: ['ES256', 'RS256'],
    userinfoSigningAlgValues: ['ES256', 'RS256'],
  },
  ttl: { AuthorizationCode: 30, AccessToken: 60, IdToken: 60, Grant: 30, Interaction: 1800, Session: 1800 },
  cookies: { keys: ['test-only-cookie-key'] },
  renderError(ctx, out) {
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = `${out.error}: ${out.error_description || ''}\n`;
  },
};

async function logoutSource(ctx, form) {
  // A bare form: the headless test client reads the xsrf value and posts it back with logout=yes.
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html><html><body>${form}<button form="op.logoutForm" name="logout" value="yes">Se déconnecter</button></body></html>`;
}

async function postLogoutSuccessSource(ctx) {
  ctx.type = 'html';
  ctx.body = '<!DOCTYPE html><html><body>Déconnecté.</body></html>';
}

// Built once the port is known (see the end of this file): the issuer carries it.
let provider;

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

async function finishInteraction(ctx, uid, login) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== uid) ctx.throw(400, 'interaction mismatch');
  let result;
  if (!login || login === 'abort') {
    result = { error: 'access_denied', error_description: 'user authentication aborted' };
  } else {
    const id = byLogin.get(login);
    if (!id) ctx.throw(400, `unknown test identity ${login}`);
    const { params } = details;
    // As FC's oidc-provider-grant.service.ts does: grant every requested scope at once.
    const grant = new provider.Grant({ accountId: id.sub, clientId: params.client_id });
    grant.addOIDCScope(params.scope);
    if (params.claims) {
      const claims = JSON.parse(params.claims);
      grant.addOIDCClaims(Object.keys(claims.id_token || {}));
      grant.addOIDCClaims(Object.keys(claims.userinfo || {}));
    }
    grant.addOIDCClaims(['acr']);
    const grantId = await grant.save();
    result = {
      login: { accountId: id.sub, acr: 'eidas1', amr: ['pwd'], remember: false },
      consent: { grantId },
    };
  }
  const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(to);
}

// Runs before oidc-provider's own router (8.x answers 404 for paths it does not know).
async function interactionsAndStrictness(ctx, next) {
  const m = ctx.path.match(/^\/interaction\/([\w-]+)$/);
  if (m) {
    const uid = m[1];
    if (ctx.method === 'GET') {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      const hint = details.params.login_hint;
      if (hint) return finishInteraction(ctx, uid, hint);
      const options = [...byLogin.keys()]
        .map((l) => `<option value="${escapeHtml(l)}">${escapeHtml(l)}</option>`).join('');
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><html><body><form method="post">`
        + `<select name="login">${options}<option value="abort">abort</option></select>`
        + `<button>Se connecter</button></form></body></html>`;
      return undefined;
    }
    if (ctx.method === 'POST') {
      const form = await readForm(ctx.req);
      return finishInteraction(ctx, uid, form.get('login'));
    }
  }
  // FC answers a malformed authorization request with its own error page, not a redirect.
  if (ctx.path === '/authorize' && ctx.method === 'GET') {
    const q = ctx.query;
    const problems = [];
    if (!q.acr_values) problems.push('acr_values missing');
    if (!q.state) problems.push('state missing');
    if (!q.nonce) problems.push('nonce missing');
    else if (q.nonce.length < 22) problems.push('nonce shorter than 22 characters');
    if (q.prompt && q.prompt.split(' ').includes('none')) problems.push('prompt=none refused');
    if (problems.length) {
      ctx.status = 400;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `Y000400: ${problems.join(', ')}\n`;
      return undefined;
    }
  }
  return next();
}

let callback;
const server = http.createServer((req, res) => {
  // Mounted like express's app.use('/api/v2', ...): oidc-provider derives its URLs from
  // originalUrl minus url.
  if (req.url === PREFIX || req.url.startsWith(`${PREFIX}/`) || req.url.startsWith(`${PREFIX}?`)) {
    req.originalUrl = req.url;
    req.url = req.url.slice(PREFIX.length) || '/';
    return callback(req, res);
  }
  res.writeHead(404, { 'content-type': 'text/plain' });
  return res.end('not found\n');
});

server.listen(opts.port, '127.0.0.1', () => {
  const { port } = server.address();
  provider = new Provider(`http://127.0.0.1:${port}${PREFIX}`, configuration);
  provider.use(interactionsAndStrictness);
  callback = provider.callback();
  process.stdout.write(`ready ${port}\n`);
});

// Tests stop us with SIGTERM; in-memory state dies with the process anyway.
const shutdown = () => process.exit(0);
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
