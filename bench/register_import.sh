#!/usr/bin/env bash
# The register import against each database's own bulk loader, same file, same run (issue 15).
#   bench/register_import.sh BIN ROWS WORKDIR [PG_URL]
# BIN: a Release moncompte. Writes WORKDIR/reg-ROWS/register.csv (bench/register_gen.py) once.
# SQLite: `moncompte import` into an empty file vs `sqlite3 .import` + CREATE UNIQUE INDEX.
# PostgreSQL (PG_URL given, a database the user may CREATE DATABASE in): `moncompte import` into a
# fresh database vs `psql \copy` + CREATE UNIQUE INDEX. Then the sync of a newer extract (1 % of
# the addresses and 0.5 % of the e-mails changed) and a re-import of the same file (0 changes).
# Prints rows/s, the ratio to the loader, and the max RSS and CPU time (user+sys: the client's
# own, not the database server's) of each import (/usr/bin/time -v).
# SKIP_SQLITE=1: PostgreSQL only. SKIP_SYNC=1 (PostgreSQL): the first load only, no sync steps.
# RUNS=N (PostgreSQL, default 3): N first loads, each beside its own loader run; prints the median ratio.
# ACCOUNTS=K: also a first load with an accounts file of K accounts (bench/accounts_gen.py, every
# (ROWS/K)-th member), beside the one without, into fresh databases (PostgreSQL: the last run);
# prints both max RSS. Argon2id at ACCOUNTS_ARGON2 (default "t=1 m=64": 64 KiB, one pass, so
# that hashing K passwords does not take hours; the memory each hashing thread holds is m).
set -euo pipefail
bin=$(realpath "$1"); rows=$2; work=$3; pg=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
data=$work/reg-$rows
[ -f "$data/register.csv" ] || python3 "$here/register_gen.py" "$rows" "$data"
[ -f "$data/next/register.csv" ] || python3 "$here/register_gen.py" "$rows" "$data/next" --shift 100
reg=$data/register.csv org=$data/organismes.csv
accounts=${ACCOUNTS:-}
if [ -n "$accounts" ]; then
  acc=$data/accounts-$accounts.csv
  [ -f "$acc" ] || python3 "$here/accounts_gen.py" "$rows" "$accounts" "$acc"
  read -r t_cost m_cost <<<"$(echo "${ACCOUNTS_ARGON2:-t=1 m=64}" | sed 's/t=//; s/m=//')"
  argon=(--set "password.argon2_t_cost=$t_cost" --set "password.argon2_m_cost_kib=$m_cost")
fi
echo "rows=$rows file=$(du -h "$reg" | cut -f1) cores=$(nproc) load=$(cut -d' ' -f1 /proc/loadavg)"

