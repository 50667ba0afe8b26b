#!/usr/bin/env bash
# A population under attack (issue 13), from distinct loopback sources against a Release build:
# a sprayer with 8 connections, twenty slow sources, a stranger who knows a member's NIR; members
# signing in from other sources meanwhile, compared with the same members unloaded in the same run.
#   bench/attack.sh [SECONDS]      (default 30 per scenario)
# Prints one JSON line per scenario; see BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${MC_BENCH_BUILD:-build-bench}  # any Release build
secs=${1:-30}
scripts/deps.sh build >/dev/null
command -v node >/dev/null || { echo "attack.sh needs node (scripts/deps.sh test installs it)" >&2; exit 1; }
cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMC_TEST_STAGES=OFF -DMC_BENCH=ON >/dev/null
cmake --build $build --target moncompte >/dev/null
bin=$build/moncompte
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
$bin demo --out "$work/demo" --members 60 >/dev/null
$bin import --db "sqlite:$work/db.sqlite" --register "$work/demo/register.csv" --organismes "$work/demo/organismes.csv" \
  --accounts "$work/demo/accounts.csv" >/dev/null
# Active members of organismes served here; the password of member NN is Demo-NN-Motdepasse!.
python3 - "$work/demo" > "$work/members.json" <<'PY'
import csv, json, sys
d = sys.argv[1]
org = {r["nir"]: r["organisme"] for r in csv.DictReader(open(d + "/register.csv", encoding="utf-8"))}
out = []
for r in csv.DictReader(open(d + "/accounts.csv", encoding="utf-8")):
    if r["state"] == "active" and org[r["nir"]].startswith(("CPAM", "CGSS")):
        out.append({"nir": r["nir"][:13], "password": "Demo-" + r["password"].split("-")[1] + "-Motdepasse!"})
json.dump(out, sys.stdout)
PY
# The defaults of SPEC §3 (20 failures per source per 10 minutes) and of the hashing pool.
$bin serve --listen 127.0.0.1:0 --db "sqlite:$work/db.sqlite" --set log.level=warn > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do
  port=$(ss -ltnp 2>/dev/null | awk -v pid="pid=$server," '$0 ~ pid {split($4,a,":"); print a[length(a)]}' | head -1)
  [ -n "$port" ] && break; sleep 0.1
done
echo "server pid $server on port $port, $(nproc) cores, $secs s per scenario"
node bench/attack.mjs "$port" "$server" "$work/members.json" "$secs"
grep -c '"attack_suspected"' "$work/server.log" | sed 's/^/attack_suspected events: /' || true
