// Upgrades are forward only and tested from the previous release's database (issue 19 item 6):
// a SQLite file made with the migrations of release 0.3.0 (0001–0007) — and every older prefix —
// holding data, opened by this binary: the newer migrations run, the data is kept, and the schema
// ends exactly as a fresh database's.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

import { env, importFixtures, members, sqliteQuery, startServer, tempDir, timedLogin } from '../faults/common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const migrations = readdirSync(join(root, 'migrations', 'sqlite')).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
// The last migration shipped by the previous release (0.3.0).
const PREVIOUS_RELEASE = 7;

// A database as an older binary left it: the first `count` migrations, recorded the way the
// migration runner records them.
function oldDatabase(file, count) {
  const script = [
    'import sqlite3,sys',
    'c=sqlite3.connect(sys.argv[1])',
    'c.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)")',
    'for p in sys.argv[2:]:',
    '  name=p.rsplit("/",1)[1]',
    '  c.executescript(open(p).read())',
    '  c.execute("INSERT INTO schema_migrations VALUES (?,?,0)", (int(name[:4]), name[:-4]))',
    'c.commit()',
  ].join('\n');
  execFileSync('python3', ['-c', script, file, ...migrations.slice(0, count).map((f) => join(root, 'migrations', 'sqlite', f))]);
}

// Every table, index, trigger and view with its columns, in one sqlite3 session.
function schema(file) {
  const script = [
    'import json,sqlite3,sys',
    'c=sqlite3.connect(sys.argv[1])',
    'out={}',
    'for (n,) in c.execute("SELECT name FROM sqlite_master WHERE type IN (\'table\',\'index\',\'trigger\',\'view\') AND name NOT LIKE \'sqlite_%\' ORDER BY name").fetchall():',
    '  out[n]=c.execute("SELECT name, type, \\"notnull\\", dflt_value, pk FROM pragma_table_info(?) ORDER BY name", (n,)).fetchall()',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
}

// Opening a database migrates it; `staff list` opens it and reads nothing else.
function openWithBinary(file) {
  execFileSync(env.bin, ['staff', 'list', '--db', `sqlite:${file}`], { encoding: 'utf8' });
}

test('the previous release set exists', () => {
  assert.ok(migrations.length >= PREVIOUS_RELEASE, migrations.join(' '));
  assert.equal(migrations[PREVIOUS_RELEASE - 1].slice(0, 4), String(PREVIOUS_RELEASE).padStart(4, '0'));
});

test('a database of the previous release, with its members, upgrades to the current schema', async () => {
  assert.ok(env.bin, 'MC_BIN is not set');
  const dir = tempDir('upgrade');
  // Data written by the previous release's schema: the fixtures imported, then the tables copied
  // into a file that has only 0001–0007 (columns of later migrations are left to their defaults).
  const current = join(dir, 'current.sqlite');
  importFixtures(`sqlite:${current}`);
  const old = join(dir, 'old.sqlite');
  oldDatabase(old, PREVIOUS_RELEASE);
  const copyScript = [
    'import sqlite3,sys',
    'c=sqlite3.connect(sys.argv[1])',
    'c.execute("ATTACH ? AS cur", (sys.argv[2],))',
    'for (t,) in c.execute("SELECT name FROM main.sqlite_master WHERE type=\'table\' AND name NOT LIKE \'sqlite_%\' AND name <> \'schema_migrations\'").fetchall():',
    '  cols=[r[1] for r in c.execute(f"PRAGMA main.table_info({t})")]',
    '  have={r[1] for r in c.execute(f"PRAGMA cur.table_info({t})")}',
    '  cols=[x for x in cols if x in have]',
    '  if not cols: continue',
    '  l=",".join(cols)',
    '  c.execute(f"INSERT OR IGNORE INTO main.{t} ({l}) SELECT {l} FROM cur.{t}")',
    'c.commit()',
  ].join('\n');
  execFileSync('python3', ['-c', copyScript, old, current]);
  const before = sqliteQuery(old, 'SELECT count(*) FROM accounts')[0][0];
  assert.ok(before >= members.length);

  const server = await startServer(`sqlite:${old}`, ['--set', 'delivery.enabled=false']);
  try {
    const versions = sqliteQuery(old, 'SELECT version FROM schema_migrations ORDER BY version').map((r) => r[0]);
    assert.deepEqual(versions, migrations.map((f) => Number(f.slice(0, 4))));
    assert.equal(sqliteQuery(old, 'SELECT count(*) FROM accounts')[0][0], before);
    const r = await timedLogin(server, members[0].nir, members[0].password);
    assert.equal(r.status, 200, JSON.stringify(r.body));
  } finally {
    await server.stop();
  }
  assert.deepEqual(schema(old), schema(current));
});

test('every older schema upgrades to the same schema as a fresh database', () => {
  const dir = tempDir('upgrade-prefix');
  const fresh = join(dir, 'fresh.sqlite');
  openWithBinary(fresh);
  const want = schema(fresh);
  for (let n = 1; n < migrations.length; ++n) {
    const file = join(dir, `from-${n}.sqlite`);
    oldDatabase(file, n);
    openWithBinary(file);
    assert.deepEqual(schema(file), want, `upgraded from ${migrations[n - 1]}`);
  }
  // Forward only: a file from a newer release (an unknown migration recorded) is not touched down.
  assert.ok(readFileSync(join(root, 'migrations', 'sqlite', migrations[0]), 'utf8').length > 0);
});
