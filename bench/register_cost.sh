#!/usr/bin/env bash
# The cost curve of issue 15: sign-ins (correct and wrong passwords) against registers of 10
# thousand, 1 million and 10 million rows, SQLite and PostgreSQL, in one run.
#   bench/register_cost.sh BIN WORKDIR PG_URL [SIZES]      (SIZES default "10000 1000000 10000000")
# BIN: a Release moncompte. PG_URL: a database of a cluster the user may CREATE DATABASE in
# (tests/pg/pg_cluster.sh start). Env: MEMBERS (accounts that sign in, default 150: each signs in
# once with its password and another 150 once with a wrong one, so that no counter locks), WARMUP,
# BACKENDS (default "sqlite postgres").
# For each backend and size: the register is written by bench/register_gen.py (once, kept in
# WORKDIR), imported with `moncompte import` under /usr/bin/time -v (rows/s, max RSS), the accounts
# (production Argon2id parameters) imported after with their own rows, then `moncompte serve` answers the sign-ins
# one at a time over loopback HTTP: server CPU time per sign-in from /proc/PID/stat (utime+stime)
# around the measured sign-ins, p50/p99 latency seen by the client, and the database bytes per
# register row. The last lines print, per backend, the ratio largest/smallest register of the
# CPU per sign-in and of p50 (target: ≤ 1.1).
set -euo pipefail
bin=$(realpath "$1"); work=$2; pg=$3; sizes=${4:-"10000 1000000 10000000"}
members=${MEMBERS:-150}; warmup=${WARMUP:-20}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"; work=$(realpath "$work")
server=
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; }
trap cleanup EXIT
echo "cost curve: sizes=[$sizes] members=$members cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%FT%TZ)"

