// The seed's lockout, lived in a browser: three wrong passwords → the 20-minute message (the
// default configuration); six → the permanent message (a second service whose 20 minutes are
// walked on its test clock, clock.offset_file, so the journey never waits), and the way to help
// from there.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { testClock } from '../integration/clock.mjs';
import { people, PASSWORD, startService } from '../recovery/env.mjs';
import { launch, openMember, audit, onFailure, submit } from './browser.mjs';

const WRONG = 'Faux-Motdepasse-1';
const seed = await startService();
const clock = testClock();
const quick = await startService({ set: { ...clock.set } });
const browser = await launch();
after(async () => {
  await browser.close();
  for (const s of [seed, quick]) {
    await s.server.stop();
    s.sink.stop();
  }
});

async function attempt(page, base, nir, password) {
  if (!page.url().endsWith('/connexion')) await page.goto(base + '/connexion');
  await page.locator('#nir').fill(nir);
  await page.locator('#password').fill(password);
  await submit(page, 'Se connecter');
  return (await page.getByRole('alert').textContent()).replace(/\s+/g, ' ').trim();
}

test('three wrong passwords: the member is told each time, then "20 minutes"', async () => {
  const m = await openMember(browser);
  const { page } = m;
  const nir = people.templock[0];
  await onFailure(m, 'trois-erreurs', async () => {
    assert.match(await attempt(page, seed.base, nir, WRONG), /Mot de passe incorrect\. Encore 2 essais avant un blocage de 20 minutes\./);
    await audit(m, 'connexion-erreur-1');
    assert.match(await attempt(page, seed.base, nir, WRONG), /Encore 1 essai avant un blocage de 20 minutes\./);
    const third = await attempt(page, seed.base, nir, WRONG);
    assert.match(third, /Compte bloqué temporairement : réessayez dans 20 minutes, ou utilisez « Mot de passe oublié »\./);
    await audit(m, 'connexion-blocage-temporaire');
    // Even the right password is refused while locked, with the time left.
    assert.match(await attempt(page, seed.base, nir, PASSWORD), /Compte bloqué temporairement : réessayez dans (20|19) minutes/);

    // From the lock message to the diagnosis, answered as the member would.
    await Promise.all([page.waitForURL(/\/aide\/compte-bloque$/), page.getByRole('link', { name: /compte est bloqué/ }).click()]);
    await page.getByLabel('J\'ai saisi un mauvais mot de passe plusieurs fois').check();
    await page.getByLabel(/^3 fois/).check();
    await page.getByLabel(/Compte bloqué temporairement : réessayez dans/).check();
    await page.getByLabel(/Oui, je peux lire/).check();
    await page.getByLabel('Non, rien d\'urgent').check();
    await submit(page, 'Voir ce que je peux faire');
    assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'temporarily_locked');
    assert.match(await page.locator('h1').textContent(), /bloqué temporairement/);
    assert.match(await page.locator('main').innerText(), /20 minutes/);
    await audit(m, 'diagnostic-blocage-temporaire');

    // « Mot de passe oublié » from the answer page.
    await Promise.all([page.waitForURL(/\/mot-de-passe-oublie$/), page.getByRole('link', { name: 'Mot de passe oublié' }).first().click()]);
  });
  await m.context.close();
});

test('six wrong passwords: the permanent message, even for the right password', async () => {
  const m = await openMember(browser);
  const { page } = m;
  const nir = people.race[0];
  await onFailure(m, 'six-erreurs', async () => {
    await attempt(page, quick.base, nir, WRONG);
    await attempt(page, quick.base, nir, WRONG);
    assert.match(await attempt(page, quick.base, nir, WRONG), /Compte bloqué temporairement/);
    clock.advance(21 * 60_000);  // the temporary lock is over
    assert.match(await attempt(page, quick.base, nir, WRONG), /Mot de passe incorrect\. Encore 2 essais avant le blocage définitif de votre compte\./);
    assert.match(await attempt(page, quick.base, nir, WRONG), /Encore 1 essai avant le blocage définitif/);
    const sixth = await attempt(page, quick.base, nir, WRONG);
    assert.match(sixth, /Compte bloqué : contactez votre caisse au 36 46\./);
    await audit(m, 'connexion-blocage-definitif');
    clock.advance(21 * 60_000);  // a permanent lock does not wear off
    assert.match(await attempt(page, quick.base, nir, PASSWORD), /Compte bloqué : contactez votre caisse au 36 46\./, 'the 7th attempt, right password: still locked');

    await Promise.all([page.waitForURL(/\/aide\/compte-bloque$/), page.getByRole('link', { name: /compte est bloqué/ }).click()]);
    await page.getByLabel(/^6 fois ou plus/).check();
    await page.getByLabel(/Compte bloqué : contactez votre caisse au 36 46/).check();
    await submit(page, 'Voir ce que je peux faire');
    assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'permanently_locked');
    const steps = await page.locator('[data-step]').evaluateAll((els) => els.map((e) => e.dataset.step));
    assert.equal(steps[0], 'call_3646');
    assert.ok(!steps.includes('reset_by_email'), 'a reset does not lift a permanent lock: not offered');
    await audit(m, 'diagnostic-blocage-definitif');
    await Promise.all([page.waitForURL(/\/aide\/avant-d-appeler$/), page.getByRole('link', { name: 'Ce qu\'il faut avoir sous la main' }).click()]);
  });
  await m.context.close();
});

test('an unknown number is answered exactly like a wrong password, locks included', async () => {
  const m = await openMember(browser);
  const { page } = m;
  const unknown = '1010175115999';
  await onFailure(m, 'inconnu', async () => {
    assert.match(await attempt(page, seed.base, unknown, WRONG), /Mot de passe incorrect\. Encore 2 essais avant un blocage de 20 minutes\./);
    await attempt(page, seed.base, unknown, WRONG);
    assert.match(await attempt(page, seed.base, unknown, WRONG), /Compte bloqué temporairement : réessayez dans 20 minutes/);
  });
  await m.context.close();
});
