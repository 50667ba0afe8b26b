#!/usr/bin/env bash
# Soak (issue 14): MINUTES of mixed load — sign-ins with right and wrong passwords, password-reset
# requests, attestation downloads, scam checks, sign-outs — against a Release build, on SQLite
# and on PostgreSQL at the same time (one `serve` process each, one driver each). The server's RSS
# and open file descriptors are sampled from /proc every 5 s; every answer is counted by flow and
# status, and the run fails if any status outside 2xx/3xx/401/423/429/503 and the expected
# answers of the flows (bench/soak.mjs, EXPECTED) appears, or if a server dies.
#
#   bench/soak.sh [MINUTES] [BACKENDS]        default: 30 "sqlite postgres"
#   MC_BENCH_BUILD=build-bench  WRITE=0 (print only, do not touch BENCHMARKS.md)
#   SOAK_LOGIN_RIGHT=2 SOAK_LOGIN_WRONG=2 SOAK_RESET=1 SOAK_ATTESTATION=4 SOAK_SCAM=8 (req/s per flow)
#
# Source addresses: the drivers speak from 500 loopback addresses (127.0.10.1 …), so the default
# per-source budgets (SPEC §3) apply to a population; no throttle limit is raised. Delivery is off
# (no SMTP server here): reset e-mails and letters stay pending in the outbox, as they would
# during an SMTP outage. Needs node, python3, and for PostgreSQL Debian's postgresql-15.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
minutes=${1:-30}
backends=${2:-sqlite postgres}
build=${MC_BENCH_BUILD:-build-bench}
[[ $build = /* ]] || build=$here/$build
write=${WRITE:-1}
die() { echo "soak.sh: $*" >&2; exit 1; }
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
command -v node >/dev/null || die "needs node (scripts/deps.sh test installs it)"
command -v python3 >/dev/null || die "needs python3"

if [[ -z ${MC_SOAK_NO_BUILD:-} ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMC_TEST_STAGES=OFF -DMC_BENCH=ON >/dev/null
  cmake --build "$build" --target moncompte >/dev/null
fi
bin=$build/moncompte
[[ -x $bin ]] || die "no $bin"
grep -q 'CMAKE_BUILD_TYPE:STRING=Release' "$build/CMakeCache.txt" || die "$build is not a Release build"

work=$(mktemp -d /tmp/mc-soak.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  "$here/tests/pg/pg_cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true
  if [[ -n ${KEEP:-} ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

log "demo data"
"$bin" demo --out "$work/demo" --members 400 >/dev/null
# Active members of organismes served here (the password of member NN is Demo-NN-Motdepasse!):
# two thirds sign in with their password from their own device, one third get wrong passwords
# (and lock); resets go to everyone, with the birth date as the form asks it (JJ/MM/AAAA).
python3 - "$work/demo" >"$work/members.json" <<'PY'
import csv, json, sys
d = sys.argv[1]
ours = {o["code"] for o in csv.DictReader(open(f"{d}/organismes.csv", encoding="utf-8")) if o["online_space"] == "compte ameli"}
reg = {r["nir"]: r for r in csv.DictReader(open(f"{d}/register.csv", encoding="utf-8"))}
active = [a for a in csv.DictReader(open(f"{d}/accounts.csv", encoding="utf-8"))
          if a["state"] == "active" and reg[a["nir"]]["organisme"] in ours]
right = [{"nir": a["nir"][:13], "password": a["password"]} for i, a in enumerate(active) if i % 3]
wrong = [a["nir"][:13] for i, a in enumerate(active) if i % 3 == 0]
def fr(iso):
    y, m, dd = iso.split("-")
    return f"{dd}/{m}/{y}"
reset = [{"nir": n[:13], "birth_date": fr(r["birth_date"])} for n, r in reg.items()]
json.dump({"right": right, "wrong": wrong, "reset": reset}, sys.stdout)
print(f"{len(right)} right, {len(wrong)} wrong, {len(reset)} reset", file=sys.stderr)
PY

declare -A url port pid
for b in $backends; do
  case $b in
    sqlite) url[$b]="sqlite:$work/soak.sqlite" ;;
    postgres) url[$b]=$(MC_PG_BIN=${MC_PG_BIN:-/usr/lib/postgresql/15/bin} "$here/tests/pg/pg_cluster.sh" start "$work/pg") ;;
    *) die "unknown backend $b (sqlite, postgres)" ;;
  esac
  "$bin" import --db "${url[$b]}" --register "$work/demo/register.csv" --organismes "$work/demo/organismes.csv" \
    --accounts "$work/demo/accounts.csv" >/dev/null
  mkdir -p "$work/$b"
  # Production settings (Argon2id t=2, m=19 MiB, default budgets and pools); the maintenance
  # sweep every minute so that it meets the load many times.
  "$bin" serve --listen 127.0.0.1:0 --db "${url[$b]}" --set log.format=json --set delivery.enabled=false \
    --set inactivity.sweep_minutes=1 --set "attestation.keys_dir=$work/$b/keys" \
    --set "outbox.letters_dir=$work/$b/letters" >"$work/$b/server.log" 2>&1 &
  pid[$b]=$!
  pids+=("${pid[$b]}")
  for _ in $(seq 1 300); do
    if grep -q '"event":"listening"' "$work/$b/server.log" 2>/dev/null; then break; fi
    kill -0 "${pid[$b]}" 2>/dev/null || die "$b server exited: $(cat "$work/$b/server.log")"
    sleep 0.1
  done
  port[$b]=$(grep '"event":"listening"' "$work/$b/server.log" | grep -o '"port":[0-9]*' | head -1 | cut -d: -f2)
  [[ -n ${port[$b]} ]] || die "$b server did not start: $(cat "$work/$b/server.log")"
  log "$b: pid ${pid[$b]}, port ${port[$b]}"
done

log "soak: $minutes min on: $backends"
drivers=()
for b in $backends; do
  node "$here/bench/soak.mjs" "${port[$b]}" "${pid[$b]}" "$work/members.json" $((minutes * 60)) "$b" >"$work/$b/summary.json" &
  drivers+=($!)
done
status=0
for d in "${drivers[@]}"; do wait "$d" || status=1; done
for b in $backends; do
  kill -0 "${pid[$b]}" 2>/dev/null || { echo "soak.sh: the $b server died: $(tail -20 "$work/$b/server.log")" >&2; status=1; }
  # Abnormal events the server logged, counted by name (warn and error levels).
  python3 - "$work/$b/server.log" >"$work/$b/events.json" <<'PY'
import json, sys, collections
c = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    try:
        j = json.loads(line)
    except ValueError:
        c["(not json)"] += 1
        continue
    if j.get("level") in ("warn", "warning", "error"):
        c[j.get("event", "?")] += 1
print(json.dumps(dict(c)))
PY
  echo "$b: $(cat "$work/$b/summary.json")"
  echo "$b server warnings/errors by event: $(cat "$work/$b/events.json")"
done

cores=$(nproc)
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
section=$(python3 - "$minutes" "$cores" "$cpu" "$work" $backends <<'PY'
import json, sys
minutes, cores, cpu, work, *backends = sys.argv[1:]
names = {"sqlite": "SQLite", "postgres": "PostgreSQL 15"}
rows, statuses, flows = [], [], []
for b in backends:
    s = json.load(open(f"{work}/{b}/summary.json"))
    ev = json.load(open(f"{work}/{b}/events.json"))
    r, f = s["rss_kib"], s["fds"]
    mib = lambda k: f"{k / 1024:.0f}"
    rows.append(f"| {names[b]} | {s['requests']} | {s['requests_per_s']} | {mib(r['idle'])} / {mib(r['start'])} / {mib(r['max'])} / {mib(r['end'])} | "
                f"{r['floor_early'] / 1024:.1f} → {r['floor_late'] / 1024:.1f} ({s['rss_floor_late_over_early']}) | "
                f"{f['idle']} / {f['start']} / {f['max']} / {f['end']} | {f['median_early']} → {f['median_late']} | "
                f"{s['threads']['start']} / {s['threads']['max']} / {s['threads']['end']} | {s['unexpected_count']} | {'yes' if s['server_alive'] else '**no**'} |")
    statuses.append(f"| {names[b]} | " + ", ".join(f"{k}: {v}" for k, v in sorted(s["statuses"].items())) + " | "
                    + (", ".join(f"{k}: {v}" for k, v in sorted(ev.items())) or "none") + " |")
    for flow, c in sorted(s["by_flow"].items()):
        flows.append(f"| {names[b]} | {flow} | " + ", ".join(f"{k}: {v}" for k, v in sorted(c.items())) + f" | {s['p99_ms'].get(flow)} |")
print(f"""## Soak (issue 14)

{minutes} minutes of mixed load on one `serve` process per database, both runs at the same time on
this machine ({cores} vCPU, {cpu}, shared with other work): per process about 2 sign-ins/s with the
right password (each member from their own device and cookie jar), 2/s with a wrong one (a third
of the accounts, which lock), 1 password-reset request/s (e-mail and post), 4 attestation PDFs/s
(sessions of the members signed in), 8 scam checks/s, a sign-out every 2 s and `/healthz` every
second — offered open-loop at those rates. Requests come from 500 loopback addresses
(127.0.10.1 …) so that the default per-source budgets apply as to a population (no limit raised).
Release build, production Argon2id (t=2, 19 MiB), maintenance sweep every minute, delivery off
(no SMTP server: e-mails and letters stay pending). RSS and open file descriptors read from
`/proc/PID` every 5 s: idle (before load) / warm (first sample after warm-up, 10% of the run) /
max / end (after the load stopped and the last sockets closed). RSS moves by one Argon2id arena
(19 MiB) whenever a hashing thread's idle arena is given back (`password.arena_release_idle_seconds`)
or mapped again, so flatness is read on the floor (lowest RSS) of the first half after warm-up
against the last quarter, and on the median descriptor count over the same spans (a sample
also counts the sockets of requests in flight).

| database | requests | req/s | RSS MiB idle / warm / max / end | RSS floor MiB first half → last quarter (ratio) | fds idle / warm / max / end | fds median first half → last quarter | threads warm / max / end | unexpected statuses | server up at the end |
|---|---:|---:|---|---|---|---|---|---:|---|
""" + "\n".join(rows) + """

Statuses over the run, and the server's warning/error log events by name:

| database | statuses | warn/error events |
|---|---|---|
""" + "\n".join(statuses) + """

By flow (status: count) and p99 latency (ms):

| database | flow | statuses | p99 ms |
|---|---|---|---:|
""" + "\n".join(flows) + f"""

Expected answers per flow (anything else fails the run): sign-in right 200/429/503, wrong
401/423/429/503, reset 202/429/503, attestation 200/401 (session ended)/503, scam check
200/429/503, sign-out 200/503, `/healthz` 200/503.

Command:

```
bench/soak.sh {minutes} "{' '.join(backends)}"
```
""")
PY
)
echo "$section"
if [[ $write == 1 && $status == 0 ]]; then
  python3 - "$here/BENCHMARKS.md" "$section" <<'EOF'
import re, sys
path, section = sys.argv[1], sys.argv[2].rstrip() + "\n"
text = open(path, encoding="utf-8").read()
pattern = re.compile(r"^## Soak \(issue 14\)\n.*?(?=^## |\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda m: section + "\n", text, count=1)
else:
    text = text.rstrip() + "\n\n" + section
open(path, "w", encoding="utf-8").write(text.rstrip() + "\n")
EOF
  log "BENCHMARKS.md: section \"Soak (issue 14)\" written"
fi
exit $status
