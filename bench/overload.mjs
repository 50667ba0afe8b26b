// Closed-loop load generator that keeps latencies per status (wrk cannot separate the fast 503
// answers from admitted sign-ins). Usage: node overload.mjs URL NIRS CONCURRENCY SECONDS
// NIRS: comma-separated "NIR13NN-Motdepasse!" entries (password Demo-NN-Motdepasse!); client i
// uses entry i mod n, so that an account rarely has two attempts in flight.
import http from 'node:http';

const [url, nirList, concurrency, seconds] = process.argv.slice(2);
const target = new URL(url);
const accounts = nirList.split(',').map((e) => ({ nir: e.slice(0, 13), password: 'Demo-' + e.slice(13) }));
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const lat = {};
let errors = 0;
const until = Date.now() + Number(seconds) * 1000;

function once(i) {
  const body = JSON.stringify(accounts[i % accounts.length]);
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        (lat[res.statusCode] ??= []).push(ms);
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => { errors++; resolve(); });
    req.end(body);
  });
}

async function loop(_, i) {
  while (Date.now() < until) await once(i);
}
await Promise.all(Array.from({ length: Number(concurrency) }, loop));
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0; };
const out = { errors };
for (const [status, a] of Object.entries(lat)) out[status] = { count: a.length, p50_ms: +pct(a, 0.5).toFixed(1), p99_ms: +pct(a, 0.99).toFixed(1) };
console.log(JSON.stringify(out));
agent.destroy();
