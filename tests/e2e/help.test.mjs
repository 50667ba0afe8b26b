// The help centre in a browser: the "Mon compte est bloqué ?" diagnosis along each answer path,
// the other regimes from the organismes table, the urgent needs, the scam checker and the help
// request (those two skip, saying so, while their pages are not there).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { people, startService, withKey } from '../recovery/env.mjs';
import { launch, openMember, audit, onFailure, submit } from './browser.mjs';

const svc = await startService();
const browser = await launch();
after(async () => {
  await browser.close();
  await svc.server.stop();
  svc.sink.stop();
});

// Answers by the words on the form, as a member reads them.
const LABELS = {
  situation: {
    erreurs: 'J\'ai saisi un mauvais mot de passe plusieurs fois',
    oubli: /J'ai oublié mon mot de passe/,
    introuvable: /ne reconnaît pas mes identifiants/,
    'jamais-cree': 'Je n\'ai jamais créé de compte',
    inutilise: /pas connecté depuis très longtemps/,
  },
  essais: { peu: /^1 ou 2 fois/, 'premier-blocage': /^3 fois/, 'apres-blocage': /^4 ou 5 fois/, beaucoup: /^6 fois ou plus/ },
  message: {
    'bloque-temporairement': /Compte bloqué temporairement/,
    bloque: /Compte bloqué : contactez/,
    desactive: /désactivé après une longue période/,
    'non-active': /pas encore activé/,
    'autre-espace': /propose son propre espace/,
    aucun: /Je ne m'en souviens pas/,
  },
  email: { oui: /Oui, je peux lire/, non: /Non, je n'y ai plus accès/ },
  urgent: { oui: 'Oui, c\'est urgent', non: 'Non, rien d\'urgent' },
};

async function diagnose(page, answers) {
  await page.goto(svc.base + '/aide/compte-bloque');
  for (const [q, v] of Object.entries(answers)) await page.getByLabel(LABELS[q][v]).check();
  await submit(page, 'Voir ce que je peux faire');
  return {
    verdict: await page.locator('[data-verdict]').getAttribute('data-verdict'),
    steps: await page.locator('[data-step]').evaluateAll((els) => els.map((e) => e.dataset.step)),
    text: (await page.locator('main').innerText()).replace(/\s+/g, ' '),
  };
}

const spacedKey = (nir13) => withKey(nir13).replace(/^(.)(..)(..)(..)(...)(...)(..)$/, '$1 $2 $3 $4 $5 $6 $7');

const PATHS = [
  // [name, answers, verdict, first step, something the page must say]
  ['peu-d-erreurs', { situation: 'erreurs', essais: 'peu', email: 'oui' }, 'not_locked', 'stop_trying', /au plus 2 essais avant un blocage de 20 minutes/],
  ['apres-un-blocage', { situation: 'erreurs', essais: 'apres-blocage' }, 'not_locked', 'stop_trying', /blocage définitif/],
  ['trois-erreurs', { situation: 'erreurs', essais: 'premier-blocage', email: 'oui' }, 'temporarily_locked', 'stop_trying', /Attendez 20 minutes/],
  ['six-erreurs', { situation: 'erreurs', essais: 'beaucoup' }, 'permanently_locked', 'call_3646', /36 46/],
  ['message-definitif', { message: 'bloque', email: 'non' }, 'permanently_locked', 'call_3646', /mettre à jour votre adresse e-mail/],
  ['oubli-email', { situation: 'oubli', email: 'oui' }, 'forgotten_password', 'reset_by_email', /valable 30 minutes/],
  ['oubli-sans-email', { situation: 'oubli', email: 'non' }, 'forgotten_password', 'reset_by_post', /valable 15 jours/],
  ['inutilise', { situation: 'inutilise' }, 'inactive', 'call_3646', /24 mois/],
  ['message-desactive', { message: 'desactive' }, 'inactive', 'call_3646', /réactiver/],
  ['non-active', { message: 'non-active' }, 'pending', 'use_activation_code', /code provisoire/],
  ['jamais-cree', { situation: 'jamais-cree' }, 'never_created', 'create_account', /carte Vitale/],
  ['autre-espace', { message: 'autre-espace' }, 'other_regime', 'check_regime', /CRAMIF/],
  ['introuvable', { situation: 'introuvable' }, 'not_identified', 'basic_checks', /13 premiers caractères/],
  ['ne-sait-pas', { message: 'aucun', essais: 'premier-blocage' }, 'temporarily_locked', 'stop_trying', /20 minutes/],
];

test('the diagnosis answers each situation of the seed', async () => {
  const m = await openMember(browser);
  for (const [name, answers, verdict, first, says] of PATHS) {
    await onFailure(m, `diagnostic-${name}`, async () => {
      const r = await diagnose(m.page, answers);
      assert.equal(r.verdict, verdict, name);
      assert.equal(r.steps[0], first, `${name}: ${r.steps.join(', ')}`);
      assert.match(r.text, says, name);
      assert.ok(!r.steps.includes('urgent_needs'), name);
      await audit(m, `diagnostic-${name}`);
    });
  }
  await m.context.close();
});

test('no answer: the error is named, tied to the question and focused', async () => {
  const m = await openMember(browser);
  const { page } = m;
  await onFailure(m, 'diagnostic-vide', async () => {
    await page.goto(svc.base + '/aide/compte-bloque');
    await page.getByLabel(LABELS.email.oui).check();  // only the e-mail: not enough
    const [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Voir ce que je peux faire' }).click()]);
    assert.equal(res.status(), 400);
    assert.match(await page.getByRole('alert').textContent(), /Indiquez au moins ce qui s'est passé/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'situation-erreurs', 'focus on the first question');
    const described = await page.locator('fieldset', { has: page.locator('#situation-erreurs') }).getAttribute('aria-describedby');
    assert.equal(described, 'situation-erreur');
    assert.equal(await page.getByLabel(LABELS.email.oui).isChecked(), true, 'the answers given are kept');
    assert.match(await page.title(), /^Erreur/);
    await audit(m, 'diagnostic-vide');
  });
  await m.context.close();
});

test('changing one answer keeps the others', async () => {
  const m = await openMember(browser);
  const { page } = m;
  await diagnose(page, { situation: 'oubli', email: 'non', urgent: 'oui' });
  await Promise.all([page.waitForURL(/\/aide\/compte-bloque\?/), page.getByRole('link', { name: 'Modifier mes réponses' }).click()]);
  assert.equal(await page.getByLabel(LABELS.situation.oubli).isChecked(), true);
  assert.equal(await page.getByLabel(LABELS.email.non).isChecked(), true);
  assert.equal(await page.getByLabel(LABELS.urgent.oui).isChecked(), true);
  await page.getByLabel(LABELS.email.oui).check();
  await submit(page, 'Voir ce que je peux faire');
  assert.equal(await page.locator('[data-step]').first().getAttribute('data-step'), 'reset_by_email');
  await m.context.close();
});

test('urgent needs: a paper attestation and a help request without signing in', async () => {
  const m = await openMember(browser);
  const { page } = m;
  await onFailure(m, 'urgent', async () => {
    const r = await diagnose(page, { message: 'bloque', urgent: 'oui' });
    assert.equal(r.steps.at(-1), 'urgent_needs');
    await audit(m, 'diagnostic-urgent');
    await Promise.all([page.waitForURL(/\/attestation-par-courrier$/), page.getByRole('link', { name: /attestation de droits par courrier/ }).click()]);
    await audit(m, 'attestation-par-courrier-depuis-aide');
    await page.goto(svc.base + '/aide/demarches-urgentes');
    for (const href of ['/attestation-par-courrier', '/aide/demande', '/aide/avant-d-appeler'])
      assert.equal(await page.locator(`main a[href="${href}"]`).count() > 0, true, href);
    assert.match(await page.locator('main').innerText(), /ordonnances et feuilles de soins/);
  });
  await m.context.close();
});

test('other regimes: the spaces come from the organismes table', async () => {
  const m = await openMember(browser);
  const { page } = m;
  await page.goto(svc.base + '/aide/autres-regimes');
  const rows = await page.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ')));
  assert.equal(rows.length, 1, rows.join('\n'));  // the fixtures: three CPAM and the MSA
  assert.match(rows[0], /MSA Île-de-France.*Régime agricole.*espace privé MSA.*01 30 63 88 80/);
  assert.equal(await page.locator('a[href="tel:0130638880"]').count(), 1);
  await m.context.close();
});

test('scam checker: the seed\'s "dernière relance" SMS is called a scam', async (t) => {
  const m = await openMember(browser);
  const { page } = m;
  const res = await page.goto(svc.base + '/verifier-un-message');
  if (res.status() === 404) {
    t.skip('/verifier-un-message is not there yet');
    await m.context.close();
    return;
  }
  await onFailure(m, 'verifier-un-message', async () => {
    await page.goto(svc.base + '/aide/arnaques');
    await Promise.all([page.waitForURL(/\/verifier-un-message$/), page.getByRole('link', { name: 'Vérifier un message reçu' }).click()]);
    await page.getByLabel('SMS', { exact: true }).check();
    await page.getByLabel('Texte du message').fill(
      'AMELI : dernière relance avant suspension de vos droits. Mettez à jour vos coordonnées bancaires sur http://ameli-vital.fr/maj sous 24h.');
    await submit(page, 'Vérifier');
    const verdict = await page.locator('#verdict').textContent();
    assert.match(verdict, /arnaque/);
    assert.match(await page.getByRole('status').textContent(), /ne vous demande jamais/);
    await audit(m, 'verifier-un-message-arnaque');
  });
  await m.context.close();
});

test('scam checker: a blank message is refused, never answered "no sign"', async () => {
  // No-break and zero-width spaces only: nothing to read.
  const blank = ' \u00a0\u200b\n';
  const api = await fetch(svc.base + '/api/v1/scam-check', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: blank, channel: 'sms' }),
  });
  assert.equal(api.status, 400);
  assert.equal((await api.json()).result, 'invalid_input');
  const m = await openMember(browser);
  const { page } = m;
  await onFailure(m, 'verifier-un-message-vide', async () => {
    await page.goto(svc.base + '/verifier-un-message');
    await page.getByLabel('Texte du message').fill(blank);
    await submit(page, 'Vérifier');
    assert.equal(await page.locator('#verdict').count(), 0, 'no verdict');
    assert.match(await page.locator('#texte-erreur').textContent(), /Collez le texte du message/);
    await audit(m, 'verifier-un-message-vide');
  });
  await m.context.close();
});

