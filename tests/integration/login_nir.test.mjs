// The NIR at sign-in (SPEC §2, §11): 13 characters or 15 with the key (then checked), spaces,
// dots, dashes and lower-case 2a/2b accepted; malformed numbers answered 400 invalid_nir with a
// precise French message and never counted; temporary numbers refused with their own reason.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from './harness.mjs';
import { withKey, withWrongKey } from './nir.mjs';
import { people } from './people.mjs';

const WRONG = 'Mauvais-Mot-2-passe';
let server;
let c;

before(async () => {
  server = await startServer();
  c = new Client(server.base);
});
after(() => server?.stop());

function invalidNir(res, reason) {
  assert.equal(res.status, 400, res.text);
  assert.equal(res.json.result, 'invalid_nir');
  assert.equal(res.json.reason, reason);
  assert.equal(typeof res.json.message, 'string');
  assert.equal(res.json.detail, res.json.message);
  return res.json.message;
}

describe('malformed numbers', () => {
  test('each malformed number gets a precise message, and none of them counts an attempt', async () => {
    const { nir13 } = people.nir_not_counted;
    assert.equal(
      invalidNir(await c.login('18005751', WRONG), 'bad_length'),
      'Le numéro de sécurité sociale comporte 13 caractères (15 avec la clé) : vous en avez saisi 8.',
    );
    assert.match(invalidNir(await c.login('1800575X15001', WRONG), 'bad_characters'), /ne contient que des chiffres/);
    assert.match(invalidNir(await c.login('ABCDEFGHIJKLM', WRONG), 'bad_characters'), /ne contient que des chiffres/);
    assert.match(invalidNir(await c.login(withWrongKey(nir13), WRONG), 'bad_key'), /la clé ne correspond pas au numéro/);
    assert.match(invalidNir(await c.login('941208078200575', WRONG), 'bad_sex'), /1 \(homme\) ou 2 \(femme\)/);
    assert.match(invalidNir(await c.login('9412080782005', WRONG), 'bad_sex'), /1 \(homme\) ou 2 \(femme\)/);
    assert.match(invalidNir(await c.login('295109912611199', WRONG), 'bad_key'), /la clé ne correspond pas au numéro/);
    assert.match(invalidNir(await c.login('253072C07300443', WRONG), 'bad_characters'), /Corse/);
    assert.match(invalidNir(await c.login('1801375115001', WRONG), 'bad_month'), /mois/);
    assert.match(invalidNir(await c.login('', WRONG), 'empty'), /Saisissez votre numéro/);
    // Four malformed tries with this member's own digits: the first real failure is still number 1.
    for (const nir of [withWrongKey(nir13), nir13.slice(0, 12), nir13 + '1', withWrongKey(nir13)]) {
      assert.equal((await c.login(nir, WRONG)).status, 400);
    }
    const res = await c.login(nir13, WRONG);
    assert.equal(res.status, 401, res.text);
    assert.equal(res.json.attempts_before_lock, 2);
  });

  test('temporary numbers (sex 3, 4, 7, 8) are refused with their own reason, pointing to the caisse', async () => {
    for (const sex of ['3', '4', '7', '8']) {
      const nir13 = sex + '800575115777';
      for (const nir of [nir13, withKey(nir13)]) {
        const msg = invalidNir(await c.login(nir, WRONG), 'temporary_number');
        assert.match(msg, /numéro provisoire/);
        assert.match(msg, /caisse/);
      }
    }
  });
});

describe('well-formed numbers', () => {
  test('15 characters with the right key work like 13, on the same counter', async () => {
    const { nir13, nir15, password } = people.key15;
    let res = await c.login(nir15, WRONG);
    assert.equal(res.status, 401, res.text);
    assert.equal(res.json.attempts_before_lock, 2);
    res = await c.login(nir13, WRONG);
    assert.equal(res.json.attempts_before_lock, 1, 'the 15-character and 13-character forms share one count');
    res = await c.login(nir15, password);
    assert.equal(res.status, 200, res.text);
    const me = await c.get('/api/v1/me');
    assert.equal(me.json.nir13, nir13);
  });

  test('Corsica (2A, 2B, lower case, spaced), born abroad, unknown month, key 97', async () => {
    const p = people;
    const spaced = (n) => `${n.slice(0, 1)} ${n.slice(1, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7, 10)} ${n.slice(10, 13)} ${n.slice(13)}`.trim();
    const cases = [
      [p.corse_2a, p.corse_2a.nir13],
      [p.corse_2a, p.corse_2a.nir13.toLowerCase()],
      [p.corse_2a, spaced(p.corse_2a.nir15.toLowerCase())],
      [p.corse_2b, p.corse_2b.nir15],
      [p.corse_2b, p.corse_2b.nir13.replace('2B', '2b').replace(/(\d{3})$/, '.$1')],
      [p.abroad, p.abroad.nir13],
      [p.abroad, p.abroad.nir15.replace(/^(.)(..)(..)/, '$1-$2-$3-')],
      [p.month_unknown, p.month_unknown.nir15],
      [p.key97, p.key97.nir15],
    ];
    for (const [person, typed] of cases) {
      const client = new Client(server.base);
      const res = await client.login(typed, person.password);
      assert.equal(res.status, 200, `${typed}: ${res.text}`);
      const me = await client.get('/api/v1/me');
      assert.equal(me.json.nir13, person.nir13, typed);
      assert.equal(me.json.family_name, person.family_name);
    }
    assert.ok(p.key97.nir15.endsWith('97'));
  });
});
