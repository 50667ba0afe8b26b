// Every page of the member's side, anonymous and signed in: the audit of browser.mjs (axe, lang,
// title, CSP, nosniff, console, 360/1280 screenshots), the emergency notice first on every help
// page, keyboard-only sign-in, 200 % zoom, and the pages working without JavaScript.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { people, PASSWORD, startService } from '../recovery/env.mjs';
import { launch, openMember, audit, onFailure, horizontalOverflow, submit } from './browser.mjs';

const svc = await startService();
const browser = await launch();
after(async () => {
  await browser.close();
  await svc.server.stop();
  svc.sink.stop();
});

const HELP = [
  ['aide', '/aide'],
  ['aide-compte-bloque', '/aide/compte-bloque'],
  ['aide-avant-d-appeler', '/aide/avant-d-appeler'],
  ['aide-documents-accueil', '/aide/documents-accueil'],
  ['aide-france-services', '/aide/france-services'],
  ['aide-autres-regimes', '/aide/autres-regimes'],
  ['aide-arnaques', '/aide/arnaques'],
  ['aide-demarches-urgentes', '/aide/demarches-urgentes'],
];
const ANONYMOUS = [
  ['accueil', '/'],
  ['connexion', '/connexion'],
  ['mot-de-passe-oublie', '/mot-de-passe-oublie'],
  ['reinitialiser-lien', '/reinitialiser?token=00000000000000000000000000000000'],
  ['reinitialiser-par-code', '/reinitialiser-par-code'],
  ['activation', '/activation'],
  ['activation-code', '/activation/code'],
  ['verifier-email', '/verifier-email?token=00000000000000000000000000000000'],
  ['attestation-par-courrier', '/attestation-par-courrier'],
  ['verifier-une-attestation', '/verifier-une-attestation'],
  ['page-introuvable', '/cette-page-n-existe-pas'],
  ...HELP,
];
// Pages other features add; skipped, with a note, while they are not there.
const OPTIONAL = [
  ['verifier-un-message', '/verifier-un-message'],
  ['aide-demande', '/aide/demande'],
];

async function signIn(member, nir, password) {
  const { page } = member;
  await page.goto(svc.base + '/connexion');
  await page.locator('#nir').fill(nir);
  await page.locator('#password').fill(password);
  await submit(page, 'Se connecter');
}

test('every anonymous page passes the audit', async () => {
  const m = await openMember(browser);
  for (const [name, path] of ANONYMOUS) {
    await onFailure(m, name, async () => {
      const res = await m.page.goto(svc.base + path);
      assert.equal(res.status(), name === 'page-introuvable' ? 404 : 200, path);
      await audit(m, name);
    });
  }
  await m.context.close();
});

test('pages of the other features pass the audit once they exist', async (t) => {
  const m = await openMember(browser);
  for (const [name, path] of OPTIONAL) {
    const res = await m.page.goto(svc.base + path);
    if (res.status() === 404) {
      t.diagnostic(`${path} is not there yet: not audited`);
      continue;
    }
    await onFailure(m, name, () => audit(m, name));
  }
  await m.context.close();
});

// The browser checks the pages a journey reaches; the back office's pages are reached by no
// journey here, so every template is also read: a radio button or checkbox comes with its label
// inside a `.choice` (input, then label, on one line).
test('every radio button and checkbox of every template sits in a .choice with its label', () => {
  const dir = fileURLToPath(new URL('../../web/templates/', import.meta.url));
  const wrong = [];
  let count = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const m = /<input\b[^>]*type="(radio|checkbox)"[^>]*\bid="([^"]+)"/.exec(line);
      if (!m) continue;
      count++;
      const id = m[2].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const ok = new RegExp(`<(div|li) class="choice"><input\\b[^>]*> <label for="${id}">.*</label></\\1>`).test(line);
      if (!ok) wrong.push(`${file}: ${line.trim().slice(0, 120)}`);
    }
  }
  assert.ok(count >= 20, `${count} radio buttons and checkboxes found`);
  assert.deepEqual(wrong, []);
});

// The home page promises only what exists, and the help centre says the lock rule as the seed
// does: the 6th failure locks for good (not "from the 7th attempt").
test('the home page and the help centre say only what is true', async () => {
  const home = await (await fetch(svc.base + '/')).text();
  assert.doesNotMatch(home, /remboursements/i, 'the service has no reimbursements page');
  const help = (await (await fetch(svc.base + '/aide')).text()).replace(/<[^>]+>/g, '');
  assert.doesNotMatch(help, /7e tentative|à partir de la 7/);
  assert.match(help, /La 6e erreur bloque le compte définitivement/);
});

