// Recovery tests: the real service, a real SMTP server (tests/tools/smtp_sink.py, Debian
// python3-aiosmtpd) and the real print outbox, on this folder's own fixtures.
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { BIN, startServer, sleep } from '../integration/harness.mjs';
import { withKey } from '../integration/nir.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..', '..');
const SINK = join(ROOT, 'tests', 'tools', 'smtp_sink.py');
const run = promisify(execFile);

const dirs = [];
const children = new Set();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
export function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'mc-rec-'));
  dirs.push(d);
  return d;
}

// Members of these tests: [role, nir13, sex, family, given, birth, postal, email, organisme, state|null]
export const people = {
  mail: ['1800575115101', 'M', 'MARTIN', 'Lucas', '1980-05-14', '75015', 'lucas.martin@example.org', 'CPAM-75', 'active'],
  nomail_check: ['2911113055102', 'F', 'BERNARD', 'Léa', '1991-11-02', '13002', 'lea.bernard@example.org', 'CPAM-13', 'active'],
  postal: ['1770269383103', 'M', 'DUBOIS', 'François', '1977-02-20', '69003', '', 'CPAM-69', 'active'],
  templock: ['2850875115104', 'F', 'THOMAS', 'Chloé', '1985-08-09', '75015', 'chloe.thomas@example.org', 'CPAM-75', 'active'],
  permlock: ['1931013055105', 'M', 'ROBERT', 'Noé', '1993-10-30', '13002', 'noe.robert@example.org', 'CPAM-13', 'permanently_locked'],
  race: ['1550375115106', 'M', 'PETIT', 'René', '1955-03-03', '75015', 'rene.petit@example.org', 'CPAM-75', 'active'],
  expiry: ['2680469383107', 'F', 'DURAND', 'Geneviève', '1968-04-17', '69003', 'genevieve.durand@example.org', 'CPAM-69', 'active'],
  weak: ['1720513055108', 'M', 'LE BRIS', 'Yannick', '1972-05-05', '13002', 'yannick.lebris@example.org', 'CPAM-13', 'active'],
  crash: ['2990175115109', 'F', 'LEROY', 'Inès', '1999-01-21', '75015', 'ines.leroy@example.org', 'CPAM-75', 'active'],
  newcomer: ['1600613055110', 'M', 'MOREAU', 'Jean-Marc', '1960-06-12', '13002', 'jean-marc.moreau@example.org', 'CPAM-13', null],
  newcomer_post: ['2750675115111', 'F', 'SANTONI', 'Marie-Ange', '1975-06-28', '75015', '', 'CPAM-75', null],
  msa: ['1620991102112', 'M', 'CASANOVA', 'Dominique', '1962-09-01', '91150', 'dominique.casanova@example.org', 'MSA-IDF', null],
  codes: ['1700475115113', 'M', 'EL AMRANI', 'Youssef', '1970-04-15', '75015', 'youssef.elamrani@example.org', 'CPAM-75', 'active'],
  settings: ['2840475115114', 'F', 'ROUX', 'Aurélie', '1984-04-19', '75015', 'aurelie.roux@example.org', 'CPAM-75', 'active'],
  paper: ['1881075115115', 'M', 'GARCIA', 'Hugo', '1988-10-03', '75015', '', 'CPAM-75', 'permanently_locked'],
};
export const PASSWORD = 'Ancien-Motdepasse-42';
// Links in mails and letters must start with public.base_url, whatever port the test server has.
export const PUBLIC_BASE = 'https://moncompte.ameli.fr';
export const NEW_PASSWORD = 'Nouveau-Jardin-2026!';
export const vitale = (nir13) => '7' + nir13.slice(5, 13);
export const iban7 = (nir13) => 'FR' + nir13.slice(8, 13);

function writeFixtures(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'organismes.csv'),
    'code,regime,name,online_space,phone\n' +
    'CPAM-75,general,CPAM de Paris,compte ameli,36 46\n' +
    'CPAM-13,general,CPAM des Bouches-du-Rhône,compte ameli,36 46\n' +
    'CPAM-69,general,CPAM du Rhône,compte ameli,36 46\n' +
    'MSA-IDF,agricole,MSA Île-de-France,espace privé MSA,01 30 63 88 80\n');
  let reg = 'nir,sex,family_name,given_names,birth_date,birth_place_insee,birth_place_label,birth_country,address,postal_code,city,email,phone,organisme,vitale_serial,iban_last7,rights_from,rights_to,css,ald\n';
  let acc = 'nir,state,password,last_login\n';
  for (const [nir13, sex, fam, given, birth, postal, email, org, state] of Object.values(people)) {
    reg += [withKey(nir13), sex, fam, given, birth, '75115', 'Paris 15e', 'France', '"12 rue des Lilas, Bât. B"', postal,
      'Paris', email, '0601020304', org, vitale(nir13), iban7(nir13), '2024-01-01', '2027-12-31', 'no', 'no'].join(',') + '\n';
    if (state) acc += [withKey(nir13), state, PASSWORD, '2026-11-01'].join(',') + '\n';
  }
  writeFileSync(join(dir, 'register.csv'), reg);
  writeFileSync(join(dir, 'accounts.csv'), acc);
}

