// The permission matrix over HTTP: every role × every action, checked by the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { COUNTER, PHONE, nir13, nir15, people, staffClient, startServer } from './env.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

// Written out by hand: the same matrix as docs/backoffice.md.
const MATRIX = {
  //                     conseil, fservices, chef
  lookup_state:         [true, true, true],
  lookup_member:        [true, false, true],
  unlock:               [true, false, true],
  issue_code:           [true, false, true],
  start_reset:          [true, true, true],
  update_contact:       [true, false, true],
  correct_civil_status: [true, false, true],
  reactivate:           [true, false, true],
  create_account:       [true, false, true],
  file_help_request:    [true, true, true],
  work_help_queue:      [true, false, true],
  manage_staff:         [false, false, true],
  read_audit:           [false, false, true],
  watch_attacks:        [false, false, true],
  label_scam_reports:   [true, false, true],
};
const LOGINS = ['conseil', 'fservices', 'chef'];

const why = (evidence = PHONE) => ({ reason: 'Appel au 36 46', evidence });
let phoneSerial = 0;
const calls = {
  lookup_state: (c) => c.get(`/api/v1/staff/accounts/${nir15('locked')}?reason=${encodeURIComponent('vérification')}`),
  lookup_member: (c) => c.postJson('/api/v1/staff/lookup', { family_name: 'martin', birth_date: '14/05/1980', reason: 'appel' }),
  unlock: (c) => c.postJson(`/api/v1/staff/accounts/${nir13('inactive')}/unlock`, why()),
  issue_code: (c) => c.postJson(`/api/v1/staff/accounts/${nir13('active')}/codes`, { channel: 'postal', ...why() }),
  start_reset: (c) => c.postJson(`/api/v1/staff/accounts/${nir13('active')}/reset`, { channel: 'postal', ...why(COUNTER) }),
  // A new number each time: a random one repeated the previous role's one time in ten, and
  // "nothing changes" is a 400, not the permission under test.
  update_contact: (c) => c.postJson(`/api/v1/staff/accounts/${nir13('newcomer')}/contact`, { phone: `07 00 00 00 ${String(10 + (phoneSerial++ % 90))}`, ...why() }),
  correct_civil_status: (c, login) =>
    c.postJson(`/api/v1/staff/accounts/${nir13('newcomer')}/civil-status`, { given_names: `Léa ${login}`, ...why(COUNTER) }),
  reactivate: (c) => c.postJson(`/api/v1/staff/accounts/${nir13('inactive')}/reactivate`, why()),
  create_account: (c) => c.postJson(`/api/v1/staff/accounts/${nir13('newcomer')}/create`, { channel: 'postal', ...why() }),
  file_help_request: (c) =>
    c.postJson('/api/v1/staff/help-requests', {
      nir: nir15('locked'), birth_date: '12/06/1960', phone: '0610000000', category: 'long_term_illness',
      text: 'Suivi ALD, compte bloqué.', ...why(COUNTER),
    }),
  work_help_queue: (c) => c.get('/api/v1/staff/help-requests?status=all'),
  manage_staff: (c) => c.get('/api/v1/staff/staff'),
  read_audit: (c) => c.get('/api/v1/staff/audit'),
  watch_attacks: (c) => c.get('/api/v1/staff/throttled-sources'),
  label_scam_reports: (c) => c.get('/api/v1/staff/scam-reports'),
};

test('every role × every action: 403 exactly where the matrix says no', async () => {
  assert.deepEqual(Object.keys(calls).sort(), Object.keys(MATRIX).sort());
  const clients = {};
  for (const login of LOGINS) clients[login] = await staffClient(server, login);
  const seen = [];
  for (const [action, row] of Object.entries(MATRIX)) {
    for (let i = 0; i < LOGINS.length; i++) {
      const login = LOGINS[i];
      const res = await calls[action](clients[login], login);
      seen.push(`${login} ${action} ${res.status}`);
      if (row[i]) {
        // Allowed: done, or refused by the account's state (e.g. already reactivated), never 403/400.
        assert.ok([200, 202, 409].includes(res.status), `${login} × ${action}: ${res.status} ${res.text}`);
      } else {
        assert.equal(res.status, 403, `${login} × ${action}: ${res.status} ${res.text}`);
        assert.equal(res.json.result, 'forbidden');
      }
    }
  }
  assert.equal(seen.length, 15 * 3);
});

test('France Services sees the state only', async () => {
  const fs = await staffClient(server, 'fservices');
  const res = await fs.get(`/api/v1/staff/accounts/${nir13('locked')}?reason=accompagnement`);
  assert.equal(res.status, 200);
  assert.equal(res.json.member.view, 'state');
  assert.equal(res.json.member.account_state, 'perm_locked');
  assert.equal(res.json.member.contact, undefined);
  assert.equal(res.json.member.attempts, undefined);
  const full = await (await staffClient(server, 'conseil')).get(`/api/v1/staff/accounts/${nir13('locked')}?reason=appel`);
  assert.equal(full.json.member.view, 'full');
  assert.equal(full.json.member.contact.email, people.locked[5]);
  assert.ok(Array.isArray(full.json.member.attempts));
  assert.ok(Array.isArray(full.json.member.pending_codes));
  assert.equal(full.json.member.franceconnect.linked, false);
  assert.equal(full.json.member.organisme.code, 'CPAM-13');
});

test('a reason is required, and the evidence for every change', async () => {
  const c = await staffClient(server, 'conseil');
  let res = await c.get(`/api/v1/staff/accounts/${nir13('locked')}`);
  assert.equal(res.status, 400);
  assert.equal(res.json.field, 'reason');
  res = await c.postJson(`/api/v1/staff/accounts/${nir13('active')}/codes`, { channel: 'postal', reason: 'appel' });
  assert.equal(res.status, 400);
  assert.equal(res.json.field, 'evidence');
  res = await c.postJson(`/api/v1/staff/accounts/${nir13('active')}/codes`, {
    channel: 'postal', reason: 'appel', evidence: { channel: 'phone', checked: ['nir'] },
  });
  assert.equal(res.status, 400);
  assert.equal(res.json.problems.length, 3);
  res = await c.postJson(`/api/v1/staff/accounts/${nir13('active')}/codes`, {
    channel: 'postal', reason: 'appel', evidence: 'phone: NIR + état civil + adresse + n° de série Vitale',
  });
  assert.equal(res.status, 200, res.text);
  // A code handed at the counter needs the identity document seen.
  res = await c.postJson(`/api/v1/staff/accounts/${nir13('active')}/codes`, { channel: 'counter', ...why() });
  assert.equal(res.status, 400);
  res = await c.postJson(`/api/v1/staff/accounts/${nir13('active')}/codes`, { channel: 'counter', ...why(COUNTER) });
  assert.equal(res.status, 200, res.text);
  assert.match(res.json.code, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
});
