#!/usr/bin/env bash
# Google Benchmark in-process: sign-in use case vs raw libsodium Argon2id verification and vs one
# verification in the hasher's reused arena, same run, ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${MC_BENCH_BUILD:-build-bench}  # any Release build with -DMC_BENCH=ON
cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMC_TEST_STAGES=OFF -DMC_BENCH=ON >/dev/null
cmake --build $build --target login_bench >/dev/null
$build/bench/login_bench --benchmark_repetitions="${1:-5}" --benchmark_report_aggregates_only=true \
  --benchmark_out=/tmp/login_bench.json --benchmark_out_format=json
python3 - <<'PY'
import json
d = json.load(open("/tmp/login_bench.json"))
med = {b["run_name"]: b for b in d["benchmarks"] if b.get("aggregate_name") == "median"}
raw = med["BM_RawArgon2idVerify/process_time/real_time"]
arena = med["BM_ArenaArgon2idVerify/process_time/real_time"]
for name in ("BM_ArenaArgon2idVerify/process_time/real_time", "BM_SignIn/process_time/real_time",
             "BM_UnknownNir/process_time/real_time"):
    b = med[name]
    print("%s: %.1f/s = %.3f × raw libsodium verifications/s (%.3f × arena); CPU %.2f ms = %.3f × raw CPU (%.3f × arena)" % (
        name.split("/")[0], b["items_per_second"], b["items_per_second"] / raw["items_per_second"],
        b["items_per_second"] / arena["items_per_second"], b["cpu_time"], b["cpu_time"] / raw["cpu_time"],
        b["cpu_time"] / arena["cpu_time"]))
PY