secs() { python3 -c "import sys; print(f'{float(sys.argv[1]):.2f}')" "$1"; }
# timed LABEL CMD...: runs CMD under /usr/bin/time -v; sets $wall (s) and $rss (MiB); echoes stdout.
timed() {
  local label=$1; shift
  local t0; t0=$(date +%s.%N)
  /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt" || { cat "$work/err.txt"; exit 1; }
  wall=$(python3 -c "import sys,time; print(time.time()-float(sys.argv[1]))" "$t0")
  rss=$(( $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt") / 1024 ))
  cpu=$(python3 -c "import re,sys; t=open(sys.argv[1]).read(); print(sum(float(re.search(k + r' time \(seconds\): ([\d.]+)', t)[1]) for k in ('User', 'System')))" "$work/time.txt")
  printf '%-44s %8.2f s %10.0f rows/s  max RSS %5d MiB  client CPU %6.2f s\n' "$label" "$wall" "$(python3 -c "print($rows/$wall)")" "$rss" "$cpu"
  sed 's/^/    /' "$work/out.txt" | grep -v '^    $' || true
}
ratio() { python3 -c "import sys; a,b=map(float,sys.argv[1:]); print(f'    ratio moncompte/loader (rows/s) = {a/b:.2f}')" "$1" "$2"; }

# --- SQLite
if [ -z "${SKIP_SQLITE:-}" ]; then
rm -f "$work"/mc.sqlite* "$work"/base.sqlite
timed "sqlite3 .import + unique index" sqlite3 "$work/base.sqlite" \
  -cmd ".mode csv" -cmd ".import $reg reg" "CREATE UNIQUE INDEX reg_nir ON reg(nir);"
base=$wall
timed "moncompte import (SQLite, empty)" "$bin" import --db "sqlite:$work/mc.sqlite" --register "$reg" --organismes "$org"
ratio "$base" "$wall"
if [ -n "$accounts" ]; then
  rss_without=$rss
  timed "moncompte import (SQLite, empty, $accounts accounts)" "$bin" import --db "sqlite:$work/mc-acc.sqlite" \
    --register "$reg" --organismes "$org" --accounts "$acc" "${argon[@]}"
  echo "    max RSS without accounts $rss_without MiB, with $accounts accounts $rss MiB (Argon2id ${ACCOUNTS_ARGON2:-t=1 m=64})"
  rm -f "$work"/mc-acc.sqlite*
fi
timed "moncompte import (SQLite, sync newer extract)" "$bin" import --db "sqlite:$work/mc.sqlite" --register "$data/next/register.csv" --organismes "$org"
timed "moncompte import (SQLite, same file again)" "$bin" import --db "sqlite:$work/mc.sqlite" --register "$data/next/register.csv" --organismes "$org"
echo "    SQLite file: $(( $(stat -c %s "$work/mc.sqlite") / rows )) bytes per member (register, indexes, empty service tables)"
rm -f "$work"/mc.sqlite* "$work"/base.sqlite
fi

# --- PostgreSQL
# RUNS (default 3) pairs, each into fresh databases: the loader, then the import, seconds apart;
# the median of the ratios is printed last (the target is on it, not on one run).
[ -n "$pg" ] || exit 0
runs=${RUNS:-3}
url_of() { python3 -c "import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/'+sys.argv[2])))" "$pg" "$1"; }
cols=$(head -1 "$reg" | sed 's/,/ text, /g; s/$/ text/')
ratios=()
head -1 "$reg" >"$work/header-only.csv"
for run in $(seq 1 "$runs"); do
db=mcbench$$_$run
psql -q "$pg" -c "CREATE DATABASE $db" -c "CREATE DATABASE ${db}_base"
dburl=$(url_of "$db"); baseurl=$(url_of "${db}_base")
psql -q "$baseurl" -c "CREATE TABLE reg ($cols)"
# Both sides load into an existing empty table: the loader's CREATE TABLE is not timed, nor is
# the import's schema (the migrations and the organismes, applied by an import of a register
# with no rows). The register is still empty: the timed import is a first load.
"$bin" import --db "$dburl" --register "$work/header-only.csv" --organismes "$org" >/dev/null
echo "run $run/$runs (load $(cut -d' ' -f1 /proc/loadavg))"
timed "psql \\copy + unique index" psql -q "$baseurl" -c "\\copy reg FROM '$reg' CSV HEADER" -c "CREATE UNIQUE INDEX reg_nir ON reg(nir)"
base=$wall
timed "moncompte import (PostgreSQL, empty)" "$bin" import --db "$dburl" --register "$reg" --organismes "$org"
ratio "$base" "$wall"
ratios+=("$(python3 -c "import sys; print(float(sys.argv[1])/float(sys.argv[2]))" "$base" "$wall")")
if [ "$run" = "$runs" ] && [ -n "$accounts" ]; then
  rss_without=$rss
  psql -q "$pg" -c "CREATE DATABASE ${db}_acc"
  accurl=$(url_of "${db}_acc")
  "$bin" import --db "$accurl" --register "$work/header-only.csv" --organismes "$org" >/dev/null
  timed "moncompte import (PostgreSQL, empty, $accounts accounts)" "$bin" import --db "$accurl" \
    --register "$reg" --organismes "$org" --accounts "$acc" "${argon[@]}"
  echo "    max RSS without accounts $rss_without MiB, with $accounts accounts $rss MiB (Argon2id ${ACCOUNTS_ARGON2:-t=1 m=64})"
  psql -q "$pg" -c "DROP DATABASE ${db}_acc"
fi
if [ "$run" = "$runs" ] && [ -z "${SKIP_SYNC:-}" ]; then
timed "moncompte import (PostgreSQL, sync newer extract)" "$bin" import --db "$dburl" --register "$data/next/register.csv" --organismes "$org" --batch-rows 50000
timed "moncompte import (PostgreSQL, same file again)" "$bin" import --db "$dburl" --register "$data/next/register.csv" --organismes "$org" --batch-rows 50000
fi
[ "$run" = "$runs" ] && echo "    PostgreSQL database: $(( $(psql -tA "$dburl" -c "SELECT pg_database_size(current_database())") / rows )) bytes per member"
psql -q "$pg" -c "DROP DATABASE $db" -c "DROP DATABASE ${db}_base"
done
python3 -c "import statistics,sys; r=sorted(map(float,sys.argv[1:])); print('PostgreSQL first load, ratio moncompte/loader over %d runs: %s; median %.2f' % (len(r), ' '.join('%.2f' % x for x in r), statistics.median(r)))" "${ratios[@]}"
