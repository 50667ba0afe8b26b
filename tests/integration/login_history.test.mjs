// The member's own data (issue 17 item 5; SPEC §11 GET /api/v1/me/sign-ins and /api/v1/me/data):
// "Historique de connexion" on the account page with the source masked to /24 and "Ce n'était
// pas moi ?", the "Mes données" download without any secret, and the purge after 90 days walked
// with the test clock (clock.offset_file), never slept.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './harness.mjs';
import { people } from './people.mjs';
import { SourceClient, setClockOffset, strangerNir } from './sources.mjs';

const WRONG = 'Mauvais-Mot-2-passe';
const DAY = 24 * 3600 * 1000;
const STRANGER_IP = '127.45.67.89';
const clockFile = join(mkdtempSync(join(tmpdir(), 'mc-clock-')), 'offset');
setClockOffset(clockFile, 0);
let server;
let phone;
const from = (address) => new SourceClient(server.port, address);
const member = people.walk;
const rows = (sql) => execFileSync('sqlite3', [server.db, sql]).toString().trim();

before(async () => {
  server = await startServer({
    // The housekeeping tick every 1.2 s, so that the purge follows the clock quickly.
    set: { 'clock.offset_file': clockFile, 'delivery.enabled': false, 'inactivity.sweep_minutes': 0.02 },
    keepLogs: true,
  });
});
after(() => server?.stop());

// Every key of a JSON tree, at any depth.
function keysOf(value, out = []) {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      keysOf(v, out);
    }
  return out;
}

describe('sign-in history', () => {
  test('a stranger\'s wrong password and the member\'s sign-in are both listed, newest first, sources masked', async () => {
    const stranger = from(STRANGER_IP);
    const wrong = await stranger.login(member.nir15, WRONG);
    assert.equal(wrong.status, 401, wrong.text);
    phone = from('127.0.0.2');
    const ok = await phone.login(member.nir15, member.password);
    assert.equal(ok.status, 200, ok.text);

    const res = await phone.request('/api/v1/me/sign-ins');
    assert.equal(res.status, 200, res.text);
    const list = res.json.sign_ins;
    assert.equal(list.length, 2, res.text);
    assert.deepEqual(
      list.map(({ result, channel, device, source }) => ({ result, channel, device, source })),
      [
        { result: 'ok', channel: 'password', device: 'unknown', source: '127.0.0.0/24' },
        { result: 'invalid_credentials', channel: 'password', device: 'unknown', source: '127.45.67.0/24' },
      ],
    );
    for (const s of list) assert.match(s.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(!res.text.includes(STRANGER_IP), 'the full address is never stored nor shown');
    assert.equal(rows(`SELECT count(*) FROM sign_in_history WHERE source LIKE '%.89%'`), '0');
  });

  test('a sign-in from a recognised device says so, with its label', async () => {
    const again = await phone.login(member.nir15, member.password);
    assert.equal(again.status, 200, again.text);
    const res = await phone.request('/api/v1/me/sign-ins');
    assert.equal(res.json.sign_ins.length, 3, res.text);
    assert.equal(res.json.sign_ins[0].device, 'recognised');
    assert.equal(res.json.sign_ins[0].device_label, 'Chrome sur Android');
  });

  test('unknown NIRs record nothing; without a session the API answers 401', async () => {
    const stranger = from(STRANGER_IP);
    const nir = strangerNir(7);
    assert.equal((await stranger.login(nir, WRONG)).status, 401);
    assert.equal(rows(`SELECT count(*) FROM sign_in_history WHERE nir13 = '${nir.slice(0, 13)}'`), '0');
    assert.equal(rows(`SELECT count(*) FROM sign_in_history WHERE nir13 <> '${member.nir13}'`), '0');
    for (const path of ['/api/v1/me/sign-ins', '/api/v1/me/data']) {
      const res = await stranger.request(path);
      assert.equal(res.status, 401, res.text);
      assert.equal(res.json.result, 'unauthenticated');
    }
  });

  test('the account page shows the history and "Ce n\'était pas moi ?" leads to the password change', async () => {
    const page = await phone.request('/mon-compte');
    assert.equal(page.status, 200, page.text);
    assert.match(page.text, /<h2 id="historique-titre">Historique de connexion<\/h2>/);
    assert.match(page.text, /Mot de passe incorrect/);
    assert.match(page.text, /Réussie/);
    assert.match(page.text, /127\.45\.67\.0\/24/);
    assert.match(page.text, /Appareil non reconnu/);
    assert.match(page.text, /\d\d\/\d\d\/\d{4} \d\d:\d\d/);
    assert.ok(!page.text.includes(STRANGER_IP));
    const link = page.text.match(/<a href="([^"]+)">Ce n'était pas moi \?[^<]*<\/a>/);
    assert.ok(link, 'the "Ce n\'était pas moi ?" link');
    const target = await phone.request(link[1]);
    assert.equal(target.status, 200, target.text);
    assert.match(target.text, /Changer de mot de passe/);
    assert.match(target.text, /name="current_password"/);
    assert.match(page.text, /href="\/api\/v1\/me\/data"[^>]*>Télécharger mes données/);
  });
});

