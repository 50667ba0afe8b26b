// Getting back in, in a browser: forgot password by e-mail (the link from the mail the SMTP
// server received), by post (the code read from the letter's PDF), activation of a new account,
// the account settings (password, e-mail confirmed from its mail), and signing out.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { people, PASSWORD, NEW_PASSWORD, PUBLIC_BASE, startService, codeIn, pdfText, waitForLetter, vitale, withKey } from '../recovery/env.mjs';
import { launch, openMember, audit, onFailure, submit } from './browser.mjs';

const svc = await startService();
const browser = await launch();
after(async () => {
  await browser.close();
  await svc.server.stop();
  svc.sink.stop();
});

// "JJ/MM/AAAA", as the forms ask, from the fixtures' YYYY-MM-DD.
const frDate = (iso) => iso.split('-').reverse().join('/');
// Spaces as on the carte Vitale: "1 80 05 75 115 101".
const spaced = (n) => [n.slice(0, 1), n.slice(1, 3), n.slice(3, 5), n.slice(5, 7), n.slice(7, 10), n.slice(10, 13), n.slice(13)].filter(Boolean).join(' ');

// The mail's links point at public.base_url (the real domain); the browser follows the same path
// and query on the service under test.
function localLink(mail, path) {
  const url = (mail.text.match(/https?:\/\/[^\s"<>]+/g) ?? []).find((u) => u.includes(path));
  assert.ok(url, `a link to ${path} in:\n${mail.text}`);
  assert.ok(url.startsWith(PUBLIC_BASE + '/'), url);
  return svc.base + url.slice(PUBLIC_BASE.length);
}

async function signIn(page, nir, password) {
  await page.goto(svc.base + '/connexion');
  await page.locator('#nir').fill(nir);
  await page.locator('#password').fill(password);
  await submit(page, 'Se connecter');
}

async function newPassword(page, password) {
  await page.locator('#new_password').fill(password);
  await page.locator('#confirm_password').fill(password);
}

test('forgot password by e-mail: the link from the mail sets a new password', async () => {
  const m = await openMember(browser);
  const { page } = m;
  const p = people.mail;
  await onFailure(m, 'oubli-email', async () => {
    await page.goto(svc.base + '/connexion');
    await Promise.all([page.waitForURL(/\/mot-de-passe-oublie$/), page.getByRole('link', { name: 'Mot de passe oublié ?' }).first().click()]);
    await page.locator('#nir').fill(spaced(p[0]));
    await page.locator('#birth_date').fill(frDate(p[4]));
    await page.getByLabel(/Par e-mail/).check();
    await submit(page, 'Envoyer');
    assert.match(await page.getByRole('status').textContent(), /\S/);
    await audit(m, 'oubli-email-envoye');

    const [mail] = await svc.sink.waitFor(p[6]);
    await page.goto(localLink(mail, '/reinitialiser?token='));
    await audit(m, 'oubli-email-lien');
    // First a weak password: the rules are named, the field marked and focused.
    await newPassword(page, 'motdepasse');
    await submit(page, 'Enregistrer mon mot de passe');
    assert.equal(await page.locator('#new_password').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'new_password');
    await audit(m, 'oubli-email-mot-de-passe-faible');
    await newPassword(page, NEW_PASSWORD);
    await submit(page, 'Enregistrer mon mot de passe');
    assert.match(await page.locator('h1').textContent(), /Mot de passe modifié/);
    await audit(m, 'oubli-email-termine');

    await Promise.all([page.waitForURL(/\/connexion$/), page.getByRole('link', { name: 'Me connecter' }).click()]);
    await signIn(page, p[0], NEW_PASSWORD);
    assert.equal(new URL(page.url()).pathname, '/mon-compte');
  });
  await m.context.close();
});

test('forgot password by post: the code read from the letter', async () => {
  const m = await openMember(browser);
  const { page } = m;
  const p = people.postal;
  await onFailure(m, 'oubli-courrier', async () => {
    await page.goto(svc.base + '/mot-de-passe-oublie');
    await page.locator('#nir').fill(p[0]);
    await page.locator('#birth_date').fill(frDate(p[4]));
    await page.getByLabel(/Par courrier/).check();
    await submit(page, 'Envoyer');
    await audit(m, 'oubli-courrier-envoye');

    const letter = await waitForLetter(svc.letters, (e) => e.recipient_name.includes(p[2]));
    const text = await pdfText(join(svc.letters, letter.file));
    const code = codeIn(text);
    assert.ok(code, `a code in the letter:\n${text}`);

    await Promise.all([page.waitForURL(/\/reinitialiser-par-code$/), page.getByRole('link', { name: 'saisir mon code provisoire' }).click()]);
    await page.locator('#nir').fill(spaced(p[0]));
    await page.locator('#code').fill(code.slice(0, 4) + '-' + code.slice(4).toLowerCase());
    await newPassword(page, NEW_PASSWORD);
    await submit(page, 'Enregistrer mon mot de passe');
    assert.match(await page.locator('h1').textContent(), /Mot de passe modifié/);
    await signIn(page, p[0], NEW_PASSWORD);
    assert.equal(new URL(page.url()).pathname, '/mon-compte');
  });
  await m.context.close();
});

test('activation: the provisional code by e-mail, then the first sign-in', async () => {
  const m = await openMember(browser);
  const { page } = m;
  const p = people.newcomer;
  await onFailure(m, 'activation', async () => {
    await page.goto(svc.base + '/connexion');
    await Promise.all([page.waitForURL(/\/activation$/), page.getByRole('link', { name: 'Créer mon compte' }).click()]);
    // First with a wrong key: the message says so precisely and nothing is sent.
    const wrongKey = withKey(p[0]).slice(0, 13) + String((Number(withKey(p[0]).slice(13)) % 97) + 1).padStart(2, '0');
    await page.locator('#nir').fill(wrongKey);
    await page.locator('#birth_date').fill(frDate(p[4]));
    await page.locator('#postal_code').fill(p[5]);
    await page.locator('#secret').fill(vitale(p[0]));
    await submit(page, 'Recevoir mon code');
    assert.match(await page.locator('#nir-erreur').textContent(), /la clé ne correspond pas au numéro/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'nir');
    await audit(m, 'activation-cle-fausse');

    await page.locator('#nir').fill(spaced(withKey(p[0])));
    await page.locator('#secret').fill(vitale(p[0]));
    await page.getByLabel('Par e-mail').check();
    await submit(page, 'Recevoir mon code');
    await audit(m, 'activation-code-envoye');
    const [mail] = await svc.sink.waitFor(p[6]);
    const code = codeIn(mail.text);
    assert.ok(code, mail.text);

    await Promise.all([page.waitForURL(/\/activation\/code$/), page.getByRole('link', { name: 'Saisir mon code provisoire' }).click()]);
    await page.locator('#nir').fill(withKey(p[0]));
    await page.locator('#code').fill(code);
    await newPassword(page, NEW_PASSWORD);
    await page.locator('#email').fill(p[6]);
    await submit(page, 'Activer mon compte');
    assert.match(await page.locator('h1').textContent(), /Compte activé/);
    await audit(m, 'activation-terminee');
    await signIn(page, p[0], NEW_PASSWORD);
    assert.equal(new URL(page.url()).pathname, '/mon-compte');
  });
  await m.context.close();
});

test('account settings: a new password, a new e-mail confirmed from its mail, then sign out', async () => {
  const m = await openMember(browser);
  const { page } = m;
  const p = people.settings;
  const newEmail = 'aurelie.roux.nouvelle@example.org';
  await onFailure(m, 'parametres', async () => {
    await signIn(page, p[0], PASSWORD);
    await page.goto(svc.base + '/mon-compte/parametres');
    await page.locator('#current_password').fill('Pas-le-bon-42');
    await newPassword(page, NEW_PASSWORD);
    await submit(page, 'Changer mon mot de passe');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'current_password', 'focus on the first error');
    await audit(m, 'parametres-erreur');
    await page.locator('#current_password').fill(PASSWORD);
    await newPassword(page, NEW_PASSWORD);
    await submit(page, 'Changer mon mot de passe');
    assert.match(await page.getByRole('status').textContent(), /\S/);
    await audit(m, 'parametres-mot-de-passe-change');

    await page.locator('#email').fill(newEmail);
    await submit(page, 'Recevoir un lien de confirmation');
    assert.match(await page.getByRole('status').textContent(), /\S/);
    const [mail] = await svc.sink.waitFor(newEmail);
    await page.goto(localLink(mail, '/verifier-email?token='));
    await audit(m, 'verifier-email');
    await submit(page, /Confirmer/);
    assert.match(await page.locator('h1').textContent(), /Adresse confirmée/);

    await page.goto(svc.base + '/mon-compte');
    await submit(page, 'Se déconnecter');
    assert.match(page.url(), /\/connexion/);
    await audit(m, 'deconnecte');
    await page.goto(svc.base + '/mon-compte/parametres');
    assert.match(page.url(), /\/connexion$/);
    await signIn(page, p[0], NEW_PASSWORD);
    assert.equal(new URL(page.url()).pathname, '/mon-compte');
  });
  await m.context.close();
});
