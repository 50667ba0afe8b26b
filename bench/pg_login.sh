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
#include <sys/resource.h>
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
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  double cpu = u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
  /* verifications per second (wall clock), CPU milliseconds per verification */
  printf("%.1f %.1f\n", total / ((b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9), total ? cpu * 1000 / total : 0);
  return 0;
}
EOF
cc -O2 -o "$work/argon2_verify" "$work/argon2_verify.c" $(pkg-config --cflags --libs libsodium) -lpthread \
  || die "cannot build the Argon2id baseline (apt-get install libsodium-dev)"

cores=$(nproc)

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

# CPU time (ms) used so far by processes: utime + stime from /proc/PID/stat.
hz=$(getconf CLK_TCK)
cpu_ms() {
  local total=0 p
  for p in "$@"; do
    [[ -r /proc/$p/stat ]] || continue
    total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat")))
  done
  echo $((total * 1000 / hz))
}
# The PostgreSQL server's processes: the postmaster and its children (backends, WAL writer…).
pg_pids() {
  local postmaster
  postmaster=$(head -1 "$(cat "$work/pg/root")/data/postmaster.pid")
  echo "$postmaster" $(ps -o pid= --ppid "$postmaster")
}

# One line per round and configuration in $work/res.CFG:
#   signins/s  ratio-to-ceiling  p99-ms  other/s  service-cpu-ms/signin  db-cpu-ms/signin  commits  rows  wal-bytes
for r in $(seq 1 "$rounds"); do
  read -r ceiling ceiling_cpu <<<"$("$work/argon2_verify" "$cores" 5)"
  log "round $r: raw Argon2id ceiling $ceiling verifications/s, $ceiling_cpu CPU ms each"
  echo "$ceiling $ceiling_cpu" >>"$work/res.ceiling"
  for cfg in sqlite pg1 pg2; do
    case $cfg in
      sqlite) ports=("$port_sqlite") procs=("${pids[0]}") ;;
      pg1) ports=("$port_pg1") procs=("${pids[1]}") ;;
      pg2) ports=("$port_pg2a" "$port_pg2b") procs=("${pids[2]}" "${pids[3]}") ;;
    esac
    svc0=$(cpu_ms "${procs[@]}")
    db0=0 counters0="0 0 0"
    if [[ $cfg != sqlite ]]; then db0=$(cpu_ms $(pg_pids)); counters0=$(pg_counters); fi
    line=$(run_wrk "$duration" "${ports[@]}")
    svc1=$(cpu_ms "${procs[@]}")
    db1=0 counters1="0 0 0"
    if [[ $cfg != sqlite ]]; then db1=$(cpu_ms $(pg_pids)); counters1=$(pg_counters); fi
    awk -v l="$line" -v d="$duration" -v c="$ceiling" -v s0="$svc0" -v s1="$svc1" -v d0="$db0" -v d1="$db1" \
        -v k0="$counters0" -v k1="$counters1" 'BEGIN {
      split(l, a, " "); split(k0, x, " "); split(k1, y, " ");
      n = a[1] * d; if (n < 1) n = 1;
      printf "%.1f %.2f %.0f %.1f %.1f %.2f %.1f %.1f %.0f\n", a[1], a[1] / c, a[3], a[2],
        (s1 - s0) / n, (d1 - d0) / n, (y[1] - x[1]) / n, (y[2] - x[2]) / n, (y[3] - x[3]) / n
    }' >>"$work/res.$cfg"
    log "round $r $cfg: $(tail -1 "$work/res.$cfg")"
  done
done

# Median of column $2 of file $1.
med() { awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'; }
row() {  # configuration label, file, with or without database columns
  local f=$work/res.$2
  if [[ ${3:-} == db ]]; then
    echo "| $1 | $(med "$f" 1) | $(med "$f" 2) | $(med "$f" 3) | $(med "$f" 5) | $(med "$f" 6) | $(med "$f" 7) / $(med "$f" 8) / $(med "$f" 9) |"
  else
    echo "| $1 | $(med "$f" 1) | $(med "$f" 2) | $(med "$f" 3) | $(med "$f" 5) | | |"
  fi
}
rounds_table() {
  local r
  for r in $(seq 1 "$rounds"); do
    echo "| $r | $(sed -n "${r}p" "$work/res.ceiling" | cut -d' ' -f1) | $(sed -n "${r}p" "$work/res.sqlite" | cut -d' ' -f1) | $(sed -n "${r}p" "$work/res.pg1" | cut -d' ' -f1) | $(sed -n "${r}p" "$work/res.pg2" | cut -d' ' -f1) |"
  done
}

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
pgver=$(psql "$pg_url" -X -t -A -c 'SHOW server_version' | cut -d' ' -f1)
read -r argon_1 argon_1_cpu <<<"$("$work/argon2_verify" 1 5)"

section=$(cat <<EOF
## PostgreSQL

Sign-ins per second on this machine: correct passwords on \`POST /api/v1/login\` (Argon2id t=2,
m=19456 KiB), SQLite and PostgreSQL ${pgver} measured in one run. ${rounds} rounds of ${duration} s;
each round first measures the raw Argon2id ceiling (libsodium \`crypto_pwhash_str_verify\`, same
parameters, ${cores} threads, none of our servers busy), then the three configurations in turn.
wrk on loopback, ${connections} connections in all (split between the processes); each process
admits as many sign-ins as there are connections. The PostgreSQL cluster is a throwaway one on
the same machine, default settings (\`fsync\` and \`synchronous_commit\` on); SQLite runs in WAL
mode with \`synchronous=FULL\`. Medians over the rounds.

Machine: ${cores} vCPU (${cpu}), shared with other work while it ran: the ratio to the ceiling
measured in the same round and the CPU time per sign-in are the figures that hold up under that
noise; the absolute rates move with it.

| configuration | sign-ins/s | ÷ raw ceiling, same round | p99 (ms) | CPU ms / sign-in (raw: per verification) | PostgreSQL CPU ms / sign-in | per sign-in: commits / rows written / WAL bytes |
|---|---:|---:|---:|---:|---:|---|
| raw Argon2id, ${cores} threads (ceiling) | $(med "$work/res.ceiling" 1) | 1 | | $(med "$work/res.ceiling" 2) | | |
$(row "SQLite, 1 process" sqlite)
$(row "PostgreSQL, 1 process" pg1 db)
$(row "PostgreSQL, 2 processes" pg2 db)

Raw Argon2id on 1 thread: ${argon_1} verifications/s, ${argon_1_cpu} CPU ms each.

Round by round (sign-ins/s):

| round | raw ceiling | SQLite | PostgreSQL ×1 | PostgreSQL ×2 |
|---:|---:|---:|---:|---:|
$(rounds_table)

Reading: the service CPU per sign-in is Argon2id plus what the request costs around it (HTTP,
JSON, SQL through libpq or SQLite); PostgreSQL's own CPU per sign-in is what the database server
adds. A ratio above 1 means the neighbours took less CPU during that run than during the ceiling
measurement. Two processes on the same cores share them; where they do better than one on a
busy machine, it is because more hashing threads take a larger share of the CPUs from the
neighbours, not because of the database. Capacity comes from more cores (docs/deployment.md,
"Capacity plan").

Command:

\`\`\`
ROUNDS=${rounds} DURATION=${duration} CONNECTIONS=${connections} MEMBERS=${members} bench/pg_login.sh BUILD_DIR
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
