// No NIR in clear in the logs or the metrics (issue 17): every route of the service, member and
// staff, is driven with NIRs in its path, its query and its body (13 characters, 15 with the key,
// spaced as on the carte Vitale, Corsican); then the server's whole output (stdout and stderr)
// and /metrics are searched for any NIR. Paths that held one are logged with a keyed pseudonym.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client, PASSWORD, STAFF_PASSWORD, freshCode, nir13, nir15, startServer } from './env.mjs';
import { withKey } from '../integration/nir.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const spaced = (n) => [n.slice(0, 1), n.slice(1, 3), n.slice(3, 5), n.slice(5, 7), n.slice(7, 10), n.slice(10, 13), n.slice(13)].filter(Boolean).join(' ');
const CORSICA = '253072B073004';
// The NIRs sent, in every form a log line could carry them.
const NIRS = [nir13('active'), nir15('active'), spaced(nir15('locked')), nir13('newcomer'), CORSICA, withKey(CORSICA)];

// Every path of the API (docs/openapi.yaml) and every page, parameters filled with a NIR.
function apiPaths() {
  const yaml = readFileSync(join(here, '..', '..', 'docs', 'openapi.yaml'), 'utf8');
  return [...yaml.matchAll(/^ {2}(\/[^\s:]+):\s*$/gm)].map((m) => m[1]);
}
const PAGES = ['/', '/connexion', '/activation', '/activation/code', '/mot-de-passe-oublie', '/reinitialiser', '/reinitialiser-par-code',
  '/verifier-email', '/mon-compte', '/mon-compte/parametres', '/mon-compte/attestation', '/mon-compte/attestation.pdf',
  '/attestation-par-courrier', '/verifier-un-message', '/verifier-une-attestation', '/aide', '/aide/demande', '/aide/compte-bloque',
  '/conseiller', '/conseiller/connexion', '/conseiller/accueil', '/conseiller/recherche', '/conseiller/demandes',
  '/conseiller/demandes/nouvelle', '/conseiller/equipe', '/conseiller/journal', '/conseiller/sources-limitees',
  '/conseiller/assures/{nir}/debloquer', '/conseiller/assures/{nir}/code', '/conseiller/assures/{nir}/reinitialiser',
  '/conseiller/assures/{nir}/creer', '/conseiller/assures/{nir}/coordonnees', '/conseiller/assures/{nir}/etat-civil',
  '/conseiller/assures/{nir}/reactiver', '/conseiller/demandes/{ref}/prendre', '/conseiller/demandes/{ref}/resoudre',
  '/{nir}', '/mon-compte/{nir}', '/api/v1/{nir}'];

// A NIR in clear: 13 digits in a row (not the decimals of a number), a Corsican one, or any of
// the NIRs sent in any of its forms.
function findNir(text) {
  const generic = /(?<![\d.])\d{13}(?!\d)|(?<![\d.])\d{15}(?!\d)|\d{5}2[AB]\d{6}/i.exec(text);
  if (generic) return generic[0];
  for (const n of NIRS) if (text.includes(n) || text.includes(n.replace(/ /g, ''))) return n;
  return null;
}

let server;
let member;
let staff;
let csrf;
before(async () => {
  // https base URL: the test also signs staff in with __Host- cookies.
  server = await startServer({ keepLogs: true, set: { 'public.base_url': 'https://moncompte.example.fr' } });
  // One browser with both a member session and a staff session, so that every route gets past
  // its authentication where it can.
  member = new Client(server.base);
  assert.equal((await member.login(nir13('active'), PASSWORD)).status, 200);
  const res = await member.postJson('/api/v1/staff/login', { login: 'conseil', password: STAFF_PASSWORD, totp: await freshCode(server.db, 'conseil') });
  assert.equal(res.status, 200, res.text);
  assert.ok(member.jar.cookies.has('__Host-mc_staff'), 'staff cookie __Host- over https');
  staff = member;
  const home = await staff.get('/conseiller/accueil');
  csrf = /name="csrf" value="([^"]+)"/.exec(home.text)?.[1];
  assert.ok(csrf, 'the staff pages carry a CSRF token');
});
after(() => server?.stop());

test('every route driven with NIRs leaves none in the log output, nor in /metrics', async () => {
  // Signing out would end the sessions the other routes need: those two are driven last.
  const paths = [...apiPaths(), ...PAGES].filter((p) => !p.endsWith('/logout'));
  assert.ok(paths.length > 60, `routes found: ${paths.length}`);
  let requests = 0;
  for (const nir of NIRS) {
    for (const template of paths) {
      const path = template.replace(/\{[^}]+\}/g, encodeURIComponent(nir));
      const query = `?nir=${encodeURIComponent(nir)}&reason=${encodeURIComponent('dossier ' + nir)}`;
      const body = { nir, reason: `appel de ${nir}`, birth_date: '1980-05-14', channel: 'email', password: 'x', login: nir, evidence: 'x' };
      await staff.get(path + query);
      await staff.postJson(path, body);
      await staff.postForm(path, { ...body, csrf });
      requests += 3;
    }
  }
  // Pages that fail on purpose (no such member, bad input) log what they log; the advisor's
  // member file opened by NIR is the case of the issue.
  await staff.postForm('/conseiller/recherche', { csrf, nir: nir15('locked'), reason: 'appel' });
  await staff.postForm(`/conseiller/assures/${nir13('locked')}/debloquer`, { csrf, reason: 'appel', evidence: 'x' });

  for (const nir of NIRS) {
    await staff.postJson(`/api/v1/logout?nir=${nir}`, { nir });
    await staff.postJson(`/api/v1/staff/logout?nir=${nir}`, { nir });
  }

  const metrics = await new Client(server.base).get('/metrics');
  assert.equal(metrics.status, 200);
  assert.equal(findNir(metrics.text), null, 'no NIR in /metrics');

  await server.stop();
  const output = [...server.logs, ...server.stderr.split('\n')];
  assert.ok(output.length > requests / 2, `the requests were logged (${output.length} lines for ${requests} requests)`);
  const leaks = output.filter((l) => findNir(l) !== null);
  assert.deepEqual(leaks.slice(0, 5), [], `${leaks.length} log lines hold a NIR`);
  // The advisor's page paths are kept, with a pseudonym where the NIR was.
  const pseudonymised = output.filter((l) => /"path":"\/conseiller\/assures\/p:[0-9a-f]{12}\/debloquer"/.test(l));
  assert.ok(pseudonymised.length > 0, 'the member-file paths are logged with a pseudonym');
  // One NIR, one pseudonym: 13 characters or 15, spaced or not.
  const seen = new Set(output.flatMap((l) => [...l.matchAll(/"path":"\/conseiller\/assures\/(p:[0-9a-f]{12})\//g)].map((m) => m[1])));
  assert.equal(seen.size, 4, `four members (active, locked, newcomer, Corsican), four pseudonyms: ${[...seen].join(' ')}`);
});
