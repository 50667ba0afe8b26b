#!/usr/bin/env bash
# Installs what is missing, builds once (g++, AddressSanitizer + UndefinedBehaviorSanitizer) and
# runs every test through ctest: unit, storage contract (SQLite and PostgreSQL), HTTP
# integration, FranceConnect against a real OpenID provider, e-mail through a real SMTP server,
# browser journeys; then each libFuzzer target for a bounded time (clang build).
#   MC_FUZZ_SECONDS=N   seconds per fuzz target (default 20; 0 skips fuzzing)
#   MC_TEST_JOBS=N      parallel ctest jobs (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/deps.sh test

# Node test tooling (oidc-provider, playwright-core, axe-core…), from the lock files.
while IFS= read -r lock; do
  dir=$(dirname "$lock")
  echo "npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
done < <(find tests -name package-lock.json -not -path '*/node_modules/*' | sort)

# ccache (installed by deps.sh) shares objects between clones in different folders.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-10G}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMC_SANITIZE=ON -DMC_WERROR=ON -DMC_BENCH=OFF >/dev/null
cmake --build build-test
status=0
ctest --test-dir build-test --output-on-failure -j "${MC_TEST_JOBS:-2}" --timeout 900 || status=$?

fuzz_seconds=${MC_FUZZ_SECONDS:-20}
if [ "$fuzz_seconds" != 0 ]; then
  CC=clang-16 CXX=clang++-16 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMC_FUZZ=ON \
    -DMC_BENCH=OFF >/dev/null
  targets=$(cmake --build build-fuzz --target help | sed -n 's/^\(fuzz_[a-z0-9_]*\):.*/\1/p' | sort -u)
  cmake --build build-fuzz --target $targets
  fuzz_pass=0 fuzz_fail=0
  for t in $targets; do
    corpus="$root/build-fuzz/corpus/$t"
    mkdir -p "$corpus"
    seeds="$root/tests/fuzz/seeds/${t#fuzz_}"
    [ -d "$seeds" ] || seeds=""
    echo "fuzzing $t for ${fuzz_seconds}s"
    if (cd build-fuzz && "./tests/fuzz/$t" -max_total_time="$fuzz_seconds" -max_len=65536 -rss_limit_mb=2048 \
          -print_final_stats=0 "$corpus" $seeds >"$root/build-fuzz/$t.log" 2>&1); then
      fuzz_pass=$((fuzz_pass + 1))
    else
      fuzz_fail=$((fuzz_fail + 1)); status=1
      echo "FAILED: $t (see build-fuzz/$t.log)"; tail -40 "$root/build-fuzz/$t.log"
    fi
  done
  echo "fuzz: $fuzz_pass passed, $fuzz_fail failed"
fi
exit $status
