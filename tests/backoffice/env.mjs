// Back-office tests: the real `moncompte` on this folder's own fixtures, with three members of
// staff added through the CLI (`moncompte staff add`, password on stdin). TOTP codes are computed
// here with node:crypto (RFC 6238), independently of the service's liboath.
import { spawn, execFile, execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

import { testClock } from '../integration/clock.mjs';
import { BIN, Client, setCookies, startServer as startHarnessServer } from '../integration/harness.mjs';
import { withKey } from '../integration/nir.mjs';

export { BIN, Client, setCookies };
export const SQLITE3 = process.env.MC_SQLITE3 || 'sqlite3';
const run = promisify(execFile);

// The store under test: SQLite files (default), or with MC_BO_BACKEND=postgres a fresh database
// per server on the throwaway cluster of tests/pg (MC_TEST_PG_URL, set by tests/pg/with_pg.sh;
// tests/pg.cmake runs the suites that support it that way). Fails closed: never a silent SQLite run.
export const BACKEND = process.env.MC_BO_BACKEND || 'sqlite';
const PG_URL = process.env.MC_TEST_PG_URL;
if (BACKEND !== 'sqlite' && BACKEND !== 'postgres') throw new Error(`MC_BO_BACKEND=${BACKEND}: sqlite or postgres`);
if (BACKEND === 'postgres' && !PG_URL) {
  throw new Error('MC_BO_BACKEND=postgres needs MC_TEST_PG_URL (run it through ctest -L postgres, tests/pg/with_pg.sh)');
}
const isPg = (db) => /^postgres(ql)?:\/\//.test(db);
// The --db argument of the binary for a test database (a SQLite file or a PostgreSQL URL).
export const dbArg = (db) => (isPg(db) ? db : `sqlite:${db}`);
// PostgreSQL has no file to put the keys next to: each database gets its own keys folder.
const pgKeys = new Map();
const keySettings = (db) => (isPg(db) ? { 'attestation.keys_dir': pgKeys.get(db) } : {});
const keyArgs = (db) => Object.entries(keySettings(db)).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
const psql = (url, statement) =>
  execFileSync('psql', [url, '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-c', statement], { encoding: 'utf8' }).trim();
const pgDatabases = [];
function pgDatabase(template) {
  const name = `bo_${randomBytes(5).toString('hex')}`;
  psql(PG_URL, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  pgDatabases.push(name);
  const u = new URL(PG_URL);
  u.pathname = '/' + name;
  return u.toString();
}

const dirs = [];
process.on('exit', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const name of pgDatabases.reverse()) {
    try {
      psql(PG_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } catch {
      // the cluster is removed by the pg_cluster_stop fixture anyway
    }
  }
});
export function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'mc-bo-'));
  dirs.push(d);
  return d;
}

// Cheap hashing: these tests are about the back office, not Argon2id's cost.
export const FAST = { 'password.argon2_m_cost_kib': 1024, 'password.argon2_t_cost': 1 };
const fastArgs = Object.entries(FAST).flatMap(([k, v]) => ['--set', `${k}=${v}`]);

// [nir13, sex, family, given, birth, email, state|null]
export const people = {
  locked: ['1600613055210', 'M', 'MOREAU', 'Jean-Marc', '1960-06-12', 'jm.moreau@example.org', 'permanently_locked'],
  locked2: ['2700613055211', 'F', 'GIRARD', 'Anne', '1970-06-12', 'anne.girard@example.org', 'permanently_locked'],
  active: ['1800575115212', 'M', 'MARTIN', 'Lucas', '1980-05-14', 'lucas.martin@example.org', 'active'],
  newcomer: ['2910213055213', 'F', 'BERNARD', 'Léa', '1991-02-02', 'lea.bernard@example.org', null],
  inactive: ['1550375115214', 'M', 'PETIT', 'René', '1955-03-03', 'rene.petit@example.org', 'inactive'],
};
export const PASSWORD = 'Ancien-Motdepasse-42';
export const STAFF_PASSWORD = 'Conseil-Sur-2026!';
export const nir15 = (role) => withKey(people[role][0]);
export const nir13 = (role) => people[role][0];

function writeFixtures(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'organismes.csv'), 'code,regime,name,online_space,phone\nCPAM-13,general,CPAM des Bouches-du-Rhône,compte ameli,36 46\n');
  let reg = 'nir,sex,family_name,given_names,birth_date,birth_place_insee,birth_place_label,birth_country,address,postal_code,city,email,phone,organisme,vitale_serial,iban_last7,rights_from,rights_to,css,ald\n';
  let acc = 'nir,state,password,last_login\n';
  for (const [nir, sex, fam, given, birth, email, state] of Object.values(people)) {
    reg += [withKey(nir), sex, fam, given, birth, '13055', 'Marseille', 'France', '11 rue des Lilas', '13002', 'Marseille',
      email, '0610000000', 'CPAM-13', '7' + nir.slice(5), 'FR' + nir.slice(8), '2024-01-01', '2027-12-31', 'no', 'no'].join(',') + '\n';
    if (state) acc += [withKey(nir), state, PASSWORD, ''].join(',') + '\n';
  }
  writeFileSync(join(dir, 'register.csv'), reg);
  writeFileSync(join(dir, 'accounts.csv'), acc);
}

function staffAdd(db, login, role) {
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, ['staff', 'add', '--db', dbArg(db), '--login', login, '--role', role, ...fastArgs, ...keyArgs(db)]);
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`staff add ${login}: ${code} ${err}`))));
    p.stdin.end(STAFF_PASSWORD + '\n');
  });
}

