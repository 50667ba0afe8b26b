// The member's side in a real browser: playwright-core drives Debian's chromium (no browser
// download), against the real `moncompte` started by tests/recovery/env.mjs with a real SMTP sink
// and a print outbox. Every page a journey reaches goes through `audit()`: axe-core (no serious or
// critical violation), lang="fr", a title, the CSP and nosniff headers, no console error, no
// horizontal scrolling at 360 px, no list repeating an item, every radio button and checkbox
// beside its label, and screenshots at 360 px and 1280 px.
//
//   MC_BIN          the service binary (ctest passes it)
//   MC_CHROMIUM     the browser (default /usr/bin/chromium)
//   MC_SCREENSHOTS  where screenshots go (ctest: <build>/test-artifacts/screenshots)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CHROMIUM = process.env.MC_CHROMIUM || '/usr/bin/chromium';
export const SHOTS = process.env.MC_SCREENSHOTS || join(tmpdir(), 'moncompte-screenshots');
mkdirSync(SHOTS, { recursive: true });

// Debian's chromium, quiet: nothing reaches the network but the service under test. Playwright
// gives every launch its own fresh --user-data-dir (a temporary profile it deletes on close).
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  });
}

const fileSafe = (s) => s.replace(/[^a-zA-Z0-9_-]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

// One member's browser: a context with its own cookies, and what the audit needs to know about
// the pages it loaded (document responses, console errors).
export async function openMember(browser, { javaScriptEnabled = true, viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, locale: 'fr-FR', javaScriptEnabled });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);  // sanitizer builds hash slowly
  const state = { documents: [], consoleErrors: [] };
  page.on('response', (res) => {
    if (res.request().isNavigationRequest() && res.frame() === page.mainFrame()) state.documents.push(res);
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    state.consoleErrors.push({ text: msg.text(), url: msg.location()?.url ?? '' });
  });
  page.on('pageerror', (err) => state.consoleErrors.push({ text: `uncaught: ${err.message}`, url: '' }));
  return { context, page, state };
}

// The last document the main frame received (after redirects).
function lastDocument(state) {
  for (let i = state.documents.length - 1; i >= 0; i--) {
    const d = state.documents[i];
    if (d.status() < 300 || d.status() >= 400) return d;
  }
  return null;
}

export const audited = new Set();

