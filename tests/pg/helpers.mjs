// Small helpers for the multi-process PostgreSQL tests: a fresh database per test file, the
// fixtures imported with the real binary, `moncompte serve` processes on ephemeral ports.
// Environment (set by tests/pg.cmake through tests/pg/with_pg.sh):
//   MC_BIN         the moncompte binary
//   MC_TEST_PG_URL the throwaway cluster's URL (database "moncompte")
//   MC_PG_STATE    the cluster's state directory (for tests/pg/pg_cluster.sh down|up)
import { execFileSync, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const fixtures = join(here, 'fixtures');
export const clusterScript = join(here, 'pg_cluster.sh');

export const env = {
  bin: process.env.MC_BIN,
  url: process.env.MC_TEST_PG_URL,
  state: process.env.MC_PG_STATE,
};

// Why a suite cannot run here, or null.
export function missing() {
  if (!env.bin) return 'MC_BIN is not set';
  if (!env.url) return 'MC_TEST_PG_URL is not set (run through ctest -L postgres)';
  return null;
}

// Cheaper Argon2id than production so a test run stays short; the rules do not depend on it.
export const fastHashing = ['--set', 'password.argon2_m_cost_kib=8192', '--set', 'password.argon2_t_cost=1'];

export function psql(url, sql) {
  return execFileSync('psql', [url, '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    encoding: 'utf8',
  }).trim();
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

// A new, empty database on the test cluster; returns its URL.
export function freshDatabase(prefix) {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  psql(env.url, `CREATE DATABASE ${name}`);
  return withDatabase(env.url, name);
}

export function dropDatabase(url) {
  const name = new URL(url).pathname.slice(1);
  psql(env.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

export function importFixtures(dbUrl) {
  return execFileSync(
    env.bin,
    ['import', '--db', dbUrl, '--register', join(fixtures, 'register.csv'), '--organismes',
      join(fixtures, 'organismes.csv'), '--accounts', join(fixtures, 'accounts.csv'), ...fastHashing],
    { encoding: 'utf8' },
  );
}

export const members = [
  { nir: '185057511200182', password: 'Pg-Test-0-Motdepasse!' },
  { nir: '290016938300296', password: 'Pg-Test-1-Motdepasse!' },
  { nir: '177021320600354', password: 'Pg-Test-2-Motdepasse!' },
  { nir: '288103306300444', password: 'Pg-Test-3-Motdepasse!' },
  { nir: '192069304800521', password: 'Pg-Test-4-Motdepasse!' },
  { nir: '265087511200685', password: 'Pg-Test-5-Motdepasse!' },
  { nir: '199116938300754', password: 'Pg-Test-6-Motdepasse!' },
  { nir: '273121320600864', password: 'Pg-Test-7-Motdepasse!' },
];
// Imported permanently locked: what advisors unlock.
export const lockedMembers = ['183047511200959', '294076938301085', '161091320601169', '282033306301224'];
export const birthDates = {
  '288103306300444': '1988-10-30',
  '192069304800521': '1992-06-09',
};

// Starts `moncompte serve` on an ephemeral port and resolves once it logs "listening".
export function startServer(dbUrl, extra = []) {
  const args = ['serve', '--listen', '127.0.0.1:0', '--db', dbUrl, '--set', 'log.format=json',
    '--set', 'throttle.source_failures=100000', ...fastHashing, ...extra];
  const child = spawn(env.bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const server = {
    child,
    output,
    port: 0,
    exited: null,
    get base() {
      return `http://127.0.0.1:${this.port}`;
    },
    async stop() {
      if (this.exited) return this.exited;
      const done = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const r = await done;
      clearTimeout(timer);
      return r;
    },
  };
  child.on('exit', (code, signal) => {
    server.exited = { code, signal };
  });
  createInterface({ input: child.stderr }).on('line', (l) => output.push(l));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + output.join('\n'))), 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      if (server.port) return;
      try {
        const j = JSON.parse(line);
        if (j.event === 'listening') {
          server.port = j.port;
          clearTimeout(timer);
          resolve(server);
        }
      } catch {
        // not a JSON line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!server.port) reject(new Error(`server exited (${code}) before listening:\n${output.join('\n')}`));
    });
  });
}

export async function login(server, nir, password) {
  const res = await fetch(`${server.base}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nir, password }),
  });
  const text = await res.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = { raw: text };
  }
  return { status: res.status, body, retryAfter: res.headers.get('retry-after') };
}

export async function healthz(server) {
  try {
    const res = await fetch(`${server.base}/healthz`);
    await res.text();
    return res.status;
  } catch {
    return 0;
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function cluster(command) {
  execFileSync(clusterScript, [command, env.state], { stdio: 'inherit' });
}

export async function postJson(server, path, body, cookie) {
  const headers = { 'content-type': 'application/json' };
  if (cookie) headers.cookie = cookie;
  const res = await fetch(`${server.base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, body: json, setCookie: res.headers.get('set-cookie') };
}

// --- Staff (back office): added with the CLI, signed in with a TOTP computed here (RFC 6238) ---
export const STAFF_PASSWORD = 'Conseil-Sur-2026!';

export function staffAdd(dbUrl, login, role) {
  const uri = execFileSync(env.bin, ['staff', 'add', '--db', dbUrl, '--login', login, '--role', role, ...fastHashing], {
    input: STAFF_PASSWORD + '\n',
    encoding: 'utf8',
  }).trim();
  return new URL(uri).searchParams.get('secret');
}

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

export function totp(secret, now = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 30000)));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const o = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

// Signs a member of staff in; returns the cookie to send back.
export async function staffLogin(server, login, secret) {
  const r = await postJson(server, '/api/v1/staff/login', { login, password: STAFF_PASSWORD, totp: totp(secret) });
  if (r.status !== 200) throw new Error(`staff sign-in ${login}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.setCookie.split(';')[0];
}
