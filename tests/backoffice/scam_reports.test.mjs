// Members report, advisors label (issue 16, item 5): the "Signaler ce message" form and its JSON
// twin store a message only with the member's consent, masked; advisors with the right role see
// the queue, label once (a second label is a conflict), discard, and every action is audited;
// `moncompte scam-corpus export` writes the labelled reports as corpus lines.
// Runs on SQLite (backoffice.scam_reports) and on PostgreSQL (pg_backoffice_scam_reports, with
// MC_BO_BACKEND=postgres: see env.mjs): the same statements, written to work on both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { auditVerify, BACKEND, cli, Client, sql, staffClient, startServer, tempDir } from './env.mjs';

test(`the store under test is ${BACKEND}`, async () => {
  assert.equal(server.db.startsWith('postgres'), BACKEND === 'postgres');
});

let server;
before(async () => {
  server = await startServer({ set: { 'delivery.enabled': false } });
});
after(() => server?.stop());

const token = (html) => /name="csrf" value="([0-9a-f]{64})"/.exec(html)[1];
const SCAM = 'Ameli : votre remboursement est bloqué. Rappelez le 09 70 12 34 56 ou écrivez à jean.dupont@gmail.com, '
  + 'code 482913, NIR 1 85 05 78 006 084 36 : https://ameli.fr@203.0.113.54/connexion';

test('the page offers "Signaler ce message" and stores nothing without the consent box', async () => {
  await sql(server.db, 'DELETE FROM scam_reports');
  const c = new Client(server.base);
  const form = await c.get('/verifier-un-message');
  const checked = await c.postForm('/verifier-un-message', { csrf: token(form.text), channel: 'sms', sender: '+33 6 39 98 10 01', subject: '', text: SCAM });
  assert.equal(checked.status, 200);
  assert.match(checked.text, /Signaler ce message/);
  assert.match(checked.text, /name="consent"/);
  const csrf = token(checked.text);
  const refused = await c.postForm('/verifier-un-message/signaler', { csrf, channel: 'sms', sender: '+33 6 39 98 10 01', subject: '', text: SCAM });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /Cochez la case/);
  assert.equal(await sql(server.db, 'SELECT count(*) FROM scam_reports'), '0');
  // Without the form's token: refused, nothing stored.
  const forged = await new Client(server.base).postForm('/verifier-un-message/signaler', { csrf: 'x'.repeat(64), consent: 'oui', text: SCAM });
  assert.equal(forged.status, 403);
  assert.equal(await sql(server.db, 'SELECT count(*) FROM scam_reports'), '0');

  const ok = await c.postForm('/verifier-un-message/signaler', { csrf, channel: 'sms', sender: '+33 6 39 98 10 01', subject: '', text: SCAM, consent: 'oui' });
  assert.equal(ok.status, 200);
  assert.match(ok.text, /votre signalement a été enregistré/);
  const stored = await sql(server.db, "SELECT sender || ' | ' || body || ' | ' || verdict FROM scam_reports");
  assert.equal(stored,
    '+33 6 XX XX XX XX | Ameli : votre remboursement est bloqué. Rappelez le 09 XX XX XX XX ou écrivez à [e-mail masqué]@gmail.com, '
    + 'code [code masqué], NIR [NIR masqué] : https://ameli.fr@203.0.113.54/connexion | scam');
});

test('the JSON API: consent required, masked, verdict computed by the server', async () => {
  await sql(server.db, 'DELETE FROM scam_reports');
  const c = new Client(server.base);
  let res = await c.postJson('/api/v1/scam-reports', { text: SCAM, sender: '0639981001' });
  assert.equal(res.status, 400);
  assert.equal(res.json.result, 'invalid_input');
  assert.equal(res.json.field, 'consent');
  res = await c.postJson('/api/v1/scam-reports', { text: SCAM, consent: 'yes' });
  assert.equal(res.status, 400);
  res = await c.postJson('/api/v1/scam-reports', { text: '   ', consent: true });
  assert.equal(res.status, 400);
  assert.equal(await sql(server.db, 'SELECT count(*) FROM scam_reports'), '0');
  res = await c.postJson('/api/v1/scam-reports', { text: SCAM, sender: '0639981001', channel: 'sms', consent: true, verdict: 'no_sign' });
  assert.equal(res.status, 202, res.text);
  assert.equal(res.json.result, 'accepted');
  assert.ok(Number.isInteger(res.json.id));
  assert.equal(await sql(server.db, 'SELECT sender || verdict FROM scam_reports'), '06 XX XX XX XXscam');
  assert.doesNotMatch(await sql(server.db, 'SELECT body FROM scam_reports'), /482913|1 85 05|jean\.dupont|70 12 34 56/);
});

