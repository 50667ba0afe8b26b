// The fixtures are what people.mjs says, and every NIR in them has a valid key (SPEC §2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './harness.mjs';
import { fixtureFiles } from './fixtures/make_fixtures.mjs';
import { nirKey } from './nir.mjs';
import { people, unregistered } from './people.mjs';

test('fixtures/*.csv are in sync with people.mjs (run fixtures/make_fixtures.mjs)', () => {
  for (const [name, text] of Object.entries(fixtureFiles())) {
    assert.equal(readFileSync(join(FIXTURES, name), 'utf8'), text, name);
  }
});

test('the key rule reproduces the public vectors of SPEC §2', () => {
  assert.equal(nirKey('2951099126111'), 93);
  assert.equal(nirKey('253072B073004'), 70);
  assert.equal(nirKey('253072A073004'), 43);
  assert.equal(nirKey('255082A168025'), 97);
  assert.equal(nirKey('1412080782005'), 87);
});

test('the fixtures cover every case the tests need', () => {
  const all = Object.values(people);
  const states = new Set(all.map((p) => p.state));
  for (const s of ['active', 'inactive', 'permanently_locked', 'pending', null]) assert.ok(states.has(s), String(s));
  assert.ok(all.some((p) => p.nir13.slice(5, 7) === '2A'));
  assert.ok(all.some((p) => p.nir13.slice(5, 7) === '2B'));
  assert.ok(all.some((p) => p.nir13.slice(5, 7) === '99'));
  assert.ok(all.some((p) => p.nir15.endsWith('97')));
  assert.ok(all.some((p) => p.organisme === 'MSA-IDF' && p.state === 'active'));
  const nirs = new Set([...all.map((p) => p.nir13), ...unregistered.map((u) => u.nir13)]);
  assert.equal(nirs.size, all.length + unregistered.length, 'NIRs are unique');
});
