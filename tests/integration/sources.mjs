// Clients that speak from a chosen loopback address (127.0.0.N), for the tests of per-source
// budgets and device trust (SPEC §3): Linux routes all of 127.0.0.0/8 to lo, so each address is
// a distinct source to the server.
import http from 'node:http';
import { writeFileSync } from 'node:fs';

export class SourceClient {
  constructor(port, address) {
    this.port = port;
    this.address = address;
    this.cookies = new Map();
    this.userAgent = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
  }
  request(path, { method = 'GET', body, headers = {} } = {}) {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const h = { 'user-agent': this.userAgent, ...headers };
    if (payload !== undefined) {
      h['content-type'] ??= 'application/json';
      h['content-length'] = Buffer.byteLength(payload);
    }
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: this.port, localAddress: this.address, method, path, headers: h, agent: false },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            for (const line of res.headers['set-cookie'] ?? []) {
              const [pair, ...attrs] = line.split(';').map((s) => s.trim());
              const eq = pair.indexOf('=');
              const name = pair.slice(0, eq);
              const value = pair.slice(eq + 1);
              if (value === '' || attrs.some((a) => /^max-age=0$/i.test(a))) this.cookies.delete(name);
              else this.cookies.set(name, value);
            }
            const text = Buffer.concat(chunks).toString('utf8');
            let json;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode, headers: res.headers, text, json, setCookies: res.headers['set-cookie'] ?? [] });
          });
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
  login(nir, password) {
    return this.request('/api/v1/login', { method: 'POST', body: { nir, password } });
  }
}

// The test clock (clock.offset_file): the service lives `ms` later from the next request on.
export function setClockOffset(file, ms) {
  writeFileSync(file, String(Math.round(ms)));
}

// A well-formed NIR with no account (valid month, department and order number), distinct per i.
export function strangerNir(i) {
  const order = String(100 + (i % 800)).padStart(3, '0');
  const commune = String(100 + Math.floor(i / 800) % 800).padStart(3, '0');
  return `1850375${commune}${order}`;
}
