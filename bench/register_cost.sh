#!/usr/bin/env bash
# The cost curve of issue 15: sign-ins (correct and wrong passwords) against registers of 10
# thousand, 1 million and 10 million rows, SQLite and PostgreSQL, in one run.
#   bench/register_cost.sh BIN WORKDIR PG_URL [SIZES]      (SIZES default "10000 1000000 10000000")
# BIN: a Release moncompte. PG_URL: a database of a cluster the user may CREATE DATABASE in
# (tests/pg/pg_cluster.sh start); unused with BACKENDS=sqlite. Env: BACKENDS (default
# "sqlite postgres"), ROUNDS (default 7), PER_ROUND (default 40: sign-ins with the right password
# and as many with a wrong one, per size and round, each on a member of its own so that nothing
# locks), WARMUP (default 20 per size), SQLITE_BUILD (sqlite3 | moncompte, default sqlite3),
# KEEP=1 (keep the databases), REUSE=1 (SQLite: use the databases an earlier KEEP=1 run left; the
# accounts are imported again, which resets their counters).
#
# 1. Set-up, per backend and size. The register is written by bench/register_gen.py (once, kept in
#    WORKDIR/reg-N). PostgreSQL: `moncompte import` into a fresh database under /usr/bin/time -v
#    (rows/s, max RSS). SQLite: with SQLITE_BUILD=sqlite3 (the default) the database is built by
#    sqlite3 itself: `moncompte import` of the organismes and an empty register creates the schema,
#    `.import` loads the file into a TEMP table and one INSERT … SELECT … ORDER BY nir13 copies it
#    into register_entries with the same conversions as the service's import (nir13 = the first 13
#    digits, css/ald yes → 1), the two secondary indexes dropped before and re-created after from
#    the very SQL sqlite_master held (minutes at 10 M instead of half an hour). At the smallest size
#    the script also builds the database with `moncompte import` and compares the two `.dump`s:
#    they must be identical (but for the times the migrations were applied), or the run stops. Then the accounts (production Argon2id) are imported
#    after the register with their own rows, with `moncompte import` on every backend.
# 2. Measurement, per backend: one `moncompte serve` per size, all running side by side; WARMUP
#    sign-ins each; then ROUNDS rounds, each visiting every size in turn (the first size of a round
#    rotates: 10k 1M 10M, 1M 10M 10k, 10M 10k 1M, …), PER_ROUND right then PER_ROUND wrong
#    passwords, one at a time over loopback HTTP. CPU per sign-in = the serve process's
#    utime+stime (/proc/PID/stat) over that size's sign-ins in that round. Per round, the ratio of
#    each size to the smallest; the last lines print, per backend and kind, the median of the
#    per-round ratios, their min and max, and the median CPU per sign-in and p50/p99 per size.
#    The PostgreSQL server's own CPU is not in the figure (another process).
# Target (issue 15): largest / smallest ≤ 1.1.
set -euo pipefail
bin=$(realpath "$1"); work=$2; pg=${3:-}; sizes=${4:-"10000 1000000 10000000"}
rounds=${ROUNDS:-7}; per_round=${PER_ROUND:-40}; warmup=${WARMUP:-20}
sqlite_build=${SQLITE_BUILD:-sqlite3}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"; work=$(realpath "$work")
servers=()
cleanup() { for p in "${servers[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
echo "cost curve: sizes=[$sizes] rounds=$rounds per_round=$per_round cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%FT%TZ)"
smallest=${sizes%% *}
needed=$((warmup + rounds * 2 * per_round))

# accounts N DIR: the members who sign in (spread over the whole register, CPAM-75 rows only);
# writes DIR/accounts.csv and DIR/logins.txt (warm-up first, then each round's right and wrong).
accounts() {
  python3 - "$1" "$2" "$needed" "$here" <<'PY'
import sys
sys.path.insert(0, sys.argv[4])
from register_gen import nir13
n, out, want = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
picks = []
step = max(1, n // (want + want // 10 + 1))  # room for the MSA rows skipped
i = 1
while len(picks) < want and i < n:
    if i % 50:  # every 50th row is an MSA member (another online space: 403)
        picks.append(i)
    i += step
if len(picks) < want:
    sys.exit(f"register of {n} rows too small for {want} accounts")
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

pgdb() { python3 -c "import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/'+sys.argv[2])))" "$pg" "$1"; }

# sqlite_fast DATA FILE: the register loaded by sqlite3 into the schema `moncompte` creates.
sqlite_fast() {
  local data=$1 file=$2
  rm -f "$file" "$file"-*
  head -1 "$data/register.csv" >"$work/empty.csv"
  "$bin" import --db "sqlite:$file" --register "$work/empty.csv" --organismes "$data/organismes.csv" >/dev/null
  local indexes; indexes=$(sqlite3 "$file" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'register_entries' AND sql IS NOT NULL ORDER BY rowid")
  local drops; drops=$(sqlite3 "$file" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'register_entries' AND sql IS NOT NULL")
  sqlite3 "$file" <<SQL
PRAGMA cache_size = -262144;
PRAGMA temp_store = FILE;
.import --csv --schema temp $data/register.csv reg
BEGIN;
$drops
INSERT INTO register_entries (nir13, sex, family_name, given_names, birth_date, birth_place_insee, birth_place_label,
  birth_country, address, postal_code, city, email, phone, organisme, vitale_serial, iban_last7, rights_from, rights_to, css, ald)
SELECT substr(nir, 1, 13), sex, family_name, given_names, birth_date, birth_place_insee, birth_place_label,
  birth_country, address, postal_code, city, email, phone, organisme, vitale_serial, iban_last7, rights_from, rights_to,
  css = 'yes', ald = 'yes'
FROM temp.reg ORDER BY 1;
$indexes
COMMIT;
DROP TABLE temp.reg;
SQL
}

setup() {  # setup sqlite|postgres N: prints the set-up line; sets $db
  local be=$1 n=$2 data=$work/reg-$2 t0 wall rss bytes how
  [ -f "$data/register.csv" ] || python3 "$here/register_gen.py" "$n" "$data"
  if [ ! -f "$data/logins.txt" ] || [ "$(wc -l <"$data/logins.txt")" -ne "$needed" ]; then
    accounts "$n" "$data"
    { head -1 "$data/register.csv"; grep -F -f <(tail -n +2 "$data/accounts.csv" | cut -d, -f1) "$data/register.csv"; } \
      >"$data/members.csv"
  fi
  t0=$(date +%s.%N)
  if [ "$be" = sqlite ]; then
    db="sqlite:$work/cost-$n.sqlite"
    if [ -n "${REUSE:-}" ] && [ -f "$work/cost-$n.sqlite" ]; then  # kept by an earlier run (KEEP=1)
      how="reused"; echo "    reusing $work/cost-$n.sqlite" >"$work/time.txt"
      echo "Maximum resident set size (kbytes): 0" >>"$work/time.txt"
    elif [ "$sqlite_build" = sqlite3 ]; then
      how="sqlite3 .import"
      /usr/bin/time -v -o "$work/time.txt" bash -c "$(declare -f sqlite_fast); bin='$bin' work='$work' sqlite_fast '$data' '$work/cost-$n.sqlite'"
    else
      how="moncompte import"
      rm -f "$work/cost-$n.sqlite"*
      /usr/bin/time -v -o "$work/time.txt" "$bin" import --db "$db" --register "$data/register.csv" \
        --organismes "$data/organismes.csv" >"$work/import.txt" 2>&1 || { cat "$work/import.txt"; exit 1; }
    fi
  else
    how="moncompte import"
    psql -q "$pg" -c "DROP DATABASE IF EXISTS mccost_$n" -c "CREATE DATABASE mccost_$n"
    db=$(pgdb "mccost_$n")
    /usr/bin/time -v -o "$work/time.txt" "$bin" import --db "$db" --register "$data/register.csv" \
      --organismes "$data/organismes.csv" >"$work/import.txt" 2>&1 || { cat "$work/import.txt"; exit 1; }
  fi
  wall=$(python3 -c "import sys,time; print(f'{time.time()-float(sys.argv[1]):.1f}')" "$t0")
  rss=$(( $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt") / 1024 ))
  if [ "$be" = sqlite ] && [ "$how" = "sqlite3 .import" ]; then
    if [ "$n" = "$smallest" ]; then  # the check: the same database as `moncompte import` makes
      rm -f "$work"/check.sqlite*
      "$bin" import --db "sqlite:$work/check.sqlite" --register "$data/register.csv" --organismes "$data/organismes.csv" >/dev/null
      # (schema_migrations' applied_at, a time, masked)
      mask='s/^\(INSERT INTO schema_migrations VALUES([0-9]*,[^,]*\),[0-9]*);$/\1,T);/'
      if ! diff <(sqlite3 "$work/check.sqlite" .dump | sed "$mask") <(sqlite3 "$work/cost-$n.sqlite" .dump | sed "$mask") >"$work/dump.diff"; then
        echo "sqlite3-built database differs from moncompte import's:"; head -20 "$work/dump.diff"; exit 1
      fi
      echo "    check: .dump of the sqlite3-built database = .dump of moncompte import's ($(sqlite3 "$work/check.sqlite" .dump | wc -l) lines, identical but for the migrations' applied_at)"
      rm -f "$work"/check.sqlite*
    fi
  fi
  # The accounts: a second import of their own register rows (a sync of a few hundred rows,
  # nothing changed), so that their hashing does not count in the register's rows/s.
  "$bin" import --db "$db" --register "$data/members.csv" --organismes "$data/organismes.csv" \
    --accounts "$data/accounts.csv" >"$work/import.txt" 2>&1 || { cat "$work/import.txt"; exit 1; }
  if [ "$be" = sqlite ]; then bytes=$(stat -c %s "$work/cost-$n.sqlite")
  else bytes=$(psql -tA "$db" -c "SELECT pg_database_size(current_database())")
    echo "    register_entries and its indexes: $(( $(psql -tA "$db" -c "SELECT pg_total_relation_size('register_entries')") / n )) bytes per row"; fi
  if [ "$how" = reused ]; then echo "$be n=$n set-up (reused); database $(( bytes / n )) bytes per register row"
  else echo "$be n=$n set-up ($how) ${wall} s $(python3 -c "print(f'{$n/$wall:.0f}')") rows/s max RSS ${rss} MiB; database $(( bytes / n )) bytes per register row"; fi
}

run_backend() {  # run_backend sqlite|postgres
  local be=$1 n port targets=() dbs=()
  for n in $sizes; do setup "$be" "$n"; dbs+=("$db"); done
  local i=0
  for n in $sizes; do
    port=$((20000 + RANDOM % 40000))
    "$bin" serve --listen "127.0.0.1:$port" --db "${dbs[$i]}" --set log.level=warn --set throttle.source_failures=1000000 \
      --set throttle.alarm_failures_per_minute=1000000 \
      --set delivery.enabled=false --set attestation.keys_dir="$work/keys-$be-$n" >"$work/serve-$be-$n.log" 2>&1 &
    servers+=($!)
    targets+=("$be n=$n" "http://127.0.0.1:$port" "$!" "$work/reg-$n/logins.txt")
    i=$((i + 1))
  done
  for ((j = 1; j < ${#targets[@]}; j += 4)); do
    for _ in $(seq 150); do curl -sf "${targets[$j]}/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
    curl -sf "${targets[$j]}/healthz" >/dev/null || { echo "serve did not start: ${targets[$((j - 1))]}"; cat "$work/serve-$be-"*.log; exit 1; }
  done
  echo "$be: ${#servers[@]} serve processes up, load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%TZ)"
  python3 - "$rounds" "$per_round" "$warmup" "${targets[@]}" <<'PY' | tee -a "$work/results.txt"
import http.client, json, os, sys, time, urllib.parse, statistics
rounds, per, warm = map(int, sys.argv[1:4])
t = sys.argv[4:]
targets = [dict(label=t[i], url=t[i + 1], pid=int(t[i + 2]), creds=[l.split() for l in open(t[i + 3])]) for i in range(0, len(t), 4)]
hz = os.sysconf("SC_CLK_TCK")
def cpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / hz
for x in targets:
    u = urllib.parse.urlsplit(x["url"])
    x["conn"] = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
def login(x, nir, pw, retry=True):
    body = json.dumps({"nir": nir, "password": pw})
    t0 = time.perf_counter()
    try:
        x["conn"].request("POST", "/api/v1/login", body, {"Content-Type": "application/json", "Connection": "keep-alive"})
        r = x["conn"].getresponse(); r.read()
    except (ConnectionError, http.client.HTTPException):
        if not retry:
            raise
        x["conn"].close()  # the server closed an idle keep-alive connection before the request
        return login(x, nir, pw, False)
    return r.status, time.perf_counter() - t0
for x in targets:
    for nir, pw in x["creds"][:warm]:
        login(x, nir, pw)
res = {}  # (label, kind) -> list per round of (cpu_ms, [latencies])
for r in range(rounds):
    order = targets[r % len(targets):] + targets[:r % len(targets)]
    for x in order:
        base = warm + r * 2 * per
        x["conn"].close()  # every size's block opens one new connection (idle ones time out meanwhile)
        for kind, pairs, wrong in (("correct", x["creds"][base:base + per], False), ("wrong", x["creds"][base + per:base + 2 * per], True)):
            c0 = cpu(x["pid"]); lat = []; codes = {}
            for nir, pw in pairs:
                s, dt = login(x, nir, pw + "x" if wrong else pw)
                codes[s] = codes.get(s, 0) + 1; lat.append(dt)
            c = (cpu(x["pid"]) - c0) / len(pairs) * 1000
            want = 200 if not wrong else 401
            if codes.get(want, 0) != len(pairs):
                print(f"unexpected statuses {x['label']} {kind} round {r + 1}: {codes}", file=sys.stderr)
                sys.exit(1)
            res.setdefault((x["label"], kind), []).append((c, lat))
            print(f"round {r + 1} {x['label']:14s} {kind:7s} n={len(pairs)} cpu_ms_per_signin={c:.2f} p50_ms={statistics.median(lat) * 1000:.1f}", flush=True)
    print(f"round {r + 1} done, load {open('/proc/loadavg').read().split()[0]}", flush=True)
labels = [x["label"] for x in targets]
for kind in ("correct", "wrong"):
    for lab in labels:
        rs = res[(lab, kind)]
        lat = sorted(l for _, ls in rs for l in ls)
        print(f"summary {lab:14s} {kind:7s} median cpu_ms_per_signin={statistics.median(c for c, _ in rs):.2f}"
              f" (rounds {min(c for c, _ in rs):.2f}–{max(c for c, _ in rs):.2f}) p50_ms={lat[len(lat) // 2] * 1000:.1f}"
              f" p99_ms={lat[min(len(lat) - 1, int(0.99 * len(lat)))] * 1000:.1f}")
    small = res[(labels[0], kind)]
    for lab in labels[1:]:
        ratios = sorted(b[0] / a[0] for a, b in zip(small, res[(lab, kind)]))
        print(f"ratio {lab} / {labels[0]} {kind}: cpu per sign-in median {statistics.median(ratios):.2f}"
              f" (per round: {' '.join(f'{q:.2f}' for q in ratios)}; spread {ratios[0]:.2f}–{ratios[-1]:.2f})")
PY
  for p in "${servers[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  servers=()
  echo "$be: load after $(cut -d' ' -f1-3 /proc/loadavg)"
  for n in $sizes; do
    if [ "$be" = sqlite ]; then [ -n "${KEEP:-}" ] || rm -f "$work/cost-$n.sqlite"*
    else [ -n "${KEEP:-}" ] || psql -q "$pg" -c "DROP DATABASE mccost_$n"; fi
  done
}

: >"$work/results.txt"
for be in ${BACKENDS:-sqlite postgres}; do run_backend "$be"; done