// The members of staff of every test database, and their TOTP secrets (base32).
export const STAFF = { conseil: 'conseiller', fservices: 'france_services', chef: 'superviseur' };
export const secrets = {};
export const uris = {};

let template;
async function templateDb() {
  if (!template) {
    template = (async () => {
      const dir = tempDir();
      writeFixtures(dir);
      let file = join(dir, 'template.sqlite');
      if (BACKEND === 'postgres') {
        file = pgDatabase();
        pgKeys.set(file, join(dir, 'keys'));
      }
      await run(BIN, ['import', '--db', dbArg(file), '--register', join(dir, 'register.csv'), '--organismes',
        join(dir, 'organismes.csv'), '--accounts', join(dir, 'accounts.csv'), ...fastArgs, ...keyArgs(file)]);
      for (const [login, role] of Object.entries(STAFF)) {
        uris[login] = await staffAdd(file, login, role);
        secrets[login] = new URL(uris[login]).searchParams.get('secret');
      }
      return file;
    })();
  }
  return template;
}

export async function freshDb() {
  const src = await templateDb();
  if (isPg(src)) {
    // A copy of the template database, and of its keys (the staff's TOTP secrets are sealed).
    const url = pgDatabase(new URL(src).pathname.slice(1));
    const keys = join(tempDir(), 'keys');
    cpSync(pgKeys.get(src), keys, { recursive: true });
    pgKeys.set(url, keys);
    return url;
  }
  const file = join(tempDir(), 'moncompte.sqlite');
  copyFileSync(src, file);
  for (const ext of ['-wal', '-shm']) if (existsSync(src + ext)) copyFileSync(src + ext, file + ext);
  // The keys travel with the database, as in a restore: the staff's TOTP secrets are sealed
  // with keys/totp-secrets.key.
  cpSync(join(dirname(src), 'keys'), join(dirname(file), 'keys'), { recursive: true });
  return file;
}

// Every server runs on its own test clock (clock.offset_file), so that a test walks time —
// the next TOTP step, a filing time — instead of sleeping; `server.clock.advance(ms)`.
const clocks = new Map();
export async function startServer({ db, set = {}, keepLogs = false } = {}) {
  db ??= await freshDb();
  const clock = testClock();
  clocks.set(db, clock);
  const server = await startHarnessServer({ db, set: { ...FAST, ...clock.set, ...keySettings(db), ...set }, keepLogs });
  server.clock = clock;
  return server;
}

// The service's time for the database `db` (its test clock), in milliseconds.
export function serviceNow(db) {
  return Date.now() + (clocks.get(db)?.offsetMs ?? 0);
}

// RFC 4648 base32 → bytes.
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

// RFC 6238 with SHA-1, 6 digits, 30-second steps; `offset` in steps from now.
export function totp(secret, offset = 0, now = Date.now()) {
  const step = Math.floor(now / 30000) + offset;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const o = mac[mac.length - 1] & 0xf;
  const n = (mac.readUInt32BE(o) & 0x7fffffff) % 1_000_000;
  return String(n).padStart(6, '0');
}

// RFC 6238 code of an absolute step.
export function totpAt(secret, step) {
  return totp(secret, 0, step * 30000);
}

// A code for `login` on the database `db` that was never used there (a code is accepted once):
// the current step of the service's clock, or the next one when it is used; when both are, the
// service's test clock is walked one step (30 s) on. Never the previous step: on a loaded machine
// the request may reach the server after the step changed, and the previous step would then fall
// out of the ±1 window (a 401 about one run in thirty).
const lastStep = new Map();
export async function freshCode(db, login) {
  const key = `${db}|${login}`;
  for (;;) {
    const current = Math.floor(serviceNow(db) / 30000);
    const step = Math.max(current, (lastStep.get(key) ?? -Infinity) + 1);
    if (step <= current + 1) {
      lastStep.set(key, step);
      return totpAt(secrets[login], step);
    }
    const clock = clocks.get(db);
    if (!clock) throw new Error(`freshCode: no test clock for ${db} (start it with this folder's startServer)`);
    clock.advance(30_000);
  }
}

// A member of staff signed in over the API.
export async function staffClient(server, login) {
  const c = new Client(server.base);
  const res = await c.postJson('/api/v1/staff/login', { login, password: STAFF_PASSWORD, totp: await freshCode(server.db, login) });
  if (res.status !== 200) throw new Error(`staff sign-in ${login}: ${res.status} ${res.text}`);
  return c;
}

export const PHONE = { channel: 'phone', checked: ['nir', 'etat_civil', 'adresse', 'vitale_serial'] };
export const COUNTER = { channel: 'counter', id_document: 'passeport' };

export async function auditVerify(db) {
  try {
    const { stdout } = await run(BIN, ['audit', 'verify', '--db', dbArg(db), ...keyArgs(db)]);
    return { code: 0, out: stdout };
  } catch (e) {
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

// One statement on the test database (SQLite or PostgreSQL); rows one a line, columns joined by '|'.
export async function sql(db, statement) {
  if (isPg(db)) return psql(db, statement);
  const { stdout } = await run(SQLITE3, [db, statement]);
  return stdout.trim();
}

// `moncompte ARGS… --db <the test database>` (with its keys), for CLI commands run in a test.
export async function cli(db, args) {
  try {
    const { stdout, stderr } = await run(BIN, [...args, '--db', dbArg(db), ...keyArgs(db)]);
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    return { code: e.code, out: e.stdout ?? '', err: e.stderr ?? '' };
  }
}
