// Bad input gets a clear 4xx, and the server keeps serving: /healthz answers 200 after each case.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, healthy, rawSocket, sleep, startServer, statusOf } from './harness.mjs';
import { people, unregistered } from './people.mjs';

const WRONG = 'Mauvais-Mot-2-passe';
let server;
let c;

before(async () => {
  server = await startServer({ set: { 'server.request_timeout_seconds': 2 } });
  c = new Client(server.base);
});
after(() => server?.stop());
afterEach(async () => {
  assert.equal(await healthy(server.base), 200, 'the server still answers /healthz');
});

function invalidInput(res) {
  assert.equal(res.status, 400, res.text);
  assert.equal(res.json.result, 'invalid_input');
  assert.equal(typeof res.json.message, 'string');
}

describe('JSON bodies', () => {
  test('invalid JSON → 400 invalid_input', async () => {
    invalidInput(await c.postJson('/api/v1/login', '{"nir": "1800575115001", "password": '));
    invalidInput(await c.postJson('/api/v1/login', ''));
    invalidInput(await c.postJson('/api/v1/login', '{"nir":"1800575115001","password":"x"} trailing'));
  });

  test('invalid UTF-8 inside the JSON → 400 invalid_input', async () => {
    const bytes = (s1, bad, s2) => Buffer.concat([Buffer.from(s1), Buffer.from(bad), Buffer.from(s2)]);
    invalidInput(await c.postJson('/api/v1/login', bytes('{"nir":"', [0xff, 0xfe], '","password":"x"}')));
    invalidInput(await c.postJson('/api/v1/login', bytes(`{"nir":"${people.robust.nir13}","password":"`, [0xc3, 0x28], '"}')));
    // Overlong encoding of "/" and a lone surrogate half (CESU): both invalid UTF-8.
    invalidInput(await c.postJson('/api/v1/login', bytes('{"nir":"', [0xc0, 0xaf], '","password":"x"}')));
    invalidInput(await c.postJson('/api/v1/login', bytes('{"nir":"', [0xed, 0xa0, 0x80], '","password":"x"}')));
  });

  test('a JSON value that is not an object → 400 invalid_input', async () => {
    for (const body of ['[]', `["${people.robust.nir13}","x"]`, 'null', '42', '"texte"']) {
      invalidInput(await c.postJson('/api/v1/login', body));
    }
  });

  test('deeply nested JSON within the size limit → 400, no crash', async () => {
    const depth = 30000;
    const res = await c.postJson('/api/v1/login', `{"nir":"1","x":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    assert.equal(res.status, 400, res.text);
  });

  test('missing or mistyped nir → 400 invalid_nir with a French message', async () => {
    for (const body of [{}, { password: 'x' }, { nir: 1800575115001, password: 'x' }, { nir: null, password: 'x' }]) {
      const res = await c.postJson('/api/v1/login', body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.json.result, 'invalid_nir');
      assert.match(res.json.message, /numéro de sécurité sociale/);
    }
  });

  test('missing password → a 4xx answer', async () => {
    const res = await c.postJson('/api/v1/login', { nir: unregistered[4].nir13 });
    assert.ok(res.status >= 400 && res.status < 500, res.text);
  });

  test('missing or empty password is malformed input and does not cost one of the three tries', async () => {
    const { nir13 } = unregistered[3]; // behaves as an account would (shadow counter)
    const r1 = await c.postJson('/api/v1/login', { nir: nir13 });
    const r2 = await c.postJson('/api/v1/login', { nir: nir13, password: '' });
    const r3 = await c.postJson('/api/v1/login', { nir: nir13, password: WRONG });
    assert.deepEqual([r1.status, r2.status, r3.status, r3.json.attempts_before_lock], [400, 400, 401, 2]);
  });
});

describe('HTTP level', () => {
  test('wrong content type → 415', async () => {
    const body = JSON.stringify({ nir: people.robust.nir13, password: WRONG });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', undefined]) {
      const headers = type ? { 'content-type': type } : {};
      const res = await c.request('/api/v1/login', { method: 'POST', headers, body: type ? body : Buffer.from(body) });
      assert.equal(res.status, 415, `${type}: ${res.text}`);
      assert.equal(res.json.result, 'unsupported_media_type');
    }
    const ok = await c.postJson('/api/v1/login', body, { headers: { 'content-type': 'application/json; charset=utf-8' } });
    assert.equal(ok.status, 401, 'a charset parameter is accepted');
  });

  // Bodies are sent in 64 KiB pieces with a pause after each, as a slow uploader would: the server
  // answers as soon as it knows, and the pause lets the answer reach us before our next write
  // (writing to a socket the server has closed gets a reset, which can discard the answer).
  async function sendUntilAnswered(s, pieces) {
    let sent = 0;
    for (const piece of pieces) {
      if (s.state.data.length || s.state.closed) break;
      if (!(await s.write(piece))) break;
      sent += piece.length;
      await Promise.race([s.received(), sleep(50)]);
    }
    await Promise.race([s.received(), sleep(5000)]);
    return sent;
  }
  const TEN_MB = 10 * 1024 * 1024;
  const PIECE = Buffer.alloc(64 * 1024, 0x20);

  test('a 10 MB body → 413, without reading it all', async () => {
    const s = await rawSocket(server.port);
    await s.write(
      'POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${TEN_MB}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await Promise.race([s.received(), sleep(2000)]);
    const sent = s.state.data.length ? 0 : await sendUntilAnswered(s, Array(TEN_MB / PIECE.length).fill(PIECE));
    assert.equal(statusOf(s.text()), 413, s.text() || `nothing received after ${sent} bytes`);
    assert.ok(sent < TEN_MB, 'the server answered before the whole body was sent');
    s.socket.destroy();
  });

  test('a 10 MB chunked body → 413', async () => {
    const s = await rawSocket(server.port);
    await s.write('POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
    const framed = Buffer.concat([Buffer.from(`${PIECE.length.toString(16)}\r\n`), PIECE, Buffer.from('\r\n')]);
    const sent = await sendUntilAnswered(s, Array(TEN_MB / PIECE.length).fill(framed));
    assert.equal(statusOf(s.text()), 413, s.text() || `nothing received after ${sent} bytes`);
    assert.ok(sent < TEN_MB);
    s.socket.destroy();
  });

  test('headers over the limit → 431', async () => {
    const res = await c.get('/healthz', { headers: { 'x-filler': 'a'.repeat(16 * 1024) } });
    assert.equal(res.status, 431, res.text);
  });

  test('a request line that is not HTTP → 400 and the connection is closed', async () => {
    const s = await rawSocket(server.port);
    await s.write('HELLO WORLD\r\n\r\n');
    await Promise.race([s.closed, sleep(5000)]);
    assert.equal(statusOf(s.text()), 400, s.text());
    assert.ok(s.state.closed);
  });

  test('a slow client sending its headers one byte per second is cut off (request timeout 2 s)', async () => {
    const request = Buffer.from('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: lent\r\n\r\n');
    const s = await rawSocket(server.port);
    let sent = 0;
    while (sent < request.length && !s.state.closed && !s.state.data.length) {
      if (!(await s.write(request.subarray(sent, sent + 1)))) break;
      sent++;
      await Promise.race([sleep(1000), s.closed]);
    }
    await Promise.race([s.closed, sleep(3000)]);
    assert.ok(sent < request.length, `the server waited for all ${request.length} bytes`);
    // Either a bare close or a 408 answer, then the close.
    if (s.state.data.length) assert.equal(statusOf(s.text()), 408, s.text());
    assert.ok(s.state.closed, 'the connection was closed');
    console.log(`slow client cut off after ${sent} bytes (${s.state.data.length ? '408' : 'closed'})`);
  });

  test('30 slow connections at once do not stop the server from answering others', async () => {
    const sockets = await Promise.all(Array.from({ length: 30 }, () => rawSocket(server.port)));
    for (const s of sockets) await s.write('GET /healthz HTTP/1.1\r\nHo');
    const res = await c.login(people.metrics.nir13, WRONG);
    assert.ok([401, 423].includes(res.status), res.text);
    assert.equal(await healthy(server.base), 200);
    for (const s of sockets) s.socket.destroy();
  });

  test('unknown API route → 404 JSON; wrong method → 405', async () => {
    const nope = await c.get('/api/v1/nope');
    assert.equal(nope.status, 404);
    assert.equal(nope.json.result, 'not_found');
    const get = await c.get('/api/v1/login');
    assert.equal(get.status, 405);
  });
});