let template;
export async function freshDb() {
  if (!template) {
    const dir = tempDir();
    writeFixtures(dir);
    const file = join(dir, 'template.sqlite');
    template = run(BIN, ['import', '--db', `sqlite:${file}`, '--register', join(dir, 'register.csv'),
      '--organismes', join(dir, 'organismes.csv'), '--accounts', join(dir, 'accounts.csv')]).then(() => file);
  }
  const src = await template;
  const dir = tempDir();
  const file = join(dir, 'moncompte.sqlite');
  writeFileSync(file, readFileSync(src));
  for (const ext of ['-wal', '-shm']) if (existsSync(src + ext)) writeFileSync(file + ext, readFileSync(src + ext));
  return file;
}

// A real SMTP server on a free port; messages land in `dir` as n.eml.
export async function startSink(dir = tempDir()) {
  const proc = spawn('python3', [SINK, '--port', '0', '--dir', dir, '--watch-stdin'], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(proc);
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`SMTP sink did not start\n${stderr}`)), 15_000);
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const m = /^ready (\d+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.once('exit', (code) => reject(new Error(`SMTP sink exited (${code})\n${stderr}`)));
  });
  return {
    port,
    dir,
    url: `smtp://127.0.0.1:${port}`,
    stop() {
      proc.stdin.end();
      proc.kill('SIGTERM');
      children.delete(proc);
    },
    files() {
      return existsSync(dir) ? readdirSync(dir).filter((f) => /^\d+\.eml$/.test(f)).sort((a, b) => parseInt(a) - parseInt(b)) : [];
    },
    async decode(file) {
      const { stdout } = await run('python3', [SINK, '--decode', join(dir, file)]);
      return JSON.parse(stdout);
    },
    // All decoded messages to `address`.
    async messagesTo(address) {
      const out = [];
      for (const f of this.files()) {
        const m = await this.decode(f);
        if (m.to.includes(address)) out.push(m);
      }
      return out;
    },
    // Waits until a message to `address` arrives (the delivery worker polls every 0.5 s).
    async waitFor(address, { count = 1, timeoutMs = 15_000 } = {}) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const got = await this.messagesTo(address);
        if (got.length >= count) return got;
        if (Date.now() > until) throw new Error(`no message to ${address} within ${timeoutMs} ms`);
        await sleep(250);
      }
    },
  };
}

// The service with its SMTP sink and its own letters folder.
export async function startService({ set = {}, sink, db } = {}) {
  sink ??= await startSink();
  db ??= await freshDb();
  const letters = join(dirname(db), 'letters');
  const server = await startServer({
    db, set: { 'smtp.url': sink.url, 'outbox.letters_dir': letters, 'public.base_url': PUBLIC_BASE, ...set },
  });
  return { server, sink, letters, base: server.base };
}

export function linkIn(message, path) {
  const m = new RegExp(`https?://[^\\s"<>]+${path.replace('?', '\\?')}=([0-9a-f]{32})`).exec(message.text);
  return m ? m[1] : null;
}

export function codeIn(text) {
  const m = /\b([A-HJ-NP-Z2-9]{4})-([A-HJ-NP-Z2-9]{4})\b/.exec(text);
  return m ? m[1] + m[2] : null;
}

export async function pdfText(file) {
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  return stdout;
}

// Letters written so far: the manifest lines.
export function manifest(lettersDir) {
  const f = join(lettersDir, 'manifest.jsonl');
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export async function waitForLetter(lettersDir, predicate = () => true, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = manifest(lettersDir).filter(predicate);
    if (found.length) return found[found.length - 1];
    if (Date.now() > until) throw new Error('no letter written');
    await sleep(250);
  }
}

// Waits until the service's durable outbox (`mail` or `letter`) holds nothing pending (its
// /metrics gauge): everything a request enqueued (in the request's own transaction) has then
// reached the SMTP sink or the letters folder. A bounded poll for an asynchronous effect, so
// that "nothing was sent" is checked, never slept on.
export async function outboxDrained(base, kind = 'mail', timeoutMs = 15_000) {
  const gauge = `moncompte_${kind}_outbox_pending`;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = await (await fetch(`${base}/metrics`)).text();
    const m = new RegExp(`^${gauge}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    if (!m) throw new Error(`no ${gauge} in /metrics:\n${text.slice(0, 500)}`);
    if (Number(m[1]) === 0) return;
    if (Date.now() > until) throw new Error(`${gauge} still ${m[1]} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

export { withKey, sleep };

// A server whose process the test may kill with SIGKILL (the harness only stops cleanly).
export async function startKillableServer({ db, set = {} }) {
  const args = ['serve', '--listen', '127.0.0.1:0', '--db', `sqlite:${db}`];
  for (const [k, v] of Object.entries({ 'throttle.source_failures': 100000, ...set })) args.push('--set', `${k}=${v}`);
  const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((r) => proc.once('exit', r));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start\n${stderr}`)), 20_000);
    createInterface({ input: proc.stdout }).on('line', (line) => {
      try {
        const j = JSON.parse(line);
        if (j.event === 'listening') {
          clearTimeout(timer);
          resolve(j.port);
        }
      } catch {
        /* not JSON */
      }
    });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    async kill9() {
      proc.kill('SIGKILL');
      await exited;
      children.delete(proc);
    },
  };
}
