// Per-source failure budgets (SPEC §3 "Sources", §11 429): a source that sprays wrong passwords
// across accounts is refused before any account lookup or hashing, while members on other
// sources sign in. Sources are loopback addresses 127.0.0.N; time is walked with the test clock.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './harness.mjs';
import { people } from './people.mjs';
import { SourceClient, setClockOffset, strangerNir } from './sources.mjs';

const WRONG = 'Mauvais-Mot-2-passe';
const clockFile = join(mkdtempSync(join(tmpdir(), 'mc-clock-')), 'offset');
setClockOffset(clockFile, 0);
let server;
const from = (address) => new SourceClient(server.port, address);

before(async () => {
  server = await startServer({
    set: {
      'throttle.source_failures': 5,
      'throttle.window_minutes': 10, // one failure back every 2 minutes
      'throttle.trusted_cidrs': '127.0.0.9/32',
      'throttle.trusted_source_failures': 8,
      'clock.offset_file': clockFile,
      'throttle.alarm_failures_per_minute': 10,
    },
  });
});
after(() => server?.stop());

function expectThrottled(res, longest = 120) {
  assert.equal(res.status, 429, res.text);
  assert.equal(res.json.result, 'too_many_requests');
  assert.ok(Number.isInteger(res.json.retry_after_s) && res.json.retry_after_s >= 1 && res.json.retry_after_s <= longest,
    res.text);
  assert.equal(res.headers['retry-after'], String(res.json.retry_after_s));
  assert.match(res.json.message, /Trop de tentatives de connexion depuis votre réseau/);
}

describe('a sprayer', () => {
  test('gets its budget evaluated across accounts, then 429 before any lookup, whatever the account', async () => {
    const sprayer = from('127.0.0.2');
    for (let i = 0; i < 5; i++) {
      const res = await sprayer.login(strangerNir(i), WRONG);
      assert.equal(res.status, 401, `failure ${i + 1}: ${res.text}`);
    }
    const refused = await sprayer.login(strangerNir(5), WRONG);
    expectThrottled(refused);
    // Decided before the account is looked up: the same answer for a real member, right password
    // or not, and the member's own counter is untouched.
    const known = await sprayer.login(people.walk.nir15, people.walk.password);
    expectThrottled(known);
    assert.deepEqual({ ...known.json, retry_after_s: 0 }, { ...refused.json, retry_after_s: 0 });
  });

  test('leaves members on other sources signing in', async () => {
    const member = from('127.0.0.3');
    const ok = await member.login(people.reset.nir15, people.reset.password);
    assert.equal(ok.status, 200, ok.text);
    const other = from('127.0.0.4');
    const res = await other.login(strangerNir(100), WRONG);
    assert.equal(res.status, 401, res.text);
  });

  test('gets one guess back per refill interval, not a new budget', async () => {
    setClockOffset(clockFile, 121_000);
    const sprayer = from('127.0.0.2');
    const res = await sprayer.login(strangerNir(6), WRONG);
    assert.equal(res.status, 401, res.text);
    expectThrottled(await sprayer.login(strangerNir(7), WRONG));
  });
});

test('a spoofed X-Forwarded-For is ignored (server.trust_forwarded_for is off)', async () => {
  const c = from('127.0.0.5');
  for (let i = 0; i < 5; i++) {
    const res = await c.request('/api/v1/login', {
      method: 'POST', body: { nir: strangerNir(200 + i), password: WRONG }, headers: { 'x-forwarded-for': `198.51.100.${i}` },
    });
    assert.equal(res.status, 401, res.text);
  }
  const res = await c.request('/api/v1/login', {
    method: 'POST', body: { nir: strangerNir(210), password: WRONG }, headers: { 'x-forwarded-for': '198.51.100.99, garbage' },
  });
  expectThrottled(res);
});

test('a trusted shared place gets its larger, finite budget', async () => {
  const counter = from('127.0.0.9');
  for (let i = 0; i < 8; i++) {
    const res = await counter.login(strangerNir(300 + i), WRONG);
    assert.equal(res.status, 401, `failure ${i + 1}: ${res.text}`);
  }
  expectThrottled(await counter.login(strangerNir(310), WRONG));
});

test('the page form answers 429 in French with Retry-After', async () => {
  const c = from('127.0.0.2');
  const form = await c.request('/connexion');
  const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)[1];
  const res = await c.request('/connexion', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, nir: strangerNir(400), password: WRONG }).toString(),
  });
  assert.equal(res.status, 429, res.text.slice(0, 300));
  assert.ok(Number(res.headers['retry-after']) >= 1);
  assert.match(res.text, /Trop de tentatives de connexion depuis votre réseau/);
});

test('/metrics counts refusals by reason and sources over budget, never a NIR', async () => {
  const res = await from('127.0.0.1').request('/metrics');
  assert.equal(res.status, 200);
  const value = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(res.text)?.[1]);
  assert.ok(Number(/^moncompte_throttled_requests_total\{reason="login"\} (\S+)$/m.exec(res.text)?.[1]) >= 4, res.text);
  assert.ok(value('moncompte_sources_over_budget_total') >= 3);
  assert.ok(value('moncompte_evaluated_failures_total') >= 20);
  assert.ok(value('moncompte_sources_refused_now') >= 1);
  assert.doesNotMatch(res.text, /1850375\d{6}|180057511500/);
});

test('failures across accounts past the alarm threshold log attack_suspected once a minute, without a NIR', () => {
  const alarms = server.logs.filter((l) => l.includes('"attack_suspected"'));
  assert.equal(alarms.length, 1, alarms.join('\n'));
  const event = JSON.parse(alarms[0]);
  assert.equal(event.failures_this_minute, 11);
  assert.ok(event.distinct_nirs >= 11);
  assert.doesNotMatch(alarms[0], /1850375/);
});

test('behind a trusted proxy only the last hop counts, and a malformed one is no source of its own', async () => {
  const proxied = await startServer({
    set: { 'server.trust_forwarded_for': true, 'throttle.source_failures': 3, 'throttle.refusal_delay_ms': 0 },
  });
  try {
    const proxy = new SourceClient(proxied.port, '127.0.0.20');
    const via = (xff, i) => proxy.request('/api/v1/login', {
      method: 'POST', body: { nir: strangerNir(500 + i), password: WRONG }, headers: { 'x-forwarded-for': xff },
    });
    // The client forges a first hop each time; the proxy appends the real address last.
    for (let i = 0; i < 3; i++) assert.equal((await via(`10.9.9.${i}, 203.0.113.5`, i)).status, 401);
    expectThrottled(await via('10.9.9.99, 203.0.113.5', 3), 200);
    assert.equal((await via('203.0.113.6', 4)).status, 401);  // another member behind the proxy
    // Garbage last hops all count as the proxy's own address, not as fresh sources.
    for (let i = 0; i < 3; i++) assert.equal((await via(`not-an-address-${i}`, 10 + i)).status, 401);
    expectThrottled(await via('still-not-an-address', 20), 200);
  } finally {
    await proxied.stop();
  }
});
