#!/usr/bin/env bash
# Sign-ins over HTTP (wrk on loopback) against the raw Argon2id ceilings measured on the same cores
# in the same run — libsodium (fresh memory per call, the naive ceiling) and the service's own
# hasher alone (reused arenas); server CPU per sign-in from /proc; overload behaviour; RSS.
#   bench/login_http.sh [REPS] [SECONDS]     (defaults 5 and 10)
# Prints one line per rep and the medians; see BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${MC_BENCH_BUILD:-build-bench}  # any Release build with -DMC_BENCH=ON
reps=${1:-5}
secs=${2:-10}
scripts/deps.sh build >/dev/null
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMC_TEST_STAGES=OFF -DMC_BENCH=ON >/dev/null
cmake --build $build --target moncompte argon2_ceiling >/dev/null
bin=$build/moncompte
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
$bin demo --out "$work/demo" --members 12 >/dev/null
$bin import --db "sqlite:$work/db.sqlite" --register "$work/demo/register.csv" --organismes "$work/demo/organismes.csv" \
  --accounts "$work/demo/accounts.csv" >/dev/null
# Active demo accounts of organismes served here (not MSA, CNMSS, ENIM: they answer 403
# other_space); the password of member NN is Demo-NN-Motdepasse!, passed as NIR13 + "NN-Motdepasse!".
nirs=$(python3 - "$work/demo" <<'PY'
import csv, sys
d = sys.argv[1]
org = {r["nir"]: r["organisme"] for r in csv.DictReader(open(d + "/register.csv", encoding="utf-8"))}
out = []
for r in csv.DictReader(open(d + "/accounts.csv", encoding="utf-8")):
    if r["state"] == "active" and org[r["nir"]].startswith(("CPAM", "CGSS")):
        out.append(r["nir"][:13] + r["password"].split("-")[1] + "-Motdepasse!")
print(",".join(out))
PY
)
nir=${nirs%%,*}
cores=$(nproc)
# Arenas go back to the system after 20 s without a sign-in (60 s by default), so the end of the
# run can show the idle RSS after load without waiting long.
$bin serve --listen 127.0.0.1:0 --db "sqlite:$work/db.sqlite" --set log.level=warn \
  --set password.arena_release_idle_seconds=20 > "$work/server.log" 2>&1 &
server=$!
# The port: ask the kernel which one the server listens on.
for _ in $(seq 50); do
  port=$(ss -ltnp 2>/dev/null | awk -v pid="pid=$server," '$0 ~ pid {split($4,a,":"); print a[length(a)]}' | head -1)
  [ -n "$port" ] && break; sleep 0.1
done
url="http://127.0.0.1:$port/api/v1/login"
rss_kib() { awk '/VmRSS/ {print $2}' /proc/$server/status; }
cpu_ticks() { awk '{print $14 + $15}' /proc/$server/stat; }
hz=$(getconf CLK_TCK)
idle_rss=$(rss_kib)
echo "server pid $server on port $port, $cores cores; idle RSS ${idle_rss} KiB"
MC_BENCH_NIRS=$nirs wrk -t1 -c$((cores * 2)) -d3s -s bench/login.lua "$url" >/dev/null  # warm-up

results=()
max_rss=$idle_rss
for rep in $(seq "$reps"); do
  read -r _ ceil _ ceil_cpu < <($build/bench/argon2_ceiling "$cores" $((cores * 40)) libsodium)
  read -r _ arena _ arena_cpu < <($build/bench/argon2_ceiling "$cores" $((cores * 60)) arena)
  c0=$(cpu_ticks)
  # As many clients as the service admits (hashing threads + queue): the hashing threads never
  # wait for a request to arrive, and nothing is refused busy.
  out=$(MC_BENCH_NIRS=$nirs wrk -t1 -c$((cores * 2)) -d"${secs}s" --latency -s bench/login.lua "$url")
  c1=$(cpu_ticks)
  rss=$(rss_kib); [ "$rss" -gt "$max_rss" ] && max_rss=$rss
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out"); non2xx=${non2xx:-0}
  cpu_ms=$(awk -v c0="$c0" -v c1="$c1" -v hz="$hz" -v n="$total" 'BEGIN {printf "%.2f", (c1-c0)*1000/hz/n}')
  ratio=$(awk -v a="$rps" -v b="$ceil" 'BEGIN {printf "%.3f", a/b}')
  cpu_ratio=$(awk -v a="$cpu_ms" -v b="$ceil_cpu" 'BEGIN {printf "%.3f", a/b}')
  arena_ratio=$(awk -v a="$rps" -v b="$arena" 'BEGIN {printf "%.3f", a/b}')
  arena_cpu_ratio=$(awk -v a="$cpu_ms" -v b="$arena_cpu" 'BEGIN {printf "%.3f", a/b}')
  echo "rep $rep: sign-ins/s $rps  libsodium/s $ceil  ratio $ratio  arena/s $arena  ratio $arena_ratio" \
    "| server CPU ms/sign-in $cpu_ms  libsodium CPU ms/verify $ceil_cpu  ratio $cpu_ratio  arena CPU ms/verify $arena_cpu  ratio $arena_cpu_ratio" \
    "| p99 $p99  non-2xx $non2xx"
  results+=("$ratio $cpu_ratio $arena_ratio $arena_cpu_ratio")
done
median() { printf '%s\n' "${results[@]}" | sort -n -k"$1" | awk -v k="$1" '{r[NR]=$k} END {print r[int((NR+1)/2)]}'; }
echo "median sign-ins/s ÷ raw libsodium verifications/s: $(median 1)"
echo "median server CPU per sign-in ÷ CPU per raw libsodium verification: $(median 2)"
echo "median sign-ins/s ÷ raw arena verifications/s: $(median 3)"
echo "median server CPU per sign-in ÷ CPU per raw arena verification: $(median 4)"

# Overload: unloaded (as many clients as hashing threads) then 4× that.
unloaded=$(node bench/overload.mjs "$url" "$nirs" $((cores * 2)) "$secs")
overload=$(node bench/overload.mjs "$url" "$nirs" $((cores * 8)) "$secs")
rss=$(rss_kib); [ "$rss" -gt "$max_rss" ] && max_rss=$rss
echo "unloaded ($((cores * 2)) clients = admission limit): $unloaded"
echo "4x overload ($((cores * 8)) clients): $overload"
python3 - "$unloaded" "$overload" <<'PY'
import json, sys
u, o = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print("admitted p99 under 4x overload / unloaded p99: %.2f" % (o["200"]["p99_ms"] / u["200"]["p99_ms"]))
print("answered 503 busy: %d, admitted: %d, socket errors/timeouts: %d" % (o.get("503", {}).get("count", 0), o["200"]["count"], o["errors"]))
PY
arena_mib=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^moncompte_argon2_arena_bytes/ {printf "%.0f", $2/1048576}')
echo "RSS: idle ${idle_rss} KiB, max under load ${max_rss} KiB; arenas mapped ${arena_mib} MiB (one per hashing thread, 19456 KiB rounded up to 2 MiB pages)"
sleep 31
echo "RSS after 31 s without sign-ins: $(rss_kib) KiB"
