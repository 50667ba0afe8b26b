// The HTML sign-in journey: /connexion (CSRF double submit), /mon-compte, /deconnexion.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, setCookies, startServer } from './harness.mjs';
import { people } from './people.mjs';

const WRONG = 'Mauvais-Mot-2-passe';
let server;

before(async () => {
  server = await startServer();
});
after(() => server?.stop());

function hiddenCsrf(html) {
  const m = /<input type="hidden" name="csrf" value="([^"]+)">/.exec(html);
  assert.ok(m, 'a hidden csrf field');
  return m[1];
}

// CSP forbids inline script and style: the markup must not need them.
function noInlineCode(html) {
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /\ssrc="\/static\//, tag);
  assert.doesNotMatch(html, /<style\b/);
  assert.doesNotMatch(html, /\sstyle="/);
  assert.doesNotMatch(html, /\son[a-z]+="/);
}

async function openForm(c) {
  const res = await c.get('/connexion');
  assert.equal(res.status, 200);
  return hiddenCsrf(res.text);
}

describe('GET /connexion', () => {
  test('French page with a CSRF field matching its cookie', async () => {
    const c = new Client(server.base);
    const res = await c.get('/connexion');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8/);
    assert.match(res.text, /<html lang="fr">/);
    assert.match(res.text, /Numéro de sécurité sociale/);
    assert.match(res.text, /Mot de passe oublié/);
    const token = hiddenCsrf(res.text);
    assert.equal(c.jar.get('mc_csrf'), token);
    const cookie = setCookies(res).find((s) => s.startsWith('mc_csrf='));
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=(Lax|Strict)/i);
    noInlineCode(res.text);
  });
});

describe('POST /connexion', () => {
  test('right CSRF and password → 303 to /mon-compte with a session; the page shows the member', async () => {
    const { nir15, password } = people.html_ok;
    const c = new Client(server.base);
    const csrf = await openForm(c);
    const res = await c.postForm('/connexion', { csrf, nir: nir15.replace(/(\d)(\d\d)(\d\d)/, '$1 $2 $3 '), password });
    assert.equal(res.status, 303, res.text);
    assert.equal(res.headers.get('location'), '/mon-compte');
    assert.ok(c.jar.get('mc_session'), 'session cookie');
    assert.match(setCookies(res).find((s) => s.startsWith('mc_session=')), /HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/i);
    const home = await c.get('/mon-compte');
    assert.equal(home.status, 200);
    assert.match(home.text, /Hélène/);
    assert.match(home.text, /FOURNIER/);
    assert.match(home.text, /CPAM du Rhône/);
    noInlineCode(home.text);
    // Already signed in: the form sends to the account page.
    const again = await c.get('/connexion');
    assert.equal(again.status, 303);
    assert.equal(again.headers.get('location'), '/mon-compte');
    // Sign out with the session's token.
    const out = await c.postForm('/deconnexion', { csrf: hiddenCsrf(home.text) });
    assert.equal(out.status, 303);
    assert.match(out.headers.get('location'), /^\/connexion/);
    const gone = await c.get('/mon-compte');
    assert.equal(gone.status, 303);
    assert.equal(gone.headers.get('location'), '/connexion');
  });

  test('without a CSRF token, or with another one → 403, and the attempt is not counted', async () => {
    const { nir13, password } = people.html_wrong;
    const c = new Client(server.base);
    const csrf = await openForm(c);
    const missing = await c.postForm('/connexion', { nir: nir13, password });
    assert.equal(missing.status, 403);
    assert.match(missing.text, /Le formulaire a expiré/);
    assert.equal(c.jar.get('mc_session'), undefined);
    const forged = await c.postForm('/connexion', { csrf: 'f'.repeat(64), nir: nir13, password: WRONG });
    assert.equal(forged.status, 403);
    // A form posted from another site carries no mc_csrf cookie (SameSite) : refused too.
    const stranger = new Client(server.base);
    const crossSite = await stranger.postForm('/connexion', { csrf, nir: nir13, password: WRONG });
    assert.equal(crossSite.status, 403);

    const wrong = await c.postForm('/connexion', { csrf, nir: nir13, password: WRONG });
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /Mot de passe incorrect\. Encore 2 essais avant un blocage de 20 minutes\./);
    assert.match(wrong.text, /Mot de passe oublié/);
    assert.ok(wrong.text.includes(`value="${nir13}"`), 'the NIR is kept in the field');
    assert.ok(!wrong.text.includes(WRONG), 'the password is never echoed');
    noInlineCode(wrong.text);
    const second = await c.postForm('/connexion', { csrf, nir: nir13, password: WRONG });
    assert.match(second.text, /Encore 1 essai avant/);
  });

  test('a malformed NIR in the form → 400 with the precise message next to the field', async () => {
    const c = new Client(server.base);
    const csrf = await openForm(c);
    const res = await c.postForm('/connexion', { csrf, nir: people.html_ok.nir13 + '00', password: WRONG });
    assert.equal(res.status, 400);
    assert.match(res.text, /la clé ne correspond pas au numéro/);
    assert.match(res.text, /aria-invalid="true"/);
  });

  test('an HTML-looking NIR is escaped, not rendered', async () => {
    const c = new Client(server.base);
    const csrf = await openForm(c);
    const res = await c.postForm('/connexion', { csrf, nir: '"><script>alert(1)</script>', password: WRONG });
    assert.equal(res.status, 400);
    assert.ok(!res.text.includes('<script>alert(1)</script>'));
    noInlineCode(res.text);
  });
});
