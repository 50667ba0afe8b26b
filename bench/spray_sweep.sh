#!/usr/bin/env bash
# Bounded growth (issue 15): what a spray over N distinct unknown NIRs leaves after the sweep.
#   bench/spray_sweep.sh BIN N WORKDIR [PG_URL]
# The spray's rows are written straight into the database (one shadow counter per NIR with one
# failure, 40 days ago, as Store::reserve_attempt leaves it; plus 1,000 recent counters and 100
# permanent locks that must stay; and the attempt log the spray writes: one row per NIR, 40 days
# ago, 1,000 recent ones, and 100 old attempts on members of the register that must stay)
# rather than over HTTP: 10 million sign-ins would take hours of
# Argon2id. Then `moncompte serve` starts, its maintenance sweep runs at once, and the script
# waits for its `rows_purged` log line and counts what is left.
set -euo pipefail
bin=$(realpath "$1"); n=$2; work=$3; pg=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../tests/integration/fixtures
mkdir -p "$work"
old=$(( ($(date +%s) - 40 * 86400) * 1000 )); recent=$(( ($(date +%s) - 3600) * 1000 ))
spray_sql="INSERT INTO lockouts (nir13, failures, locked_until, permanently_locked, last_failure_at)
  SELECT lpad((3000000000000 + i)::text, 13, '0'), 1, NULL, false, $old FROM generate_series(0, $n - 1) i;
  INSERT INTO lockouts (nir13, failures, locked_until, permanently_locked, last_failure_at)
  SELECT (3900000000000 + i)::text, 1, NULL, false, $recent FROM generate_series(0, 999) i;
  INSERT INTO lockouts (nir13, failures, locked_until, permanently_locked, last_failure_at)
  SELECT (3950000000000 + i)::text, 6, NULL, true, $old FROM generate_series(0, 99) i;
  INSERT INTO login_attempts (nir13, at, outcome, client_ip)
  SELECT lpad((3000000000000 + i)::text, 13, '0'), $old, 'wrong_password', '192.0.2.1' FROM generate_series(0, $n - 1) i;
  INSERT INTO login_attempts (nir13, at, outcome, client_ip)
  SELECT (3900000000000 + i)::text, $recent, 'wrong_password', '192.0.2.1' FROM generate_series(0, 999) i;
  INSERT INTO login_attempts (nir13, at, outcome, client_ip)
  SELECT (SELECT min(nir13) FROM register_entries), $old, 'wrong_password', '192.0.2.1' FROM generate_series(0, 99) i;"

sweep() {  # sweep DB_URL LABEL COUNT_CMD...
  local url=$1 label=$2; shift 2
  local port=$((20000 + RANDOM % 40000)) t0 t1
  echo "$label: $("$@") (before the sweep)"
  t0=$(date +%s.%N)
  "$bin" serve --listen "127.0.0.1:$port" --db "$url" --set attestation.keys_dir="$work/keys" >"$work/serve.log" 2>&1 &
  local pid=$!
  until grep -q '"rows_purged"\|rows_purged' "$work/serve.log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
    sleep 1
  done
  t1=$(date +%s.%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  grep rows_purged "$work/serve.log" | head -1
  echo "$label: $("$@") (after the sweep, $(python3 -c "print(f'{$t1-$t0:.0f}')") s from start to rows_purged)"
}

# SQLite (skipped with SKIP_SQLITE=1)
if [ -z "${SKIP_SQLITE:-}" ]; then rm -f "$work"/spray.sqlite*
"$bin" import --db "sqlite:$work/spray.sqlite" --register "$fixtures/register.csv" --organismes "$fixtures/organismes.csv" >/dev/null
sqlite3 "$work/spray.sqlite" "WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < $n - 1)
  INSERT INTO lockouts (nir13, failures, locked_until, permanently_locked, last_failure_at)
  SELECT printf('%013d', 3000000000000 + i), 1, NULL, 0, $old FROM c;
  WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 999)
  INSERT INTO lockouts (nir13, failures, locked_until, permanently_locked, last_failure_at)
  SELECT 3900000000000 + i, 1, NULL, 0, $recent FROM c;
  WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 99)
  INSERT INTO lockouts (nir13, failures, locked_until, permanently_locked, last_failure_at)
  SELECT 3950000000000 + i, 6, NULL, 1, $old FROM c;
  WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < $n - 1)
  INSERT INTO login_attempts (nir13, at, outcome, client_ip)
  SELECT printf('%013d', 3000000000000 + i), $old, 'wrong_password', '192.0.2.1' FROM c;
  WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 999)
  INSERT INTO login_attempts (nir13, at, outcome, client_ip)
  SELECT CAST(3900000000000 + i AS TEXT), $recent, 'wrong_password', '192.0.2.1' FROM c;
  WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 99)
  INSERT INTO login_attempts (nir13, at, outcome, client_ip)
  SELECT (SELECT min(nir13) FROM register_entries), $old, 'wrong_password', '192.0.2.1' FROM c;"
sweep "sqlite:$work/spray.sqlite" SQLite sqlite3 -separator ' lockouts rows, ' "$work/spray.sqlite" \
  "SELECT (SELECT count(*) FROM lockouts), (SELECT count(*) FROM login_attempts) || ' login_attempts rows'"
echo "SQLite file after the sweep: $(du -h "$work/spray.sqlite" | cut -f1) (free pages are reused; VACUUM to shrink)"
rm -f "$work"/spray.sqlite*
fi

# PostgreSQL
[ -n "$pg" ] || exit 0
db=mcspray$$
psql -q "$pg" -c "CREATE DATABASE $db"
url=$(python3 -c "import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/'+sys.argv[2])))" "$pg" "$db")
"$bin" import --db "$url" --register "$fixtures/register.csv" --organismes "$fixtures/organismes.csv" >/dev/null
psql -q "$url" -c "$spray_sql"
sweep "$url" PostgreSQL psql -tA "$url" -c \
  "SELECT (SELECT count(*) FROM lockouts) || ' lockouts rows, ' || (SELECT count(*) FROM login_attempts) || ' login_attempts rows'"
psql -q "$pg" -c "DROP DATABASE $db"
