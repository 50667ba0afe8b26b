// `moncompte backup` on PostgreSQL (issue 19 item 5): it runs pg_dump (custom format) while a
// server serves; the dump restored with pg_restore into an empty database serves the same members
// with the same lock counters, and `audit verify` passes on it. Run by ctest -L postgres.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { dropDatabase, env, freshDatabase, importFixtures, login, members, missing, psql, startServer } from './helpers.mjs';

const skip = missing() ?? false;

describe('pg_dump backup and pg_restore', { skip }, () => {
  const dbs = [];
  const servers = [];
  const dir = skip ? null : mkdtempSync(join(tmpdir(), 'mc-pg-backup-'));
  after(async () => {
    for (const s of servers) await s.stop();
    for (const d of dbs) dropDatabase(d);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('backup while serving, restore, serve the copy', async () => {
    const db = freshDatabase('mc_backup');
    dbs.push(db);
    importFixtures(db);
    const server = await startServer(db, ['--set', 'delivery.enabled=false', '--set', `attestation.keys_dir=${join(dir, 'keys')}`]);
    servers.push(server);
    const m = members[0];
    assert.equal((await login(server, m.nir, 'Mauvais-Motdepasse-0!')).status, 401);

    const out = join(dir, 'moncompte.dump');
    const b = spawnSync(env.bin, ['backup', '--db', db, '--out', out], { encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /pg_dump custom format/);
    const again = spawnSync(env.bin, ['backup', '--db', db, '--out', out], { encoding: 'utf8' });
    assert.equal(again.status, 4, again.stderr);

    const copy = freshDatabase('mc_restored');
    dbs.push(copy);
    execFileSync('pg_restore', ['--no-owner', '--exit-on-error', '-d', copy, out]);
    const failures = (url) => psql(url, `SELECT failures FROM lockouts WHERE nir13 = '${m.nir.slice(0, 13)}'`);
    assert.equal(failures(copy), failures(db));
    assert.equal(psql(copy, 'SELECT count(*) FROM accounts'), psql(db, 'SELECT count(*) FROM accounts'));
    const v = spawnSync(env.bin, ['audit', 'verify', '--db', copy], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stdout + v.stderr);

    const restored = await startServer(copy, ['--set', 'delivery.enabled=false', '--set', `attestation.keys_dir=${join(dir, 'keys')}`]);
    servers.push(restored);
    for (const x of members) assert.equal((await login(restored, x.nir, x.password)).status, 200, x.nir);
  });
});
