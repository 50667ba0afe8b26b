// Black-box harness: runs the real `moncompte` binary on a fresh SQLite file loaded with this
// folder's fixtures, and talks to it over HTTP like any client would.
//
// MC_BIN names the binary (ctest passes $<TARGET_FILE:moncompte>). Every server gets
// `password.hashing_queue=64` and a lifted per-source budget unless a test says otherwise, so that the few concurrent requests
// the tests make are never refused busy (the default queue is as small as the core count).
import { spawn, execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import http from 'node:http';
import net from 'node:net';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, 'fixtures');

export const BIN = process.env.MC_BIN || join(here, '..', '..', 'build', 'moncompte');
if (!existsSync(BIN)) throw new Error(`moncompte binary not found at ${BIN}: set MC_BIN`);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const tempDirs = [];
const children = new Set();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'mc-it-'));
  tempDirs.push(d);
  return d;
}

// Importing hashes every password (Argon2id), so it is done once per test file and copied.
let template;
async function templateDb() {
  if (!template) {
    const file = join(tempDir(), 'template.sqlite');
    template = promisify(execFile)(BIN, [
      'import', '--db', `sqlite:${file}`,
      '--register', join(FIXTURES, 'register.csv'),
      '--organismes', join(FIXTURES, 'organismes.csv'),
      '--accounts', join(FIXTURES, 'accounts.csv'),
    ]).then(() => file);
  }
  return template;
}

// A new database file holding the fixtures, in its own temporary folder.
export async function freshDb() {
  const src = await templateDb();
  const file = join(tempDir(), 'moncompte.sqlite');
  copyFileSync(src, file);
  for (const ext of ['-wal', '-shm']) if (existsSync(src + ext)) copyFileSync(src + ext, file + ext);
  return file;
}

// Starts `moncompte serve` on a free port; resolves once it logs {"event":"listening",...}.
// `set` holds config overrides ({ 'lockout.temporary_minutes': 0.05 }).
// `keepLogs`: keep every log line (tests that grep the whole log), not only the last 500.
export async function startServer({ db, set = {}, keepLogs = false } = {}) {
  db ??= await freshDb();
  // Every test talks from 127.0.0.1: the per-source failure budget (SPEC §3 Sources) is lifted
  // unless a test sets it (tests/throttle/ does, from several 127.0.0.N addresses).
  const settings = { 'password.hashing_queue': 64, 'throttle.source_failures': 100000, ...set };
  // A SQLite file, or a PostgreSQL URL (tests/backoffice/env.mjs with MC_BO_BACKEND=postgres).
  const dbUrl = /^postgres(ql)?:\/\//.test(db) ? db : `sqlite:${db}`;
  const args = ['serve', '--listen', '127.0.0.1:0', '--db', dbUrl];
  for (const [k, v] of Object.entries(settings)) args.push('--set', `${k}=${v}`);
  const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  const logs = [];
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s\n${stderr}`)), 20_000);
    // Keep draining stdout for the whole life of the process (request logs), or it would block.
    createInterface({ input: proc.stdout }).on('line', (line) => {
      logs.push(line);
      if (logs.length > 500 && !keepLogs) logs.shift();
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
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening\n${stderr}`));
    });
  });
  return {
    port,
    db,
    base: `http://127.0.0.1:${port}`,
    logs,
    proc, // signals: SIGHUP reloads (tests/ops/key_rotation.test.mjs)
    get stderr() {
      return stderr;
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      children.delete(proc);
    },
  };
}

// The Set-Cookie lines of a fetch() response. Headers.getSetCookie() is missing from Debian 12's
// Node 18 (its system undici is 5.15); there, the combined header is split before each "name=",
// which an Expires date ("Thu, 01 Jan …") never looks like.
export function setCookies(response) {
  if (typeof response.headers.getSetCookie === 'function') return response.headers.getSetCookie();
  const joined = response.headers.get('set-cookie');
  return joined ? joined.split(/,\s*(?=[!#$%&'*+.^_`|~0-9A-Za-z-]+=)/) : [];
}

// Cookies as a browser keeps them for one site (names and values only; flags are checked by tests).
export class CookieJar {
  constructor() {
    this.cookies = new Map();
  }
  store(response) {
    for (const line of setCookies(response)) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const expired = attrs.some((a) => /^max-age=0$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  // Over https (public.base_url) the service names its cookies __Host-<name> (issue 17): either
  // form answers to the plain name.
  get(name) {
    return this.cookies.get(name) ?? this.cookies.get('__Host-' + name);
  }
}

// One user agent: fetch + a cookie jar. Answers are read whole: { status, headers, text, json }.
export class Client {
  constructor(base) {
    this.base = base;
    this.jar = new CookieJar();
  }
  async request(path, { method = 'GET', headers = {}, body, cookies = true } = {}) {
    const h = { ...headers };
    if (cookies && this.jar.cookies.size) h.cookie = this.jar.header();
    const started = performance.now();
    const res = await fetch(this.base + path, { method, headers: h, body, redirect: 'manual' });
    const text = await res.text();
    const elapsed = performance.now() - started;
    if (cookies) this.jar.store(res);
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json, elapsed };
  }
  get(path, opts = {}) {
    return this.request(path, opts);
  }
  postJson(path, value, opts = {}) {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(opts.headers ?? {}) },
      body: typeof value === 'string' || value instanceof Uint8Array ? value : JSON.stringify(value),
      cookies: opts.cookies,
    });
  }
  postForm(path, fields, opts = {}) {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(opts.headers ?? {}) },
      body: new URLSearchParams(fields).toString(),
      cookies: opts.cookies,
    });
  }
  login(nir, password) {
    return this.postJson('/api/v1/login', { nir, password });
  }
}

// A sign-in without cookies or fetch's extra headers, keeping the raw header lines in order, so
// that two answers can be compared byte for byte.
export function rawLogin(port, nir, password) {
  const body = JSON.stringify({ nir, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1', port, method: 'POST', path: '/api/v1/login', agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const headers = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
          resolve({ status: res.statusCode, statusMessage: res.statusMessage, headers, body: raw.toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// Opens a TCP connection and returns helpers to write bytes and collect whatever comes back.
export function rawSocket(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const state = { data: Buffer.alloc(0), closed: false, error: null };
    let onData = () => {};
    const closed = new Promise((r) => socket.once('close', () => { state.closed = true; r(); }));
    socket.on('data', (d) => {
      state.data = Buffer.concat([state.data, d]);
      onData();
    });
    socket.on('error', (e) => (state.error = e));
    socket.once('connect', () =>
      resolve({
        socket,
        state,
        closed,
        text: () => state.data.toString('latin1'),
        // Resolves when something has been received (or the connection closed).
        received: () =>
          state.data.length || state.closed
            ? Promise.resolve()
            : new Promise((r) => {
                onData = r;
                closed.then(r);
              }),
        write: (bytes) =>
          new Promise((r) => {
            if (state.closed || socket.destroyed) return r(false);
            socket.write(bytes, (err) => r(!err));
          }),
      }),
    );
    socket.once('error', reject);
  });
}

export function statusOf(rawResponse) {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(rawResponse);
  return m ? Number(m[1]) : null;
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// Counts results by status, e.g. { 401: 2, 423: 38 }.
export function tally(responses) {
  const t = {};
  for (const r of responses) t[r.status] = (t[r.status] ?? 0) + 1;
  return t;
}

export async function healthy(base) {
  const res = await fetch(base + '/healthz');
  await res.text();
  return res.status;
}
