// TLS without a proxy (issue 19 item 3) against a certificate made here with openssl req -x509:
// TLS 1.1 refused, 1.2 and 1.3 served, Secure cookies and HSTS over TLS, and SIGHUP puts a new
// certificate in place for new connections while an open connection keeps working.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { env, importFixtures, members, startServer, tempDir, waitFor } from '../faults/common.mjs';

let dir, server, port;

function makeCert(name) {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'),
    '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return readFileSync(join(dir, 'cert.pem'));
}

// openssl s_client with one protocol version forced; the subject line and protocol it reports.
function sClient(flag) {
  const r = spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, flag, '-cipher', 'DEFAULT@SECLEVEL=0',
    '-servername', 'localhost'], { input: '', encoding: 'utf8', timeout: 20_000 });
  // The handshake line ("New, TLSv1.3, Cipher is …") is always printed; the SSL-Session block's
  // "Protocol :" line is not, when s_client quits before a TLS 1.3 session ticket arrives.
  const protocol = /New, (TLSv[\d.]+), Cipher is/.exec(r.stdout)?.[1] ?? /Protocol\s*:\s*(\S+)/.exec(r.stdout)?.[1] ?? null;
  const subject = /subject=.*CN\s*=\s*([^\s,/]+)/.exec(r.stdout)?.[1] ?? null;
  const cipher = /Cipher\s*:\s*(\S+)/.exec(r.stdout)?.[1] ?? null;
  return { status: r.status, protocol, subject, cipher, out: r.stdout + r.stderr };
}

function get(path, { ca, agent, method = 'GET', body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, ca, agent, servername: '',
      headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} },
    (res) => {
      let text = '';
      // Read while the socket is still this request's (it goes back to the agent's pool at 'end').
      const cert = res.socket.getPeerCertificate?.()?.subject?.CN;
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text, reused: req.reusedSocket, cert }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

before(async () => {
  assert.ok(env.bin, 'MC_BIN is not set');
  dir = tempDir('tls');
  const file = join(dir, 'moncompte.sqlite');
  importFixtures(`sqlite:${file}`);
  makeCert('premier');
  server = await startServer(`sqlite:${file}`, ['--set', 'delivery.enabled=false',
    '--set', `server.tls_cert=${join(dir, 'cert.pem')}`, '--set', `server.tls_key=${join(dir, 'key.pem')}`]);
  port = server.port;
});

after(async () => {
  await server?.stop();
});

test('TLS 1.1 is refused, 1.2 (intermediate ciphers) and 1.3 are served', () => {
  const old = sClient('-tls1_1');
  assert.notEqual(old.status, 0, old.out);
  assert.ok(old.protocol === null || old.cipher === '0000' || old.cipher === '(NONE)', old.out);
  const v12 = sClient('-tls1_2');
  assert.equal(v12.status, 0, v12.out);
  assert.equal(v12.protocol, 'TLSv1.2');
  assert.match(v12.cipher, /^ECDHE-ECDSA-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/);
  const v13 = sClient('-tls1_3');
  assert.equal(v13.status, 0, v13.out);
  assert.equal(v13.protocol, 'TLSv1.3');
  // A TLS 1.2 client offering only CBC suites (outside Mozilla intermediate) is refused.
  const r = spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-tls1_2', '-cipher', 'ECDHE-ECDSA-AES128-SHA'],
    { input: '', encoding: 'utf8', timeout: 20_000 });
  assert.notEqual(r.status, 0, r.stdout);
});

test('over TLS the session cookie is Secure and HSTS is sent (curl)', () => {
  const ca = join(dir, 'first-ca.pem');
  execFileSync('cp', [join(dir, 'cert.pem'), ca]);
  const m = members[0];
  const r = spawnSync('curl', ['-sS', '-i', '--cacert', ca, '--tlsv1.2', '-H', 'content-type: application/json',
    '--data', JSON.stringify({ nir: m.nir, password: m.password }), `https://127.0.0.1:${port}/api/v1/login`],
  { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^HTTP\/1\.1 200/);
  assert.match(r.stdout, /^strict-transport-security: max-age=\d+/im);
  assert.match(r.stdout, /^set-cookie: [^\r\n]*; Secure/im);
  // Plain HTTP on the TLS port gets no answer in clear.
  const plain = spawnSync('curl', ['-sS', '-m', '10', `http://127.0.0.1:${port}/healthz`], { encoding: 'utf8' });
  assert.notEqual(plain.status, 0);
});

// Raw bytes over TLS, the whole reply read until the server closes the connection.
function tlsRaw(bytes) {
  return new Promise((resolve, reject) => {
    let reply = '';
    const socket = tlsConnect({ host: '127.0.0.1', port, ca: readFileSync(join(dir, 'first-ca.pem')) }, () => socket.end(bytes));
    socket.on('data', (d) => (reply += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(reply));
  });
}

test("over TLS the server's own errors (431 oversized headers, 400 not HTTP) carry HSTS", async () => {
  for (const [status, bytes] of [[431, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`],
    [400, 'GARBAGE\r\n\r\n']]) {
    const reply = await tlsRaw(bytes);
    assert.match(reply, new RegExp(`^HTTP/1\\.1 ${status} `), reply.slice(0, 300));
    assert.match(reply.split('\r\n\r\n')[0], /^strict-transport-security: max-age=(\d{8,})/im, reply.slice(0, 300));
  }
});

test('SIGHUP reloads the certificate without dropping an open connection', async () => {
  const firstCa = readFileSync(join(dir, 'first-ca.pem'));
  const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: firstCa });
  const before = await get('/healthz', { agent });
  assert.equal(before.status, 200);
  assert.equal(before.cert, 'premier');

  makeCert('second');
  server.child.kill('SIGHUP');
  await waitFor('the reload to be logged', () => server.output.some((l) => l.includes('"event":"reloaded"')));
  // New connections get the new certificate…
  await waitFor('s_client to see the new certificate', () => sClient('-tls1_3').subject === 'second');
  // …while the connection opened before is still the same one, and still answers.
  const still = await get('/healthz', { agent });
  assert.equal(still.status, 200);
  assert.equal(still.reused, true, 'the keep-alive connection was kept across the reload');
  assert.equal(still.cert, 'premier');
  agent.destroy();
  assert.equal(server.exited, null);

  // A broken key file on reload keeps the running certificate and says so.
  execFileSync('sh', ['-c', `echo broken > '${join(dir, 'key.pem')}'`]);
  server.child.kill('SIGHUP');
  await waitFor('reload_failed', () => server.output.some((l) => l.includes('"event":"reload_failed"')));
  assert.equal(sClient('-tls1_3').subject, 'second');
});
