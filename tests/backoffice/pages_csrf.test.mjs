// The advisors' pages: French, accessible forms, and every staff form bound to the staff
// session's CSRF token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { Client, PASSWORD, STAFF_PASSWORD, freshCode, nir13, startServer } from './env.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

async function pageSignIn(login) {
  const c = new Client(server.base);
  const form = await c.get('/conseiller/connexion');
  const csrf = /name="csrf" value="([0-9a-f]{64})"/.exec(form.text)[1];
  const res = await c.postForm('/conseiller/connexion', { csrf, login, password: STAFF_PASSWORD, totp: await freshCode(server.db, login) });
  assert.equal(res.status, 303, res.text);
  return c;
}
const token = (html) => /name="csrf" value="([0-9a-f]{64})"/.exec(html)[1];

test('unlocking from the member page needs the staff session token', async () => {
  const c = await pageSignIn('conseil');
  const home = await c.get('/conseiller/accueil');
  assert.equal(home.status, 200);
  const csrf = token(home.text);
  // The search form opens the file (and is audited).
  let res = await c.postForm('/conseiller/recherche', { csrf, nir: nir13('locked2'), reason: 'Appel au 36 46' });
  assert.equal(res.status, 200, res.text);
  assert.match(res.text, /Bloqué définitivement/);
  assert.match(res.text, /<form method="post" action="\/conseiller\/assures\/\d{13}\/debloquer"/);
  const fields = {
    reason: 'Appel au 36 46', evidence_channel: 'phone', check_nir: '1', check_etat_civil: '1', check_adresse: '1', check_secret: '1',
  };
  const path = `/conseiller/assures/${nir13('locked2')}/debloquer`;
  // No token, a wrong token, the anonymous double-submit token: all refused, nothing changed.
  res = await c.postForm(path, fields);
  assert.equal(res.status, 403);
  res = await c.postForm(path, { ...fields, csrf: 'a'.repeat(64) });
  assert.equal(res.status, 403);
  const anon = new Client(server.base);
  const anonForm = await anon.get('/conseiller/connexion');
  res = await c.postForm(path, { ...fields, csrf: token(anonForm.text) });
  assert.equal(res.status, 403);
  const member = new Client(server.base);
  assert.equal((await member.login(nir13('locked2'), PASSWORD)).status, 423);
  // Missing evidence: the page says what is missing.
  res = await c.postForm(path, { csrf, reason: 'Appel', evidence_channel: 'phone', check_nir: '1' });
  assert.equal(res.status, 400);
  assert.match(res.text, /<li>Vérifiez l(&#39;|')adresse postale/);
  // With the token and the checks.
  res = await c.postForm(path, { ...fields, csrf });
  assert.equal(res.status, 200, res.text);
  assert.match(res.text, /Compte débloqué/);
  assert.equal((await member.login(nir13('locked2'), PASSWORD)).status, 200);
});

test('a cross-site JSON call with a staff cookie is refused by its Origin', async () => {
  const c = await pageSignIn('chef');
  const res = await c.postJson('/api/v1/staff/staff/conseil/unlock', { reason: 'x' }, { headers: { origin: 'https://evil.example' } });
  assert.equal(res.status, 403);
});

test('sign-out and team forms need the token too', async () => {
  const c = await pageSignIn('chef');
  const team = await c.get('/conseiller/equipe');
  assert.equal(team.status, 200);
  assert.match(team.text, /Ajouter un agent/);
  let res = await c.postForm('/conseiller/equipe', { login: 'intrus', role: 'superviseur', password: 'Intrus-Sur-2026!' });
  assert.equal(res.status, 403);
  res = await c.postForm('/conseiller/equipe', { csrf: token(team.text), login: 'nouvel.agent', role: 'conseiller', password: 'Agent-Sur-2026!' });
  assert.equal(res.status, 200, res.text);
  assert.match(res.text, /otpauth:\/\/totp\/MonCompte:nouvel\.agent\?secret=/);
  const list = await c.get('/api/v1/staff/staff');
  assert.deepEqual(list.json.staff.map((s) => s.login).sort(), ['chef', 'conseil', 'fservices', 'nouvel.agent']);
  res = await c.postForm('/conseiller/deconnexion', {});
  assert.equal(res.status, 403);
  res = await c.postForm('/conseiller/deconnexion', { csrf: token(team.text) });
  assert.equal(res.status, 303);
  assert.equal((await c.get('/api/v1/staff/me')).status, 401);
});

test('pages are French, labelled, and free of inline script', async () => {
  const c = await pageSignIn('conseil');
  for (const path of ['/conseiller/accueil', '/conseiller/demandes', '/conseiller/demandes/nouvelle']) {
    const res = await c.get(path);
    assert.equal(res.status, 200, path);
    assert.match(res.text, /<html lang="fr">/);
    assert.doesNotMatch(res.text, /<script>|<script [^>]*>[^<]/, path);
    for (const [, id] of res.text.matchAll(/<input id="([^"]+)"[^>]*type="(?:text|email|tel|password)"/g))
      assert.match(res.text, new RegExp(`<label for="${id}"`), `${path}: label for ${id}`);
  }
  assert.equal((await c.get('/conseiller/journal')).status, 403);  // supervisors only
  // The member page holds several forms: every id on it is unique.
  const home = await c.get('/conseiller/accueil');
  const file = await c.postForm('/conseiller/recherche', { csrf: token(home.text), nir: nir13('active'), reason: 'appel' });
  assert.equal(file.status, 200);
  const ids = [...file.text.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
});