test('every help page opens with the medical-emergency notice (15, 112, 114)', async () => {
  const m = await openMember(browser);
  for (const [name, path] of [...HELP, ['aide-reponse', '/aide/compte-bloque?situation=erreurs&essais=beaucoup'], ['aide-demande', '/aide/demande']]) {
    await onFailure(m, name, async () => {
      const res = await m.page.goto(svc.base + path);
      if (res.status() === 404 && path === '/aide/demande') return;  // not there yet
      const first = await m.page.evaluate(() => {
        const el = document.querySelector('main').firstElementChild;
        return { cls: el.className, text: el.textContent };
      });
      assert.equal(first.cls, 'emergency', `${path}: the notice comes first`);
      for (const n of ['15', '112', '114']) assert.match(first.text, new RegExp(`\\b${n}\\b`), `${path}: ${n}`);
      assert.match(first.text, /santé/);
    });
  }
  await m.context.close();
});

test('signed-in pages pass the audit; signing out ends the session', async () => {
  const m = await openMember(browser);
  const p = people.settings;
  await onFailure(m, 'signed-in', async () => {
    await signIn(m, p[0], PASSWORD);
    assert.equal(new URL(m.page.url()).pathname, '/mon-compte');
    await audit(m, 'mon-compte');
    await m.page.getByRole('link', { name: 'Mot de passe et adresse e-mail' }).click();
    await m.page.waitForURL(/\/mon-compte\/parametres$/);
    await audit(m, 'mon-compte-parametres');
    await m.page.goto(svc.base + '/mon-compte/attestation');
    await audit(m, 'mon-compte-attestation');
    for (const [name, path] of HELP.slice(0, 2)) {
      await m.page.goto(svc.base + path);
      await audit(m, `${name}-connecte`);
      assert.equal(await m.page.getByRole('link', { name: 'Mon compte', exact: true }).count(), 1, 'the menu knows the member is signed in');
    }
    await m.page.goto(svc.base + '/mon-compte');
    await submit(m.page, 'Se déconnecter');
    assert.match(m.page.url(), /\/connexion/);
    await m.page.goto(svc.base + '/mon-compte');
    assert.match(m.page.url(), /\/connexion$/, 'signed out: the account page sends back to sign-in');
  });
  await m.context.close();
});

test('keyboard only: Tab to the fields, Enter to sign in, focus always visible', async () => {
  const m = await openMember(browser);
  const { page } = m;
  const p = people.mail;
  await onFailure(m, 'clavier', async () => {
    await page.goto(svc.base + '/connexion');
    const seen = [];
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const el = document.activeElement;
        const cs = getComputedStyle(el);
        return { id: el.id, tag: el.tagName, text: el.textContent.trim().slice(0, 40), outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
      });
      seen.push(f.id || f.text);
      assert.ok(f.outline !== 'none' && f.width >= 2, `visible focus on ${f.tag} ${f.id || f.text}`);
      if (f.id === 'nir') break;
    }
    assert.equal(seen.at(-1), 'nir', `Tab reaches the NIR field: ${seen.join(' → ')}`);
    assert.equal(seen[0], 'Aller au contenu', 'the skip link comes first');
    await page.keyboard.type(p[0]);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(/\/mon-compte$/), page.keyboard.press('Enter')]);
    await audit(m, 'clavier-mon-compte');
  });
  await m.context.close();
});

test('200 % zoom and 320 px: the main forms reflow without horizontal scrolling', async () => {
  const forms = ['/connexion', '/mot-de-passe-oublie', '/reinitialiser-par-code', '/activation', '/activation/code',
    '/attestation-par-courrier', '/aide/compte-bloque'];
  // 1280 × 900 at 200 % is a 640 × 450 CSS viewport with 2 device pixels per CSS pixel; 320 is
  // WCAG 1.4.10's reflow width (1280 px at 400 %).
  for (const viewport of [{ width: 640, height: 450 }, { width: 320, height: 450 }]) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 2, locale: 'fr-FR' });
    const page = await context.newPage();
    for (const path of forms) {
      await page.goto(svc.base + path);
      assert.ok((await horizontalOverflow(page)) <= 0, `${path} at ${viewport.width} px scrolls sideways`);
      const button = page.locator('main form button[type=submit]').first();
      const box = await button.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width, `${path}: the submit button fits at ${viewport.width} px`);
    }
    await context.close();
  }
});

