// Soak driver (issue 14): mixed load at a fixed, moderate rate against one running
// `moncompte serve`, for SECONDS; samples the server's RSS and open file descriptors from /proc.
// Run by bench/soak.sh, which builds the Release binary, the demo register and the servers.
//   node bench/soak.mjs PORT SERVER_PID MEMBERS_JSON SECONDS LABEL
// MEMBERS_JSON: {right: [{nir, password}], wrong: [nir], reset: [{nir, birth_date}]}.
// Prints progress lines on stderr and one JSON summary on stdout; exits 1 when a status outside
// the expected ones of a flow (or a transport error) was seen.
//
// Sources: every request goes out from one of SOURCES loopback addresses 127.0.(10+k/250).(1+k%250)
// (Linux routes all of 127/8 to lo; the server sees distinct sources), so the default source
// budgets (throttle.source_failures = 20 per 10 min, abuse.requests_per_ip_per_hour = 30) apply
// as they would to a population, not to one client. 429 stays an expected answer.
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';

const [port, pidArg, membersFile, secondsArg, label = 'soak'] = process.argv.slice(2);
const serverPid = Number(pidArg);
const SECONDS = Number(secondsArg ?? 60);
const members = JSON.parse(readFileSync(membersFile, 'utf8'));
const SOURCES = Number(process.env.SOAK_SOURCES ?? 500);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? 5000);
const MAX_IN_FLIGHT = 64;
// Requests per second, per flow (a few dozen in all: the machine is shared).
const RATES = {
  login_right: Number(process.env.SOAK_LOGIN_RIGHT ?? 2),
  login_wrong: Number(process.env.SOAK_LOGIN_WRONG ?? 2),
  reset: Number(process.env.SOAK_RESET ?? 1),
  attestation: Number(process.env.SOAK_ATTESTATION ?? 4),
  scam: Number(process.env.SOAK_SCAM ?? 8),
  logout: Number(process.env.SOAK_LOGOUT ?? 0.5),
  healthz: 1,
};
// What each flow may be answered. 401 on an attestation or a logout: the session ended (idle
// expiry); 423: an account of the wrong-password set locked by its own failures.
const EXPECTED = {
  login_right: [200, 429, 503],
  login_wrong: [401, 423, 429, 503],
  reset: [202, 429, 503],
  attestation: [200, 401, 503],
  scam: [200, 429, 503],
  logout: [200, 503],
  healthz: [200, 503],
};

const sourceAddress = (k) => `127.0.${10 + Math.floor(k / 250)}.${1 + (k % 250)}`;
let nextSource = 0;
const anySource = () => sourceAddress(nextSource++ % SOURCES);

const agentOptions = { keepAlive: false };
function request(address, method, path, { body, cookies } = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) soak' };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  if (cookies && cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, localAddress: address, method, path, headers, agent: false, ...agentOptions },
      (res) => {
        let bytes = 0;
        res.on('data', (c) => (bytes += c.length));
        res.on('end', () => {
          if (cookies)
            for (const line of res.headers['set-cookie'] ?? []) {
              const [pair, ...attrs] = line.split(';').map((s) => s.trim());
              const eq = pair.indexOf('=');
              const name = pair.slice(0, eq);
              const value = pair.slice(eq + 1);
              if (value === '' || attrs.some((a) => /^max-age=0$/i.test(a))) cookies.delete(name);
              else cookies.set(name, value);
            }
          resolve({ status: res.statusCode, ms: performance.now() - started, bytes, type: res.headers['content-type'] ?? '' });
        });
        res.on('error', (e) => resolve({ status: 0, error: e.code ?? String(e), ms: performance.now() - started }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('client timeout')));
    req.on('error', (e) => resolve({ status: 0, error: e.code ?? e.message, ms: performance.now() - started }));
    req.end(payload);
  });
}

// --- The people -------------------------------------------------------------------------------
// Each member of the right-password set signs in from their own device (a fixed source and a
// cookie jar, so the device cookie comes back as a browser would send it).
const people = members.right.map((m, i) => ({ ...m, address: sourceAddress(i % SOURCES), cookies: new Map() }));
const signedIn = []; // people holding a session, most recent last
let wrongIndex = 0, resetIndex = 0, rightIndex = 0, sessionIndex = 0;

