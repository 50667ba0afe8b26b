// A member's permanent lock: refused to a France Services agent, lifted by an advisor (API and
// page), after which the member signs in with their own password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { Client, COUNTER, PASSWORD, PHONE, auditVerify, nir13, nir15, staffClient, startServer } from './env.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

test('France Services may not unlock; an advisor may, and the member gets back in', async () => {
  const member = new Client(server.base);
  let res = await member.login(nir13('locked'), PASSWORD);
  assert.equal(res.status, 423);
  assert.equal(res.json.result, 'permanently_locked');

  const fs = await staffClient(server, 'fservices');
  res = await fs.postJson(`/api/v1/staff/accounts/${nir13('locked')}/unlock`, { reason: 'Assuré reçu en France Services', evidence: COUNTER });
  assert.equal(res.status, 403);
  assert.equal(res.json.result, 'forbidden');
  assert.equal((await member.login(nir13('locked'), PASSWORD)).status, 423);

  const advisor = await staffClient(server, 'conseil');
  // SPEC §11: {nir} with the key, {"reason","evidence"} → 200.
  res = await advisor.postJson(`/api/v1/staff/accounts/${nir15('locked')}/unlock`, {
    reason: 'Appel au 36 46 : bloqué après 6 essais', evidence: PHONE,
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.result, 'ok');

  res = await member.login(nir13('locked'), PASSWORD);
  assert.equal(res.status, 200, res.text);

  // The file shows the unlock and the sign-in; the log holds the action with its reason.
  res = await advisor.get(`/api/v1/staff/accounts/${nir13('locked')}?reason=suivi`);
  assert.equal(res.json.member.account_state, 'active');
  assert.deepEqual(res.json.member.attempts.slice(0, 2).map((a) => a.outcome), ['success', 'advisor_unlock']);
  const chef = await staffClient(server, 'chef');
  res = await chef.get(`/api/v1/staff/audit?subject=${nir13('locked')}`);
  const unlock = res.json.entries.find((e) => e.action === 'unlock');
  assert.equal(unlock.actor, 'conseil');
  assert.equal(unlock.reason, 'Appel au 36 46 : bloqué après 6 essais');
  assert.equal(unlock.evidence, 'phone: nir, etat_civil, adresse, secret_registre');
  assert.ok(!res.json.entries.some((e) => e.actor === 'fservices' && e.action === 'unlock'), 'a refused action writes nothing');
  res = await chef.get('/api/v1/staff/audit/verify');
  assert.equal(res.json.intact, true);
  await server.stop();
  const v = await auditVerify(server.db);
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, /intact/);
});
