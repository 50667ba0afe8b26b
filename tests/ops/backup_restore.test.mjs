// Backups that restore (issue 19 item 5): `moncompte backup` of a live SQLite database under
// sign-in load, `moncompte restore` into a fresh place with the keys folder saved beside it, the
// service started on the copy, and the copy's accounts, lock counters and audit chain checked.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, test } from 'node:test';

import { env, importFixtures, members, sqliteQuery, startServer, tempDir, timedLogin } from '../faults/common.mjs';
import { STAFF_PASSWORD, fastHashing } from '../pg/helpers.mjs';

const run = promisify(execFile);
const servers = [];
after(async () => {
  for (const s of servers) await s.stop();
});

function staffAdd(db, login) {
  execFileSync(env.bin, ['staff', 'add', '--db', db, '--login', login, '--role', 'conseiller', ...fastHashing],
    { input: STAFF_PASSWORD + '\n', encoding: 'utf8' });
}

test('backup under sign-in load, restore elsewhere, serve the copy', async () => {
  assert.ok(env.bin, 'MC_BIN is not set');
  const live = tempDir('backup-live');
  const file = join(live, 'moncompte.sqlite');
  importFixtures(`sqlite:${file}`);
  staffAdd(`sqlite:${file}`, 'conseil.avant');
  const server = await startServer(`sqlite:${file}`, ['--set', 'delivery.enabled=false']);
  servers.push(server);

  // Load: wrong passwords (two per member, below the lock) and right ones from another member,
  // going on while the backup runs.
  let stop = false;
  const load = (async () => {
    let round = 0;
    while (!stop) {
      await Promise.all([
        ...members.slice(0, 4).map((m) => (round < 2 ? timedLogin(server, m.nir, `Wrong-${round}-Password!`) : null)),
        ...members.slice(4).map((m) => timedLogin(server, m.nir, m.password)),
      ]);
      round += 1;
    }
    return round;
  })();
  const out = join(tempDir('backup-out'), 'moncompte-backup.sqlite');
  const b = await run(env.bin, ['backup', '--db', `sqlite:${file}`, '--out', out]);
  assert.match(b.stdout, /integrity ok/);
  // A second writer meanwhile (the CLI), then the end of the load.
  staffAdd(`sqlite:${file}`, 'conseil.pendant');
  stop = true;
  const rounds = await load;
  assert.ok(rounds >= 1);

  // The backup never overwrites.
  const again = spawnSync(env.bin, ['backup', '--db', `sqlite:${file}`, '--out', out], { encoding: 'utf8' });
  assert.equal(again.status, 4, again.stderr);
  assert.match(again.stderr, /already exists/);

  // Restore into a fresh place, with the keys folder saved beside the database.
  const fresh = tempDir('backup-restored');
  const copy = join(fresh, 'moncompte.sqlite');
  const r = spawnSync(env.bin, ['restore', '--from', out, '--db', `sqlite:${copy}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!existsSync(`${copy}-wal`), 'the restored file stands alone');
  cpSync(join(live, 'keys'), join(fresh, 'keys'), { recursive: true });

  // The copy is one instant of the live database: every account is there, and each member's
  // lock counter agrees with the wrong passwords logged for it (both written in one transaction).
  const q = (f, sql, p = []) => sqliteQuery(f, sql, p);
  assert.deepEqual(q(copy, 'SELECT count(*) FROM accounts'), q(file, 'SELECT count(*) FROM accounts'));
  for (const m of members.slice(0, 4)) {
    const nir13 = m.nir.slice(0, 13);
    const [[logged]] = q(copy, "SELECT count(*) FROM login_attempts WHERE nir13 = ? AND outcome = 'wrong_password'", [nir13]);
    const rows = q(copy, 'SELECT failures FROM lockouts WHERE nir13 = ?', [nir13]);
    const counted = rows.length ? rows[0][0] : 0;
    assert.equal(counted, logged, `${nir13}: lock counter ${counted}, ${logged} wrong passwords logged in the copy`);
    const [[liveLogged]] = q(file, "SELECT count(*) FROM login_attempts WHERE nir13 = ? AND outcome = 'wrong_password'", [nir13]);
    assert.ok(logged <= liveLogged);
  }
  assert.deepEqual(q(copy, "SELECT count(*) FROM staff WHERE login = 'conseil.avant'"), [[1]]);

  // The audit chain of the copy verifies.
  const v = spawnSync(env.bin, ['audit', 'verify', '--db', `sqlite:${copy}`], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stdout + v.stderr);

  // The service runs on the copy: the members sign in with their passwords.
  await server.stop();
  const restored = await startServer(`sqlite:${copy}`, ['--set', 'delivery.enabled=false']);
  servers.push(restored);
  for (const m of members) {
    const res = await timedLogin(restored, m.nir, m.password);
    assert.equal(res.status, 200, `${m.nir}: ${JSON.stringify(res.body)}`);
  }
});

test('restore refuses to overwrite and PostgreSQL targets', () => {
  const dir = tempDir('restore-refuse');
  const file = join(dir, 'a.sqlite');
  importFixtures(`sqlite:${file}`);
  const out = join(dir, 'b.sqlite');
  assert.equal(spawnSync(env.bin, ['backup', '--db', `sqlite:${file}`, '--out', out]).status, 0);
  const over = spawnSync(env.bin, ['restore', '--from', out, '--db', `sqlite:${file}`], { encoding: 'utf8' });
  assert.equal(over.status, 4, over.stderr);
  assert.match(over.stderr, /already exists/);
  const pg = spawnSync(env.bin, ['restore', '--from', out, '--db', 'postgresql://localhost/x'], { encoding: 'utf8' });
  assert.equal(pg.status, 2, pg.stderr);
  assert.match(pg.stderr, /pg_restore/);
});
