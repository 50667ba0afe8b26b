// Outboxes that forget, on PostgreSQL (issue 17): a `pg_dump` taken once a reset e-mail was
// delivered and a letter printed holds neither the link nor the code (bodies sealed with
// keys/outbox.key while they wait, wiped once sent). tests/recovery/outbox_at_rest does the same
// on the SQLite file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { dropDatabase, freshDatabase, importFixtures, missing, postJson, startServer } from './helpers.mjs';
import { codeIn, pdfText, startSink, waitForLetter } from '../recovery/env.mjs';

const skip = missing() ?? false;
const PG_DUMP = process.env.MC_PG_BIN ? join(process.env.MC_PG_BIN, 'pg_dump') : 'pg_dump';

describe('outbox bodies at rest on PostgreSQL', { skip }, () => {
  let db;
  let server;
  let sink;
  after(async () => {
    await server?.stop();
    sink?.stop();
    if (db) dropDatabase(db);
  });

  test('pg_dump holds neither a delivered reset link nor a printed code', async () => {
    db = freshDatabase('mc_outbox');
    importFixtures(db);
    sink = await startSink();
    const letters = mkdtempSync(join(tmpdir(), 'mc-pg-letters-'));
    server = await startServer(db, ['--set', `smtp.url=${sink.url}`, '--set', `outbox.letters_dir=${letters}`]);
    // members[5] (membre5@example.org) by e-mail, members[6] by post.
    const byMail = await postJson(server, '/api/v1/password-reset', { nir: '265087511200685', birth_date: '1965-08-17', channel: 'email' });
    assert.equal(byMail.status, 202, JSON.stringify(byMail.body));
    const byPost = await postJson(server, '/api/v1/password-reset', { nir: '199116938300754', birth_date: '1999-11-25', channel: 'postal' });
    assert.equal(byPost.status, 202, JSON.stringify(byPost.body));
    const [mail] = await sink.waitFor('membre5@example.org');
    const token = /token=([0-9a-f]{32})/.exec(mail.text)?.[1];
    assert.ok(token, mail.text);
    const letter = await waitForLetter(letters);
    const code = codeIn(await pdfText(join(letters, letter.file)));
    assert.ok(code);
    await server.stop();

    const dump = execFileSync(PG_DUMP, ['--data-only', db], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.match(dump, /mail_outbox/, 'the dump has the outbox tables');
    for (const secret of [token, code, code.slice(0, 4) + '-' + code.slice(4)]) assert.ok(!dump.includes(secret), `${secret} in pg_dump`);
    assert.ok(!dump.includes('/reinitialiser?token='), 'no e-mail body in clear');
  });
});
