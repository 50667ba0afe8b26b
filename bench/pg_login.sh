#!/usr/bin/env bash
# Sign-ins per second on this machine: SQLite (one process), PostgreSQL with one `serve`
# process, PostgreSQL with two, in one run, plus the raw Argon2id verification rate that bounds
# them all. Rounds are interleaved (sqlite, pg×1, pg×2, sqlite, …) and medians reported, so a
# background burst on the machine hurts every configuration alike.
#
#   bench/pg_login.sh [BUILD_DIR]            (default: build)
#   ROUNDS=5 DURATION=15 CONNECTIONS=8 MEMBERS=300 bench/pg_login.sh build
#   WRITE=0 …                                 print only, do not touch BENCHMARKS.md
#
# Needs: wrk, Debian postgresql-15 (a throwaway cluster is made by tests/pg/pg_cluster.sh and
# removed at the end), a C compiler and libsodium-dev (for the Argon2id baseline).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
[[ $build = /* ]] || build=$here/$build
bin=$build/moncompte
rounds=${ROUNDS:-3}
duration=${DURATION:-10}
connections=${CONNECTIONS:-8}
members=${MEMBERS:-200}
write=${WRITE:-1}

die() { echo "pg_login.sh: $*" >&2; exit 1; }
[[ -x $bin ]] || die "no $bin (build it: ninja -C $build moncompte)"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v psql >/dev/null || die "psql not found (apt-get install postgresql-client-15)"

work=$(mktemp -d /tmp/mc-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  "$here/tests/pg/pg_cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# --- Argon2id baseline: the same libsodium call and parameters as the service ----------------
cat >"$work/argon2_verify.c" <<'EOF'
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static char hash[crypto_pwhash_STRBYTES];
static volatile int stop;
static long counts[256];
static const char pw[] = "Demo-00-Motdepasse!";

static void *work(void *arg) {
  long i = (long)arg;
  while (!stop) {
    if (crypto_pwhash_str_verify(hash, pw, sizeof pw - 1) != 0) abort();
    counts[i]++;
  }
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  double seconds = argc > 2 ? atof(argv[2]) : 5;
  unsigned long long t_cost = argc > 3 ? strtoull(argv[3], NULL, 10) : 2;
  size_t m_kib = argc > 4 ? strtoull(argv[4], NULL, 10) : 19456;
  if (sodium_init() < 0 || threads < 1 || threads > 256) return 1;
  if (crypto_pwhash_str_alg(hash, pw, sizeof pw - 1, t_cost, m_kib * 1024, crypto_pwhash_ALG_ARGON2ID13) != 0) return 1;
  pthread_t t[256];
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < threads; i++) pthread_create(&t[i], NULL, work, (void *)i);
  usleep((useconds_t)(seconds * 1e6));
  stop = 1;
  for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  long total = 0;
  for (int i = 0; i < threads; i++) total += counts[i];
  printf("%.1f\n", total / ((b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9));
  return 0;
}
EOF
cc -O2 -o "$work/argon2_verify" "$work/argon2_verify.c" $(pkg-config --cflags --libs libsodium) -lpthread \
  || die "cannot build the Argon2id baseline (apt-get install libsodium-dev)"

cores=$(nproc)
log "Argon2id baseline (t=2, m=19456 KiB), 1 thread and $cores threads"
argon_1=$("$work/argon2_verify" 1 5)
argon_n=$("$work/argon2_verify" "$cores" 5)

# --- Data: the project's own demo generator, imported into SQLite and PostgreSQL ------------
log "demo data: $members members"
"$bin" demo --out "$work/demo" --members "$members" >/dev/null
pg_url=$("$here/tests/pg/pg_cluster.sh" start "$work/pg")
sqlite_url="sqlite:$work/bench.sqlite"
for db in "$sqlite_url" "$pg_url"; do
  "$bin" import --db "$db" --register "$work/demo/register.csv" --organismes "$work/demo/organismes.csv" \
    --accounts "$work/demo/accounts.csv" >/dev/null
done

# wrk script: correct passwords of the active accounts of organismes served here (members of
# the others are answered "other_space" after the password check), round robin; counts 200s only.
{
  echo "local accounts = {"
  python3 - "$work/demo" <<'PY'
import csv, sys
d = sys.argv[1]
ours = {o["code"] for o in csv.DictReader(open(f"{d}/organismes.csv")) if o["online_space"] == "compte ameli"}
org = {r["nir"]: r["organisme"] for r in csv.DictReader(open(f"{d}/register.csv"))}
for a in csv.DictReader(open(f"{d}/accounts.csv")):
    if a["state"] == "active" and org.get(a["nir"]) in ours:
        print(f'  {{"{a["nir"]}", "{a["password"]}"}},')
PY
  cat <<'EOF'
}
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
-- Globals, not locals: thread:get() in done() reads a thread's globals.
n, ok, other = 0, 0, 0
function init(args)
  n = id * 7919
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  n = n + 1
  local a = accounts[(n % #accounts) + 1]
  return wrk.format(nil, "/api/v1/login", nil, '{"nir":"' .. a[1] .. '","password":"' .. a[2] .. '"}')
end
function response(status, headers, body)
  if status == 200 then ok = ok + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local o, x = 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok")
    x = x + t:get("other")
  end
  io.write(string.format("RESULT %d %d %.3f %.1f\n", o, x, summary.duration / 1e6, latency:percentile(99) / 1000))
end
EOF
} >"$work/login.lua"

# Starts `serve` in the background and sets $port to its port (not in a subshell, so that the
# process is recorded for the cleanup). Sign-ins are admitted up to the wrk connections, so the
# comparison is about throughput, not about how many are turned away as busy.
serve() {
  local db=$1 name=$2
  "$bin" serve --listen 127.0.0.1:0 --db "$db" --set log.format=json \
    --set "password.hashing_queue=$connections" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    if grep -q '"event":"listening"' "$work/$name.log" 2>/dev/null; then
      port=$(grep '"event":"listening"' "$work/$name.log" | grep -o '"port":[0-9]*' | head -1 | cut -d: -f2)
      return
    fi
    sleep 0.1
  done
  die "serve did not start: $(cat "$work/$name.log")"
}

log "starting servers"
serve "$sqlite_url" sqlite && port_sqlite=$port
serve "$pg_url" pg1 && port_pg1=$port
serve "$pg_url" pg2a && port_pg2a=$port
serve "$pg_url" pg2b && port_pg2b=$port

pg_counters() {
  psql "$pg_url" -X -q -t -A -F' ' -c \
    "SELECT xact_commit, tup_inserted + tup_updated + tup_deleted, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint
     FROM pg_stat_database WHERE datname = current_database()"
}

# wrk against one or several ports at once, connections split between them; prints
# "signins_per_s other_per_s p99_ms".
run_wrk() {
  local secs=$1
  shift
  local per=$((connections / $#))
  ((per >= 1)) || per=1
  local outs=() waits=()
  for port in "$@"; do
    local out="$work/wrk.$port.$RANDOM"
    wrk -t1 -c"$per" -d"${secs}s" --latency -s "$work/login.lua" "http://127.0.0.1:$port" >"$out" 2>&1 &
    waits+=($!)
    outs+=("$out")
  done
  wait "${waits[@]}"
  awk '/^RESULT/ { ok += $2; other += $3; if ($4 > secs) secs = $4; if ($5 > p99) p99 = $5 }
       END { printf "%.1f %.1f %.0f\n", ok / secs, other / secs, p99 }' "${outs[@]}"
}

log "warm-up"
run_wrk 2 "$port_sqlite" >/dev/null
run_wrk 2 "$port_pg1" >/dev/null
run_wrk 2 "$port_pg2a" "$port_pg2b" >/dev/null

declare -A results
declare -A writes
for r in $(seq 1 "$rounds"); do
  for cfg in sqlite pg1 pg2; do
    before=""
    [[ $cfg != sqlite ]] && before=$(pg_counters)
    case $cfg in
      sqlite) line=$(run_wrk "$duration" "$port_sqlite") ;;
      pg1) line=$(run_wrk "$duration" "$port_pg1") ;;
      pg2) line=$(run_wrk "$duration" "$port_pg2a" "$port_pg2b") ;;
    esac
    if [[ -n $before ]]; then
      after=$(pg_counters)
      signins=$(awk -v l="$line" -v d="$duration" 'BEGIN { split(l, a, " "); print a[1] * d }')
      writes[$cfg]+="$(awk -v b="$before" -v a="$after" -v s="$signins" \
        'BEGIN { split(b, x, " "); split(a, y, " "); if (s > 0) printf "%.1f/%.1f/%.0f", (y[1]-x[1])/s, (y[2]-x[2])/s, (y[3]-x[3])/s; else print "-" }') "
    fi
    results[$cfg]+="$line;"
    log "round $r $cfg: $line"
  done
done

median() {  # median of the first field of "a b c;a b c;…", with the p99 of that run
  tr ';' '\n' <<<"$1" | sed '/^$/d' | sort -n -k1,1 | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'
}

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
pgver=$(psql "$pg_url" -X -t -A -c 'SHOW server_version')
read -r s_ok s_other s_p99 <<<"$(median "${results[sqlite]}")"
read -r p1_ok p1_other p1_p99 <<<"$(median "${results[pg1]}")"
read -r p2_ok p2_other p2_p99 <<<"$(median "${results[pg2]}")"
w1=$(tr ' ' '\n' <<<"${writes[pg1]}" | sed '/^$/d' | sort | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }')
w2=$(tr ' ' '\n' <<<"${writes[pg2]}" | sed '/^$/d' | sort | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }')

section=$(cat <<EOF
## PostgreSQL

Sign-ins per second (correct passwords, \`POST /api/v1/login\`, Argon2id t=2 m=19456 KiB) on this
machine, SQLite and PostgreSQL ${pgver} measured in one run, ${rounds} interleaved rounds of ${duration} s,
medians. wrk on loopback with ${connections} connections in all (split between the processes),
each process admitting as many sign-ins as there are connections. The database cluster is a
throwaway one on the same machine (default settings, \`fsync\` and \`synchronous_commit\` on).

Machine: ${cores} cores (${cpu}), $(date -u +%Y-%m-%d).

| configuration | sign-ins/s | p99 latency (ms) | other answers/s | per sign-in: commits / rows written / WAL bytes |
|---|---:|---:|---:|---|
| raw Argon2id verifications, 1 thread | ${argon_1} | | | |
| raw Argon2id verifications, ${cores} threads | ${argon_n} | | | |
| SQLite, 1 process | ${s_ok} | ${s_p99} | ${s_other} | |
| PostgreSQL, 1 process | ${p1_ok} | ${p1_p99} | ${p1_other} | ${w1} |
| PostgreSQL, 2 processes | ${p2_ok} | ${p2_p99} | ${p2_other} | ${w2} |

Reading: every configuration is bounded by the Argon2id verifications the cores can do; the
storage adds little, and a second process on the same cores cannot add throughput (it shares
them). What a second process buys is availability, and capacity once it runs on its own cores:
see docs/deployment.md for the sizing.

Command:

\`\`\`
ROUNDS=${rounds} DURATION=${duration} CONNECTIONS=${connections} MEMBERS=${members} bench/pg_login.sh $(realpath --relative-to="$here" "$build" 2>/dev/null || echo "$build")
\`\`\`
EOF
)

echo "$section"

if [[ $write == 1 ]]; then
  python3 - "$here/BENCHMARKS.md" "$section" <<'EOF'
import re, sys
path, section = sys.argv[1], sys.argv[2].rstrip() + "\n"
try:
    text = open(path, encoding="utf-8").read()
except FileNotFoundError:
    text = "# Benchmarks\n\nMeasured on the development machine; each section names the exact command.\n"
# Replace only our section: from "## PostgreSQL" to the next "## " heading (or the end).
pattern = re.compile(r"^## PostgreSQL\n.*?(?=^## |\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda m: section + "\n", text, count=1)
else:
    text = text.rstrip() + "\n\n" + section
open(path, "w", encoding="utf-8").write(text.rstrip() + "\n")
EOF
  log "BENCHMARKS.md: section \"PostgreSQL\" written"
fi