test('help request: filed without signing in', async (t) => {
  const m = await openMember(browser);
  const { page } = m;
  const res = await page.goto(svc.base + '/aide/demande');
  if (res.status() === 404) {
    t.skip('/aide/demande is not there yet');
    await m.context.close();
    return;
  }
  const p = people.permlock;
  await onFailure(m, 'aide-demande', async () => {
    await audit(m, 'aide-demande');
    // A wrong key first: named precisely, on the field.
    await page.locator('#nir').fill(p[0] + '00');
    await page.locator('#birth_date').fill(p[4].split('-').reverse().join('/'));
    await page.locator('#phone').fill('06 01 02 03 04');
    await page.locator('input[name="category"]').first().check();
    await page.locator('#text').fill('Mon compte est bloqué et j\'attends mes indemnités journalières.');
    await submit(page, 'Envoyer ma demande');
    assert.match(await page.locator('#nir-erreur').textContent(), /clé/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'nir', 'focus on the first error');
    await audit(m, 'aide-demande-erreur');
    await page.locator('#nir').fill(spacedKey(p[0]));
    const [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Envoyer ma demande' }).click()]);
    assert.ok(resp.status() < 300, `the request is accepted (${resp.status()})`);
    assert.match(await page.getByRole('status').first().textContent(), /Référence/);
    await audit(m, 'aide-demande-envoyee');
  });
  await m.context.close();
});