const scamTexts = [
  { text: 'Votre carte Vitale expire. Pour la renouveler, réglez 2,99 € sur https://ameli-renouvellement.com avant ce soir.', sender: '+33 6 12 34 56 78', channel: 'sms' },
  { text: "Bonjour, votre attestation de droits est disponible dans votre compte ameli. Connectez-vous sur ameli.fr pour la consulter.", sender: 'AMELI', channel: 'sms' },
  { text: 'Assurance Maladie : un remboursement de 148,50 € est en attente. Confirmez vos coordonnées bancaires ici : http://remboursement-ameli.info/form', subject: 'Remboursement en attente', sender: 'Assurance Maladie <noreply@ameli-secu.info>', channel: 'email' },
];

const flows = {
  async login_right() {
    const p = people[rightIndex++ % people.length];
    const r = await request(p.address, 'POST', '/api/v1/login', { body: { nir: p.nir, password: p.password }, cookies: p.cookies });
    if (r.status === 200 && p.cookies.has('mc_session') && !signedIn.includes(p)) {
      signedIn.push(p);
      if (signedIn.length > 200) signedIn.shift();
    }
    return r;
  },
  login_wrong() {
    const nir = members.wrong[wrongIndex++ % members.wrong.length];
    return request(anySource(), 'POST', '/api/v1/login', { body: { nir, password: `Faux-${wrongIndex % 97}-Motdepasse!` } });
  },
  reset() {
    const m = members.reset[resetIndex++ % members.reset.length];
    return request(anySource(), 'POST', '/api/v1/password-reset', { body: { nir: m.nir, birth_date: m.birth_date, channel: resetIndex % 4 ? 'email' : 'postal' } });
  },
  async attestation() {
    if (!signedIn.length) return null;
    const p = signedIn[sessionIndex++ % signedIn.length];
    const r = await request(p.address, 'GET', '/api/v1/me/attestation.pdf', { cookies: p.cookies });
    if (r.status === 200 && !r.type.startsWith('application/pdf')) return { ...r, status: -200 };
    if (r.status === 401) signedIn.splice(signedIn.indexOf(p), 1);
    return r;
  },
  scam() {
    return request(anySource(), 'POST', '/api/v1/scam-check', { body: scamTexts[nextSource % scamTexts.length] });
  },
  async logout() {
    if (signedIn.length < 20) return null;
    const p = signedIn.shift();
    return request(p.address, 'POST', '/api/v1/logout', { body: {}, cookies: p.cookies });
  },
  healthz() {
    return request('127.0.0.1', 'GET', '/healthz');
  },
};

// --- Counting ---------------------------------------------------------------------------------
const counts = {}; // flow -> status -> n
const unexpected = []; // first few unexpected answers
let unexpectedCount = 0;
const latencies = {}; // flow -> [ms]
let inFlight = 0, skipped = 0;
function record(flow, r) {
  const key = r.status === 0 ? `error:${r.error}` : String(r.status);
  counts[flow] ??= {};
  counts[flow][key] = (counts[flow][key] ?? 0) + 1;
  (latencies[flow] ??= []).push(r.ms);
  if (EXPECTED[flow].includes(r.status)) return;
  unexpectedCount++;
  if (unexpected.length < 20) unexpected.push({ flow, status: key, at_s: Math.round((Date.now() - t0) / 1000) });
}