test('advisors label once, discard, France Services may not; every action audited', async () => {
  await sql(server.db, 'DELETE FROM scam_reports');
  const c = new Client(server.base);
  const a = await c.postJson('/api/v1/scam-reports', { text: SCAM, consent: true });
  const b = await c.postJson('/api/v1/scam-reports', { text: 'Votre attestation est disponible dans votre compte ameli.', consent: true });
  assert.equal(a.status, 202);
  assert.equal(b.status, 202);
  const advisor = await staffClient(server, 'conseil');
  const chef = await staffClient(server, 'chef');
  const fs = await staffClient(server, 'fservices');
  assert.equal((await new Client(server.base).get('/api/v1/staff/scam-reports')).status, 401);
  let res = await fs.get('/api/v1/staff/scam-reports');
  assert.equal(res.status, 403);
  assert.equal((await fs.postJson(`/api/v1/staff/scam-reports/${a.json.id}/label`, { label: 'scam' })).status, 403);

  res = await advisor.get('/api/v1/staff/scam-reports');
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.reports.map((r) => r.id), [a.json.id, b.json.id]);
  assert.match(res.json.reports[0].text, /\[NIR masqué\]/);
  // The page lists them too, with the three actions.
  const page = await advisor.get('/conseiller/signalements');
  assert.equal(page.status, 200);
  assert.match(page.text, /Messages signalés/);
  assert.match(page.text, new RegExp(`/conseiller/signalements/${a.json.id}/arnaque`));

  res = await advisor.postJson(`/api/v1/staff/scam-reports/${a.json.id}/label`, { label: 'spam' });
  assert.equal(res.status, 400);
  res = await advisor.postJson(`/api/v1/staff/scam-reports/${a.json.id}/label`, { label: 'scam' });
  assert.equal(res.status, 200, res.text);
  res = await chef.postJson(`/api/v1/staff/scam-reports/${a.json.id}/label`, { label: 'legit' });
  assert.equal(res.status, 409);
  assert.match(res.json.message, /conseil/);
  // The page form labels the second one as genuine.
  const csrf = token(page.text);
  const labelled = await advisor.postForm(`/conseiller/signalements/${b.json.id}/authentique`, { csrf });
  assert.equal(labelled.status, 200);
  assert.match(labelled.text, /message authentique/);
  res = await advisor.get('/api/v1/staff/scam-reports?status=labelled');
  assert.deepEqual(res.json.reports.map((r) => [r.id, r.label, r.labelled_by]), [[a.json.id, 'scam', 'conseil'], [b.json.id, 'legit', 'conseil']]);
  assert.equal((await advisor.get('/api/v1/staff/scam-reports')).json.reports.length, 0);

  // The labelled reports, exported in the corpus format (issue 16, item 5).
  const out = join(tempDir(), 'reports.jsonl');
  const exported = await cli(server.db, ['scam-corpus', 'export', '--out', out]);
  assert.equal(exported.code, 0, exported.err);
  assert.match(exported.out + exported.err, /2 labelled report\(s\) exported/);
  const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((x) => [x.id, x.label, x.source]), [[`report-${a.json.id}`, 'scam', 'report'], [`report-${b.json.id}`, 'legit', 'report']]);
  for (const x of lines) {
    assert.deepEqual(Object.keys(x).sort(), ['channel', 'family', 'id', 'label', 'sender', 'source', 'subject', 'text', 'tricks']);
    assert.match(x.family, /^report-\d{4}-\d{2}$/);
    assert.deepEqual(x.tricks, []);
  }
  assert.match(lines[0].text, /\[NIR masqué\]/);
  assert.doesNotMatch(lines[0].text, /482913|1 85 05/);
  assert.equal(await sql(server.db, "SELECT count(*) FROM audit_log WHERE action = 'export_scam_corpus'"), '1');

  res = await chef.postJson(`/api/v1/staff/scam-reports/${b.json.id}/discard`, { reason: 'doublon' });
  assert.equal(res.status, 200);
  res = await chef.postJson(`/api/v1/staff/scam-reports/${b.json.id}/discard`, { reason: 'doublon' });
  assert.equal(res.status, 404);
  assert.equal((await chef.postJson('/api/v1/staff/scam-reports/abc/discard', {})).status, 404);

  const actions = await sql(server.db, "SELECT action || ':' || actor FROM audit_log WHERE subject LIKE 'scam_report:%' ORDER BY seq");
  assert.equal(actions.split('\n').join(','), 'label_scam_report:conseil,label_scam_report:conseil,discard_scam_report:chef');
  assert.equal((await auditVerify(server.db)).code, 0);
});