test('the NIR field: a hint as you type, and a precise message from the server', async () => {
  const m = await openMember(browser);
  const { page } = m;
  await onFailure(m, 'nir', async () => {
    await page.goto(svc.base + '/connexion');
    const nir = page.locator('#nir');
    const hint = page.locator('#nir-indice');
    await nir.pressSequentially('1 80 05');
    await assert.doesNotReject(hint.filter({ hasText: /encore/ }).waitFor());
    await nir.fill('');
    await nir.pressSequentially('1 80 05 75 115 101 99');
    await assert.doesNotReject(hint.filter({ hasText: /clé.*ne correspond pas/ }).waitFor());
    await page.locator('#password').fill('Peu-importe-42');
    await submit(page, 'Se connecter');
    // Spaces are accepted; the wrong key is named, the field is marked and focused.
    const err = page.locator('#nir-erreur');
    assert.match(await err.textContent(), /la clé ne correspond pas au numéro/);
    assert.equal(await nir.getAttribute('aria-invalid'), 'true');
    assert.match(await nir.getAttribute('aria-describedby'), /nir-erreur/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'nir', 'focus on the first error');
    await audit(m, 'connexion-nir-invalide');

    // Spaces, dots and dashes in a good number: accepted (a wrong password, not a format error).
    await nir.fill('1.80.05-75 115 101');
    await page.locator('#password').fill('Faux-Motdepasse-1');
    await submit(page, 'Se connecter');
    assert.equal(await page.locator('#nir-erreur').count(), 0);
    assert.match(await page.getByRole('alert').textContent(), /Mot de passe incorrect/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'password', 'focus on the password');
  });
  await m.context.close();
});

// Caps Lock state comes with each key event (KeyboardEvent.getModifierState): the events are
// built with modifierCapsLock, as a keyboard with Caps Lock on would send them.
test('Caps Lock: a warning under each password field while it is on', async () => {
  const m = await openMember(browser);
  const { page } = m;
  const key = (id, capsLock) => page.locator(`#${id}`).evaluate((input, caps) => {
    for (const type of ['keydown', 'keyup'])
      input.dispatchEvent(new KeyboardEvent(type, { key: caps ? 'A' : 'a', modifierCapsLock: caps, bubbles: true }));
  }, capsLock);
  await onFailure(m, 'majuscules', async () => {
    for (const [path, ids] of [['/connexion', ['password']], ['/reinitialiser-par-code', ['new_password', 'confirm_password']]]) {
      await page.goto(svc.base + path);
      for (const id of ids) {
        const warning = page.locator(`#${id} + .caps-warning`);
        assert.equal(await warning.isVisible(), false, `${path} #${id}: hidden at first`);
        await page.locator(`#${id}`).focus();
        await key(id, true);
        assert.equal(await warning.isVisible(), true, `${path} #${id}: shown with Caps Lock on`);
        assert.match(await warning.textContent(), /majuscules sont verrouillées/);
        if (id === 'password') await audit(m, 'connexion-majuscules');
        await key(id, false);
        assert.equal(await warning.isVisible(), false, `${path} #${id}: hidden once Caps Lock is off`);
      }
    }
  });
  await m.context.close();
});

test('without JavaScript: sign-in, help and diagnosis work the same', async () => {
  const m = await openMember(browser, { javaScriptEnabled: false });
  const { page } = m;
  await onFailure(m, 'sans-js', async () => {
    await page.goto(svc.base + '/aide/avant-d-appeler');
    assert.equal(await page.locator('button[data-print]').isVisible(), false, 'no dead print button without JS');
    await page.goto(svc.base + '/aide/compte-bloque');
    await page.getByLabel('J\'ai saisi un mauvais mot de passe plusieurs fois').check();
    await submit(page, 'Voir ce que je peux faire');
    assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'unclear');
    await page.goto(svc.base + '/connexion');
    await page.locator('#nir').fill('1 70 04 75 115 113');  // people.codes, with spaces
    assert.equal(await page.locator('#nir-indice').textContent(), '', 'no hint without JS');
    assert.equal(await page.locator('.caps-warning').count(), 0, 'no Caps Lock warning without JS');
    await page.locator('#password').fill(PASSWORD);
    await submit(page, 'Se connecter');
    assert.equal(new URL(page.url()).pathname, '/mon-compte');
  });
  await m.context.close();
});

test('"Avant d\'appeler le 36 46" prints the checklist without the site chrome', async () => {
  const m = await openMember(browser);
  const { page } = m;
  await page.goto(svc.base + '/aide/avant-d-appeler');
  assert.equal(await page.locator('button[data-print]').isVisible(), true, 'the print button appears with JS');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.site nav').isVisible(), false);
  assert.equal(await page.locator('footer.site').isVisible(), false);
  assert.equal(await page.locator('button[data-print]').isVisible(), false);
  const text = await page.locator('main').innerText();
  for (const item of [/numéro de sécurité sociale/, /état civil complet/, /adresse postale actuelle/, /description rapide du problème/, /messages d'erreur/])
    assert.match(text, item);
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000);
  await m.context.close();
});
