// Shared by the fault suite (tests/faults.cmake): real `moncompte serve` processes, real SQLite
// files, real lock holders. Waiting is always polling for a condition with a bounded deadline,
// never a sleep standing for elapsed time.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export { env, fastHashing, importFixtures, members, login, healthz, startServer, sleep } from '../pg/helpers.mjs';

// Polls `check` (sync or async) until it returns a truthy value, which is returned; fails with
// `what` after `timeoutMs`.
export async function waitFor(what, check, { timeoutMs = 30_000, everyMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const created = [];
process.on('exit', () => {
  for (const d of created) {
    try {
      rmSync(d, { recursive: true, force: true });
    } catch {
      // a mount point still busy: left for the system's tmp cleaner
    }
  }
});

// A scratch directory, removed when the test process exits.
export function tempDir(prefix) {
  const d = mkdtempSync(join(tmpdir(), `mc-faults-${prefix}-`));
  created.push(d);
  return d;
}

// Runs one SQL statement on a SQLite file through Python's sqlite3 (another program than ours);
// returns the rows as JSON.
export function sqliteQuery(file, sql, params = []) {
  const script = 'import json,sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nprint(json.dumps(c.execute(sys.argv[2], json.loads(sys.argv[3])).fetchall()))';
  return JSON.parse(execFileSync('python3', ['-c', script, file, sql, JSON.stringify(params)], { encoding: 'utf8' }));
}

// Another program holding the SQLite write lock (as a backup tool does): BEGIN EXCLUSIVE until
// release() is called. Resolves once the lock is held.
export function holdSqliteLock(file) {
  const script = [
    'import sqlite3,sys',
    'c=sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)',
    'c.execute("BEGIN EXCLUSIVE")',
    'print("locked", flush=True)',
    'sys.stdin.readline()',
    'c.execute("ROLLBACK")',
    'print("released", flush=True)',
  ].join('\n');
  const child = spawn('python3', ['-c', script, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const released = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    lines.once('line', (l) => {
      if (l !== 'locked') return reject(new Error(`lock holder said: ${l}`));
      resolve({
        async release() {
          child.stdin.end('release\n');
          await released;
        },
      });
    });
  });
}

// A sign-in with its answer, Retry-After and how long it took.
export async function timedLogin(server, nir, password) {
  const started = Date.now();
  const res = await fetch(`${server.base}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nir, password }),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { raw: text };
  }
  return { status: res.status, body, retryAfter: res.headers.get('retry-after'), ms: Date.now() - started };
}

export async function healthzBody(server) {
  const started = Date.now();
  const res = await fetch(`${server.base}/healthz`);
  return { status: res.status, body: await res.json().catch(() => null), ms: Date.now() - started };
}

// Log lines the server printed (JSON), as objects.
export function events(server, name) {
  const out = [];
  for (const l of server.output) {
    try {
      const j = JSON.parse(l);
      if (!name || j.event === name) out.push(j);
    } catch {
      // not JSON (sanitizer reports and the like stay in server.output for the failure message)
    }
  }
  return out;
}

export function alive(server) {
  return server.exited === null;
}