describe('Mes données', () => {
  test('the download holds the member\'s data and no secret', async () => {
    // A pending reset code: listed (purpose, channel, expiry), its digest never.
    const reset = await phone.request('/api/v1/password-reset', {
      method: 'POST',
      body: { nir: member.nir15, birth_date: member.birth_date, channel: 'email' },
    });
    assert.equal(reset.status, 202, reset.text);
    // An attestation downloaded: listed (when, which rights), its signature and short code never.
    const pdf = await phone.request('/api/v1/me/attestation.pdf');
    assert.equal(pdf.status, 200, pdf.text?.slice(0, 200));
    const res = await phone.request('/api/v1/me/data');
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.match(res.headers['content-disposition'], /^attachment; filename="[^"]+\.json"$/);
    const d = res.json;
    assert.equal(d.register_entry.nir13, member.nir13);
    assert.equal(d.register_entry.family_name, member.family_name);
    assert.equal(d.register_entry.given_names, member.given_names);
    assert.equal(d.register_entry.birth_date, member.birth_date);
    assert.equal(d.register_entry.email, member.email);
    assert.equal(d.register_entry.phone, member.phone);
    assert.equal(d.organisme.code, member.organisme);
    assert.equal(d.account.state, 'active');
    assert.equal(d.account_state, 'active');
    assert.equal(d.devices.length, 1);
    assert.equal(d.devices[0].label, 'Chrome sur Android');
    assert.equal(d.sign_ins.length, 3);
    assert.equal(d.sign_ins[2].source, '127.45.67.0/24');
    assert.ok(Array.isArray(d.lock_counters) && d.lock_counters.length >= 1);
    assert.equal(d.pending_codes.length, 1, JSON.stringify(d.pending_codes));
    assert.equal(d.pending_codes[0].purpose, 'password_reset');
    // The messages sent to the member: what and when, never the body (its link and token).
    const mail = d.messages.find((m) => m.kind === 'reset_link');
    assert.ok(mail, JSON.stringify(d.messages));
    assert.equal(mail.channel, 'email');
    assert.equal(mail.subject, 'Réinitialisation du mot de passe de votre compte ameli');
    assert.equal(mail.status, 'pending');
    assert.match(mail.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(!/token=|reinitialiser\?|text_body|html_body/.test(res.text), 'no link, token or body');
    // Every code issued, with its state.
    assert.ok(d.codes_issued.some((c) => c.purpose === 'password_reset' && c.channel === 'email' && c.state === 'usable'),
      JSON.stringify(d.codes_issued));
    assert.equal(d.attestations.length, 1, JSON.stringify(d.attestations));
    assert.match(d.attestations[0].issued_at, /^\d{4}-/);
    assert.ok('rights_to' in d.attestations[0], JSON.stringify(d.attestations[0]));
    const short = rows(`SELECT short_code FROM attestations WHERE nir13 = '${member.nir13}'`);
    assert.match(short, /^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{2}$/);
    assert.ok(!res.text.includes(short) && !res.text.includes(short.replaceAll('-', '')), 'no short code (nor the signature)');
    assert.ok(d.signed_in_browsers.length >= 1 && d.signed_in_browsers.every((s) => s.method === 'password'),
      JSON.stringify(d.signed_in_browsers));
    assert.ok(Array.isArray(d.help_requests));
    assert.ok(Array.isArray(d.advisor_actions));
    // No secret: no hash, token, key, session or password field, and no value that looks like one.
    const secretKeys = keysOf(d).filter((k) => /hash|token|secret|password|session|csrf|key|sub$/i.test(k));
    assert.deepEqual(secretKeys, []);
    assert.ok(!/\$argon2/.test(res.text), 'no password hash');
    const phc = rows(`SELECT password_hash FROM accounts WHERE nir13 = '${member.nir13}'`);
    assert.ok(phc.length > 20 && !res.text.includes(phc));
    for (const h of rows(`SELECT secret_hash FROM codes WHERE nir13 = '${member.nir13}'`).split('\n').filter(Boolean))
      assert.ok(!res.text.includes(h), 'no code digest');
    for (const h of rows(`SELECT id_hash FROM sessions WHERE subject = '${member.nir13}'`).split('\n').filter(Boolean))
      assert.ok(!res.text.includes(h), 'no session digest');
    assert.ok(!/\b[0-9a-f]{64}\b/.test(res.text), 'no 256-bit hex value at all');
  });
});

describe('retention', () => {
  test('rows older than 90 days are purged by housekeeping (test clock walked 91 days)', async () => {
    setClockOffset(clockFile, 91 * DAY);
    // The housekeeping tick logs what it removed: wait for it (an event, not a walk of time).
    const deadline = Date.now() + 20_000;
    const purged = () =>
      server.logs.some((l) => {
        try {
          const j = JSON.parse(l);
          return j.event === 'rows_purged' && j.sign_ins >= 3;
        } catch {
          return false;
        }
      });
    while (!purged()) {
      assert.ok(Date.now() < deadline, `no purge of the sign-in history logged:\n${server.logs.slice(-20).join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(rows(`SELECT count(*) FROM sign_in_history`), '0');
    // The member signs in again 91 days later (the old session has expired): only that one is listed.
    const ok = await phone.login(member.nir15, member.password);
    assert.equal(ok.status, 200, ok.text);
    const res = await phone.request('/api/v1/me/sign-ins');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.sign_ins.length, 1, res.text);
    assert.equal(res.json.sign_ins[0].result, 'ok');
  });
});