// Everything the issue asks of every page, on the page as it is now.
export async function audit(member, name) {
  const { page, state } = member;
  await page.waitForLoadState('load');
  const where = `${name} (${page.url()})`;

  // Headers of the document: strict CSP without inline script, nosniff.
  const doc = lastDocument(state);
  assert.ok(doc, `no document response for ${where}`);
  const headers = await doc.allHeaders();
  const csp = headers['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'self'/, `CSP with script-src 'self' on ${where}: ${csp}`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `CSP without unsafe-inline on ${where}`);
  assert.equal(headers['x-content-type-options'], 'nosniff', `nosniff on ${where}`);
  assert.match(headers['content-type'] ?? '', /^text\/html; charset=utf-8/i, where);

  // The document itself: French, titled, no inline script, nothing external.
  const facts = await page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    title: document.title,
    h1: document.querySelectorAll('h1').length,
    inlineScripts: [...document.scripts].filter((s) => !s.src).length,
    inlineHandlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
    external: [...document.querySelectorAll('script[src], link[href], img[src]')]
      .map((e) => e.src || e.href)
      .filter((u) => u && new URL(u).origin !== location.origin),
  }));
  assert.equal(facts.lang, 'fr', `lang="fr" on ${where}`);
  assert.ok(facts.title.trim().length > 0, `a title on ${where}`);
  assert.equal(facts.h1, 1, `one h1 on ${where}`);
  assert.equal(facts.inlineScripts, 0, `no inline script on ${where}`);
  assert.equal(facts.inlineHandlers, 0, `no inline event handler on ${where}`);
  assert.deepEqual(facts.external, [], `no external resource on ${where}`);

  // Lists: no list repeats an item, and no list is repeated beside itself (a Mustache section
  // nested in itself gave N lists of N items).
  assert.deepEqual(await repeatedListItems(page), [], `repeated list items on ${where}`);
  // Every visible radio button and checkbox sits on the line of its label, just before it.
  assert.deepEqual(await detachedChoices(page), [], `radio buttons or checkboxes apart from their label on ${where}`);

  // axe-core, WCAG 2.1 A/AA and best practices: serious and critical violations fail.
  const violations = await runAxe(page);
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of violations.filter((x) => !blocking.includes(x)))
    console.log(`# axe (${v.impact}) ${v.id} on ${name}: ${v.help}`);
  assert.deepEqual(blocking.map(describeViolation), [], `axe on ${where}`);

  // Screenshots at 360 and 1280 CSS px; at 360, nothing may scroll sideways.
  const original = page.viewportSize();
  const base = fileSafe(name);
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    if (width === 360) {
      const overflow = await horizontalOverflow(page);
      assert.ok(overflow <= 0, `no horizontal scrolling at 360 px on ${where} (${overflow} px too wide)`);
    }
    await page.screenshot({ path: join(SHOTS, `${base}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(original);

  assert.deepEqual(consoleErrors(state), [], `console errors on ${where}`);
  audited.add(new URL(page.url()).pathname);
}

// A page answered 4xx on purpose (wrong password: 401, lock: 423…) is reported by chromium as a
// failed resource: that is the document itself, not an error of the page.
export function consoleErrors(state) {
  const documentUrls = new Set(state.documents.map((d) => d.url()));
  return state.consoleErrors
    .filter((e) => !(documentUrls.has(e.url) && /^Failed to load resource: the server responded with a status of 4\d\d/.test(e.text)))
    .map((e) => `${e.text} (${e.url})`);
}

async function runAxe(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern; nothing is
  // added to the document.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    }),
  );
  return result.violations;
}

function describeViolation(v) {
  return `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`;
}

// Items repeated within one list, and lists repeated beside each other, as readable strings.
export function repeatedListItems(page) {
  return page.evaluate(() => {
    const text = (e) => e.textContent.replace(/\s+/g, ' ').trim();
    const found = [];
    for (const list of document.querySelectorAll('ul, ol')) {
      const seen = new Set();
      for (const li of list.children) {
        if (li.tagName !== 'LI') continue;
        const t = text(li);
        if (seen.has(t)) found.push(`item "${t.slice(0, 80)}" twice in one list`);
        seen.add(t);
      }
    }
    for (const parent of document.querySelectorAll('*')) {
      const lists = [...parent.children].filter((c) => c.tagName === 'UL' || c.tagName === 'OL').map(text);
      const dup = lists.find((t, i) => t && lists.indexOf(t) !== i);
      if (dup) found.push(`list "${dup.slice(0, 80)}" repeated`);
    }
    return found;
  });
}

// Radio buttons and checkboxes whose label is not right beside them on the same line. Hidden
// inputs (display: none, e.g. the write-in choices shown only with JavaScript) are skipped.
export function detachedChoices(page) {
  return page.evaluate(() => {
    const found = [];
    for (const input of document.querySelectorAll('input[type="radio"], input[type="checkbox"]')) {
      const box = input.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const label = input.id ? document.querySelector(`label[for="${CSS.escape(input.id)}"]`) : null;
      if (!label) {
        found.push(`#${input.id || input.name}: no label`);
        continue;
      }
      // The first line of the label: its first client rect.
      const line = label.getClientRects()[0];
      if (!line) {
        found.push(`#${input.id}: label not displayed`);
        continue;
      }
      const sameLine = line.top < box.bottom && box.top < line.bottom;
      const gap = line.left - box.right;
      if (!sameLine || gap < 0 || gap > 24)
        found.push(`#${input.id}: input at (${Math.round(box.left)}, ${Math.round(box.top)}), label "${label.textContent.trim().slice(0, 40)}" at (${Math.round(line.left)}, ${Math.round(line.top)})`);
    }
    return found;
  });
}

export function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

// A journey step that keeps a picture of the failure.
export async function onFailure(member, name, fn) {
  for (const ext of ['png', 'html']) rmSync(join(SHOTS, `FAILED-${fileSafe(name)}.${ext}`), { force: true });
  try {
    return await fn();
  } catch (err) {
    try {
      await member.page.screenshot({ path: join(SHOTS, `FAILED-${fileSafe(name)}.png`), fullPage: true });
      writeFileSync(join(SHOTS, `FAILED-${fileSafe(name)}.html`), await member.page.content());
    } catch {
      /* the page may be gone */
    }
    throw err;
  }
}

// Fills a field found by its label (as a person would), or by id.
export async function fill(page, id, value) {
  await page.locator(`#${id}`).fill(value);
}

// Submits the form holding `#id` (button click, as a person would) and waits for the next page.
export async function submit(page, buttonText) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: buttonText }).click()]);
}

export async function go(member, base, path) {
  const res = await member.page.goto(base + path);
  return res;
}