# accounts N DIR: the members who sign in (spread over the whole register, CPAM-75 rows only) and
# the ones who type a wrong password; prints nothing, writes DIR/accounts.csv and DIR/logins.txt.
accounts() {
  python3 - "$1" "$2" "$members" "$here" <<'PY'
import sys
sys.path.insert(0, sys.argv[4])
from register_gen import nir13
n, out, m = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
picks = []
step = max(1, n // (2 * m + 21))
i = 1
while len(picks) < 2 * m + 20 and i < n:
    if i % 50:  # every 50th row is an MSA member (another online space: 403)
        picks.append(i)
    i += step
with open(f"{out}/accounts.csv", "w") as a, open(f"{out}/logins.txt", "w") as l:
    a.write("nir,state,password,last_login\n")
    for i in picks:
        d13, _, _ = nir13(i)
        key = 97 - int(d13) % 97
        pw = f"Courbe-{i}-Cout!"
        a.write(f"{d13}{key:02d},active,{pw},\n")
        l.write(f"{d13} {pw}\n")
PY
}

# signins URL PID LABEL: warm-up, then the correct and the wrong passwords; one result line.
signins() {
  python3 - "$1" "$2" "$3" "$members" "$warmup" "$4" <<'PY'
import http.client, json, os, sys, time, urllib.parse
url, pid, label, m, warm, logins = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
u = urllib.parse.urlsplit(url)
creds = [l.split() for l in open(logins)]
hz = os.sysconf("SC_CLK_TCK")
def cpu():
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / hz
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
def login(nir, pw):
    body = json.dumps({"nir": nir, "password": pw})
    t = time.perf_counter()
    conn.request("POST", "/api/v1/login", body, {"Content-Type": "application/json", "Connection": "keep-alive"})
    r = conn.getresponse(); r.read()
    return r.status, time.perf_counter() - t
warmups, rest = creds[:warm], creds[warm:]
for nir, pw in warmups:
    login(nir, pw)
ok_set, bad_set = rest[:m], rest[m:2 * m]
def run(pairs, wrong):
    c0 = cpu(); lat = []; codes = {}
    for nir, pw in pairs:
        s, dt = login(nir, pw + "x" if wrong else pw)
        codes[s] = codes.get(s, 0) + 1; lat.append(dt)
    c1 = cpu(); lat.sort()
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000
    return (c1 - c0) / len(pairs) * 1000, p(0.5), p(0.99), codes
for kind, pairs, wrong in (("correct", ok_set, False), ("wrong", bad_set, True)):
    c, p50, p99, codes = run(pairs, wrong)
    print(f"{label} {kind:7s} n={len(pairs)} cpu_ms_per_signin={c:.2f} p50_ms={p50:.1f} p99_ms={p99:.1f} status={codes}")
PY
}

run_backend() {  # run_backend sqlite|postgres
  local be=$1 n data db t0 wall rss port bytes
  for n in $sizes; do
    data=$work/reg-$n
    [ -f "$data/register.csv" ] || nice python3 "$here/register_gen.py" "$n" "$data"
    if [ ! -f "$data/members.csv" ]; then
      accounts "$n" "$data"
      { head -1 "$data/register.csv"; grep -F -f <(tail -n +2 "$data/accounts.csv" | cut -d, -f1) "$data/register.csv"; } \
        >"$data/members.csv"
    fi
    if [ "$be" = sqlite ]; then
      rm -f "$work"/cost.sqlite*; db="sqlite:$work/cost.sqlite"
    else
      psql -q "$pg" -c "DROP DATABASE IF EXISTS mccost_$n" -c "CREATE DATABASE mccost_$n"
      db=$(python3 -c "import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/'+sys.argv[2])))" "$pg" "mccost_$n")
    fi
    t0=$(date +%s.%N)
    /usr/bin/time -v -o "$work/time.txt" "$bin" import --db "$db" --register "$data/register.csv" \
      --organismes "$data/organismes.csv" >"$work/import.txt" 2>&1 || { cat "$work/import.txt"; exit 1; }
    wall=$(python3 -c "import sys,time; print(f'{time.time()-float(sys.argv[1]):.1f}')" "$t0")
    rss=$(( $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt") / 1024 ))
    # The accounts: a second import of their own register rows (a sync of a few hundred rows,
    # nothing changed), so that their hashing does not count in the register's rows/s.
    "$bin" import --db "$db" --register "$data/members.csv" --organismes "$data/organismes.csv" \
      --accounts "$data/accounts.csv" >"$work/import.txt" 2>&1 || { cat "$work/import.txt"; exit 1; }
    if [ "$be" = sqlite ]; then bytes=$(stat -c %s "$work/cost.sqlite")
    else bytes=$(psql -tA "$db" -c "SELECT pg_database_size(current_database())")
      echo "    register_entries and its indexes: $(( $(psql -tA "$db" -c "SELECT pg_total_relation_size('register_entries')") / n )) bytes per row"; fi
    echo "$be n=$n import ${wall} s $(python3 -c "print(f'{$n/$wall:.0f}')") rows/s max RSS ${rss} MiB; database $(( bytes / n )) bytes per register row"
    port=$((20000 + RANDOM % 40000))
    "$bin" serve --listen "127.0.0.1:$port" --db "$db" --set log.level=warn --set throttle.source_failures=1000000 \
      --set delivery.enabled=false --set attestation.keys_dir="$work/keys" >"$work/serve.log" 2>&1 &
    server=$!
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
    signins "http://127.0.0.1:$port" "$server" "$be n=$n" "$data/logins.txt" | tee -a "$work/results.txt"
    kill "$server"; wait "$server" 2>/dev/null || true; server=
    if [ "$be" = sqlite ]; then rm -f "$work"/cost.sqlite*; else psql -q "$pg" -c "DROP DATABASE mccost_$n"; fi
  done
}

: >"$work/results.txt"
for be in ${BACKENDS:-sqlite postgres}; do run_backend "$be"; done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/results.txt" <<'PY'
import re, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\w+) n=(\d+) (\w+)\s+n=\d+ cpu_ms_per_signin=([\d.]+) p50_ms=([\d.]+) p99_ms=([\d.]+)", line)
    if m:
        rows.setdefault((m[1], m[3]), []).append((int(m[2]), float(m[4]), float(m[5]), float(m[6])))
for (be, kind), r in sorted(rows.items()):
    r.sort()
    small, big = r[0], r[-1]
    print(f"ratio {be} {kind}: n={big[0]}/n={small[0]} cpu per sign-in {big[1] / small[1]:.2f}, p50 {big[2] / small[2]:.2f}, p99 {big[3] / small[3]:.2f}")
PY
