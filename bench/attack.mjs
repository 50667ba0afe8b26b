// A population under attack (issue 13), measured against the real service from distinct
// loopback sources. Run by bench/attack.sh, which builds a Release binary and a demo register.
//   node bench/attack.mjs PORT SERVER_PID MEMBERS_JSON [SECONDS]
// MEMBERS_JSON: [{nir, password}] of active members. Prints one JSON object per scenario.
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [port, serverPid, membersFile, secondsArg] = process.argv.slice(2);
const SECONDS = Number(secondsArg ?? 30);
const members = JSON.parse(readFileSync(membersFile, 'utf8'));
const WRONG = 'Printemps2024!';
const hz = 100; // CLK_TCK on Linux
const cpuTicks = () => {
  const f = readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
};

function post(address, body, cookie) {
  const payload = JSON.stringify(body);
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
  if (cookie) headers.cookie = cookie;
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, localAddress: address, method: 'POST', path: '/api/v1/login', headers, agent: false },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode, ms: performance.now() - started, cookies: res.headers['set-cookie'] ?? [] }));
      },
    );
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started, cookies: [] }));
    req.end(payload);
  });
}

const p99 = (xs) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)];
};

// Members sign in, one after another, each from its own address, until `stop`.
async function membersSigningIn(stop, addresses) {
  const times = [];
  let ok = 0, total = 0;
  await Promise.all(addresses.map(async (address, i) => {
    for (let k = 0; !stop.done; k++) {
      const m = members[(i * 7 + k) % members.length];
      const r = await post(address, { nir: m.nir, password: m.password });
      total++;
      if (r.status === 200) ok++;
      times.push(r.ms);
      await new Promise((res) => setTimeout(res, 100)); // a person, not a loop
    }
  }));
  return { ok, total, ratio: total ? ok / total : 0, p99_ms: p99(times) };
}

let nirCounter = 0;
function freshNir() {
  const n = nirCounter++;
  return `1${String(50 + (n % 49)).padStart(2, '0')}0${1 + (n % 9)}75${String(100 + Math.floor(n / 441) % 800).padStart(3, '0')}${String(100 + (n % 800)).padStart(3, '0')}`;
}

async function timed(fn) {
  const stop = { done: false };
  const c0 = cpuTicks();
  const timer = setTimeout(() => (stop.done = true), SECONDS * 1000);
  const out = await fn(stop);
  clearTimeout(timer);
  return { out, cpu_s: (cpuTicks() - c0) / hz };
}

const memberAddresses = ['127.0.0.3', '127.0.0.4', '127.0.0.5'];

// 0. Unloaded: the members alone.
const base = await timed((stop) => membersSigningIn(stop, memberAddresses));
const baseCpuPerSignIn = base.cpu_s / base.out.total;
console.log(JSON.stringify({ scenario: 'unloaded', ...base.out, server_cpu_s: base.cpu_s }));

// 1. One machine, 8 connections, one password sprayed over fresh NIRs.
{
  const r = await timed(async (stop) => {
    const counts = { evaluated: 0, throttled: 0, busy: 0, other: 0, first30s_evaluated: 0 };
    const started = performance.now();
    const sprayer = Promise.all(Array.from({ length: 8 }, async () => {
      while (!stop.done) {
        const res = await post('127.0.0.2', { nir: freshNir(), password: WRONG });
        if (res.status === 401 || res.status === 423) {
          counts.evaluated++;
          if (performance.now() - started <= 30_000) counts.first30s_evaluated++;
        } else if (res.status === 429) counts.throttled++;
        else if (res.status === 503) counts.busy++;
        else counts.other++;
      }
    }));
    const m = await membersSigningIn(stop, memberAddresses);
    await sprayer;
    return { sprayer: counts, members: m };
  });
  const membersCpu = r.out.members.total * baseCpuPerSignIn;
  const refusedCpu = Math.max(0, r.cpu_s - membersCpu - r.out.sprayer.evaluated * baseCpuPerSignIn);
  console.log(JSON.stringify({
    scenario: 'sprayer_8_connections', seconds: SECONDS, ...r.out,
    members_p99_over_unloaded: r.out.members.p99_ms / base.out.p99_ms,
    server_cpu_s: r.cpu_s,
    refused_cpu_share_of_one_core: refusedCpu / SECONDS,
    refused_cpu_us_each: r.out.sprayer.throttled ? (refusedCpu * 1e6) / r.out.sprayer.throttled : 0,
  }));
}

// 2. Twenty machines, each one guess every 0.5 s.
{
  const r = await timed(async (stop) => {
    const counts = { evaluated: 0, throttled: 0, busy: 0 };
    const bots = Promise.all(Array.from({ length: 20 }, async (_, i) => {
      while (!stop.done) {
        const res = await post(`127.0.1.${i + 1}`, { nir: freshNir(), password: WRONG });
        if (res.status === 401 || res.status === 423) counts.evaluated++;
        else if (res.status === 429) counts.throttled++;
        else if (res.status === 503) counts.busy++;
        await new Promise((res2) => setTimeout(res2, 500));
      }
    }));
    const m = await membersSigningIn(stop, memberAddresses);
    await bots;
    return { bots: counts, members: m };
  });
  console.log(JSON.stringify({
    scenario: 'twenty_slow_sources', seconds: SECONDS, ...r.out,
    evaluated_per_source: r.out.bots.evaluated / 20,
    members_p99_over_unloaded: r.out.members.p99_ms / base.out.p99_ms, server_cpu_s: r.cpu_s,
  }));
}

// 3. A stranger with the member's NIR types 7 wrong passwords from their own laptop.
{
  const m = members[members.length - 1];
  const phone = await post('127.0.0.40', { nir: m.nir, password: m.password });
  const device = phone.cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('mc_device='));
  const stranger = [];
  for (let i = 0; i < 7; i++) stranger.push((await post('127.0.0.41', { nir: m.nir, password: WRONG })).status);
  const phoneAfter = await post('127.0.0.40', { nir: m.nir, password: m.password }, device);
  const fresh = await post('127.0.0.42', { nir: m.nir, password: m.password });
  console.log(JSON.stringify({
    scenario: 'stranger_with_nir', stranger_answers: stranger, recognised_phone_after: phoneAfter.status,
    recognised_phone_ms: phoneAfter.ms, fresh_device_after: fresh.status,
  }));
}