// --- Sampling /proc ---------------------------------------------------------------------------
function sample() {
  const status = readFileSync(`/proc/${serverPid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
  const fds = readdirSync(`/proc/${serverPid}/fd`).length;
  const threads = Number(/Threads:\s+(\d+)/.exec(status)[1]);
  return { t_s: Math.round((Date.now() - t0) / 1000), rss_kib: rss, fds, threads };
}

const t0 = Date.now();
const samples = [sample()];
const idle = samples[0];
const sampler = setInterval(() => {
  try {
    samples.push(sample());
  } catch (e) {
    samples.push({ t_s: Math.round((Date.now() - t0) / 1000), gone: String(e) });
  }
  const s = samples[samples.length - 1];
  if (samples.length % 12 === 0) {
    const total = Object.values(counts).reduce((a, c) => a + Object.values(c).reduce((x, y) => x + y, 0), 0);
    process.stderr.write(`[${label} ${s.t_s}s] requests ${total}, rss ${s.rss_kib} KiB, fds ${s.fds}, unexpected ${unexpectedCount}\n`);
  }
}, SAMPLE_MS);

// Open loop: each flow fires at its rate (Poisson-free, evenly spaced with a small jitter),
// whatever the answers take, so that a slow server meets the same offered load; beyond
// MAX_IN_FLIGHT outstanding requests a request is skipped and counted (client protection).
const pending = new Set();
const timers = [];
let stopping = false;
for (const [flow, rate] of Object.entries(RATES)) {
  if (!(rate > 0)) continue;
  const every = 1000 / rate;
  const fire = () => {
    if (stopping) return;
    timers.push(setTimeout(fire, every * (0.8 + 0.4 * Math.random())));
    if (inFlight >= MAX_IN_FLIGHT) {
      skipped++;
      return;
    }
    inFlight++;
    const p = flows[flow]().then((r) => {
      if (r) record(flow, r);
    }).finally(() => {
      inFlight--;
      pending.delete(p);
    });
    pending.add(p);
  };
  timers.push(setTimeout(fire, Math.random() * every));
}

await new Promise((r) => setTimeout(r, SECONDS * 1000));
stopping = true;
for (const t of timers) clearTimeout(t);
await Promise.all([...pending]);
clearInterval(sampler);
// The end, quiet: no request of ours in flight; the server's last sockets close within moments
// (polled, at most 3 s), so that descriptors still open are the server's own.
try {
  let last = sample();
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const s = sample();
    if (s.fds === last.fds && i >= 5) break;
    last = s;
  }
  samples.push(last);
} catch (e) {
  samples.push({ t_s: Math.round((Date.now() - t0) / 1000), gone: String(e) });
}

// --- Summary ----------------------------------------------------------------------------------
// An idle hashing thread's Argon2id arena (19 MiB) is given back after
// password.arena_release_idle_seconds and mapped again by the next sign-in: RSS moves by that
// much either way. The trend is read on the floor (the lowest RSS) and on the median
// descriptors, after warm-up (the first 10% of the run, at least 60 s) and over the last quarter.
const live = samples.filter((s) => !s.gone);
const span = SECONDS;
const warmFrom = Math.max(Math.min(60, span / 2), span * 0.1);
const between = (a, b) => live.filter((s) => s.t_s >= a && s.t_s <= b);
const early = between(warmFrom, Math.max(warmFrom, span / 2));
const late = between(span * 0.75, span + 60);
const floor = (xs) => Math.min(...xs.map((s) => s.rss_kib));
const median = (xs, k) => {
  const v = xs.map((s) => s[k]).sort((a, b) => a - b);
  return v[Math.floor((v.length - 1) / 2)];
};
const start = early[0] ?? live[0];
const end = live[live.length - 1];
const max = (k) => Math.max(...live.map((s) => s[k]));
const pct = (xs, q) => {
  if (!xs || !xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil(s.length * q) - 1)]);
};
const totals = {};
for (const c of Object.values(counts)) for (const [k, n] of Object.entries(c)) totals[k] = (totals[k] ?? 0) + n;
const requests = Object.values(totals).reduce((a, b) => a + b, 0);
const summary = {
  label,
  seconds: Math.round((Date.now() - t0) / 1000),
  sources: SOURCES,
  requests,
  requests_per_s: +(requests / SECONDS).toFixed(1),
  skipped_client_side: skipped,
  statuses: totals,
  by_flow: counts,
  p99_ms: Object.fromEntries(Object.entries(latencies).map(([f, xs]) => [f, pct(xs, 0.99)])),
  warm_from_s: Math.round(warmFrom),
  rss_kib: { idle: idle.rss_kib, start: start.rss_kib, max: max('rss_kib'), end: end.rss_kib,
             floor_early: floor(early.length ? early : live), floor_late: floor(late.length ? late : live) },
  fds: { idle: idle.fds, start: start.fds, max: max('fds'), end: end.fds,
         median_early: median(early.length ? early : live, 'fds'), median_late: median(late.length ? late : live, 'fds') },
  threads: { start: start.threads, max: max('threads'), end: end.threads },
  rss_end_over_start: +(end.rss_kib / start.rss_kib).toFixed(3),
  rss_floor_late_over_early: +(floor(late.length ? late : live) / floor(early.length ? early : live)).toFixed(3),
  fds_end_over_start: +(end.fds / start.fds).toFixed(3),
  server_alive: live.length === samples.length,
  unexpected_count: unexpectedCount,
  unexpected,
};
console.log(JSON.stringify(summary));
process.exit(unexpectedCount || !summary.server_alive ? 1 : 0);
