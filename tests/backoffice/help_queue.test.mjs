// The help queue: members file without signing in (the same answer whatever the NIR), advisors
// work it by urgency then age, claim, resolve, and the member is told.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { withKey } from '../integration/nir.mjs';
import { Client, COUNTER, nir15, sql, staffClient, startServer } from './env.mjs';

let server;
before(async () => {
  // Several requests for one NIR within the hour: raise the per-number limit for this file.
  server = await startServer({ set: { 'delivery.enabled': false, 'abuse.requests_per_nir_per_hour': 100 } });
});
after(() => server?.stop());

const request = (nir, category, text, birth = '12/06/1960') => ({ nir, birth_date: birth, phone: '06 10 00 00 00', category, text });

test('the public answer has the same shape for a known and an unknown NIR', async () => {
  const c = new Client(server.base);
  const known = await c.postJson('/api/v1/help-requests', request(nir15('locked'), 'other', 'Question.'));
  const unknown = await c.postJson('/api/v1/help-requests', request(withKey('1690575123999'), 'other', 'Question.'));
  assert.equal(known.status, 202, known.text);
  assert.equal(unknown.status, 202, unknown.text);
  assert.deepEqual(Object.keys(known.json).sort(), Object.keys(unknown.json).sort());
  assert.equal(known.json.result, 'accepted');
  assert.match(known.json.reference, /^AIDE-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  assert.notEqual(known.json.reference, unknown.json.reference);
  assert.equal(known.json.message.replace(known.json.reference, ''), unknown.json.message.replace(unknown.json.reference, ''));
  // A number the key contradicts is refused, as a property of the number alone.
  const bad = await c.postJson('/api/v1/help-requests', request(nir15('locked').slice(0, 13) + '00', 'other', 'x'));
  assert.equal(bad.status, 400);
  assert.equal(bad.json.result, 'invalid_nir');
  const noCategory = await c.postJson('/api/v1/help-requests', request(nir15('locked'), 'urgent', 'x'));
  assert.equal(noCategory.status, 400);
  assert.equal(noCategory.json.field, 'category');
});

test('the queue is ordered by urgency, then age; claimed once; resolved with a reply', async () => {
  const c = new Client(server.base);
  await sql(server.db, "DELETE FROM help_requests");
  const filed = [];
  for (const [cat, text] of [['other', 'autre'], ['employer_document', 'employeur'], ['attestation_now', 'opticien'],
    ['daily_allowances', 'IJ 1'], ['long_term_illness', 'ALD'], ['maternity', 'grossesse'], ['daily_allowances', 'IJ 2']]) {
    const r = await c.postJson('/api/v1/help-requests', request(nir15('locked'), cat, text));
    assert.equal(r.status, 202);
    filed.push(r.json.reference);
    server.clock.advance(1000);  // distinct filing times, on the test clock
  }
  const advisor = await staffClient(server, 'conseil');
  let q = await advisor.get('/api/v1/staff/help-requests');
  assert.equal(q.status, 200);
  assert.deepEqual(q.json.requests.map((r) => r.text), ['IJ 1', 'IJ 2', 'grossesse', 'ALD', 'opticien', 'employeur', 'autre']);
  const first = q.json.requests[0].reference;
  // The page shows the same order.
  const page = await advisor.get('/conseiller/demandes');
  assert.equal(page.status, 200);
  const order = [...page.text.matchAll(/<td>(AIDE-[A-Z0-9-]+)<\/td>/g)].map((m) => m[1]);
  assert.deepEqual(order, q.json.requests.map((r) => r.reference));

  let res = await advisor.postJson(`/api/v1/staff/help-requests/${first}/claim`, {});
  assert.equal(res.status, 200, res.text);
  const chef = await staffClient(server, 'chef');
  res = await chef.postJson(`/api/v1/staff/help-requests/${first}/claim`, {});
  assert.equal(res.status, 409);
  res = await advisor.postJson(`/api/v1/staff/help-requests/${first}/resolve`, { outcome: 'Dossier IJ transmis au service.', reply: 'email' });
  assert.equal(res.status, 200, res.text);
  res = await advisor.get(`/api/v1/staff/help-requests/${first}`);
  assert.equal(res.json.request.status, 'resolved');
  assert.equal(res.json.request.reply, 'email');
  assert.equal(await sql(server.db, "SELECT count(*) FROM mail_outbox WHERE kind = 'help_outcome' AND recipient = 'jm.moreau@example.org'"), '1');
  q = await advisor.get('/api/v1/staff/help-requests');
  assert.equal(q.json.requests.length, 6);
  assert.equal(q.json.requests[0].text, 'IJ 2');
});

test('France Services files for the member in front of them', async () => {
  const fs = await staffClient(server, 'fservices');
  const res = await fs.postJson('/api/v1/staff/help-requests', {
    ...request(nir15('active'), 'attestation_now', "L'opticien attend l'attestation.", '14/05/1980'), reason: 'Accompagnement', evidence: COUNTER,
  });
  assert.equal(res.status, 202, res.text);
  assert.equal((await fs.get('/api/v1/staff/help-requests')).status, 403);
});

test('the public page files a request without signing in', async () => {
  const c = new Client(server.base);
  const form = await c.get('/aide/demande');
  assert.equal(form.status, 200);
  assert.match(form.text, /id="urgence-medicale"/);  // health first
  assert.match(form.text, /<label for="phone">/);
  const csrf = /name="csrf" value="([0-9a-f]{64})"/.exec(form.text)[1];
  let res = await c.postForm('/aide/demande', { ...request(nir15('active'), 'maternity', 'Grossesse, compte bloqué.', '14/05/1980') });
  assert.equal(res.status, 403);
  res = await c.postForm('/aide/demande', { csrf, ...request(nir15('active'), 'maternity', 'Grossesse, compte bloqué.', '14/05/1980') });
  assert.equal(res.status, 202, res.text);
  assert.match(res.text, /AIDE-[A-Z2-9]{4}-[A-Z2-9]{4}/);
  res = await c.postForm('/aide/demande', { csrf, ...request('12345', 'maternity', 'x') });
  assert.equal(res.status, 400);
  assert.match(res.text, /aria-invalid="true"/);
});
