#!/usr/bin/env bash
# Installs what is missing, builds once (g++, AddressSanitizer + UndefinedBehaviorSanitizer) and
# runs every test through ctest: unit, storage contract (SQLite and PostgreSQL), HTTP
# integration, FranceConnect against a real OpenID provider, e-mail through a real SMTP server,
# browser journeys; then each libFuzzer target for a bounded time (clang build).
#   MC_FUZZ_SECONDS=N   seconds per fuzz target (default 20; 0 skips fuzzing)
#   MC_TEST_JOBS=N      parallel ctest jobs (default 2)
# A test stage whose tool is missing (node, npm packages, chromium, PostgreSQL, …) fails the
# configure instead of vanishing from the results. The last line is the summary of ctest and
# fuzzing, `N passed, N failed, N skipped`; the exit status is 0 only when nothing failed.
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

passed=0 failed=0 skipped=0
summary() {
  echo "$passed passed, $failed failed, $skipped skipped"
}

# The configure output is shown: a stage that cannot be registered stops it here, by name.
if ! cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMC_SANITIZE=ON -DMC_WERROR=ON \
     -DMC_BENCH=OFF -DMC_ALLOW_MISSING_TEST_TOOLS=OFF; then
  echo "test.sh: the configure failed (see above); no test was run"
  failed=1; summary; exit 1
fi
if ! cmake --build build-test; then
  echo "test.sh: the build failed; no test was run"
  failed=1; summary; exit 1
fi

junit=$root/build-test/test-results.xml
rm -f "$junit"
ctest --test-dir build-test --output-on-failure -j "${MC_TEST_JOBS:-2}" --timeout 900 --output-junit "$junit" || true

# Count ctest's results from its JUnit file (tests/tools/ctest_summary.py says how).
c_pass=0 c_fail=1 c_skip=0 c_pg_skip=0
if [ -f "$junit" ] && counts=$(python3 tests/tools/ctest_summary.py "$junit"); then
  read -r c_pass c_fail c_skip c_pg_skip <<<"$counts"
else
  echo "test.sh: no readable ctest results ($junit): counted as one failure"
fi
passed=$((passed + c_pass)) failed=$((failed + c_fail)) skipped=$((skipped + c_skip))
echo "ctest: $c_pass passed, $c_fail failed, $c_skip skipped"
if [ "$c_pg_skip" -gt 0 ]; then
  echo "  $c_pg_skip of the skipped are the PostgreSQL instances of the storage contract (*/postgres) in the"
  echo "  unit stage: they have no server there (MC_TEST_PG_URL is unset) and skip; the same tests run"
  echo "  against a throwaway PostgreSQL 15 cluster in the postgres stage (pg_store_contract)."
fi

# The Debian package (scripts/package_test.sh): its own Release build of the moncompte target;
# installed and purged again when MC_PACKAGE_INSTALL=1 (.ci/run, on the clean runner).
if scripts/package_test.sh build-pkg; then
  passed=$((passed + 1)); echo "package: passed"
else
  failed=$((failed + 1)); echo "FAILED: package (scripts/package_test.sh)"
fi

fuzz_seconds=${MC_FUZZ_SECONDS:-20}
if [ "$fuzz_seconds" != 0 ]; then
  fuzz_pass=0 fuzz_fail=0
  mkdir -p build-fuzz
  if CC=clang-16 CXX=clang++-16 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMC_FUZZ=ON \
       -DMC_BENCH=OFF -DMC_ALLOW_MISSING_TEST_TOOLS=OFF >build-fuzz/configure.log 2>&1 \
     && targets=$(cmake --build build-fuzz --target help | sed -n 's/^\(fuzz_[a-z0-9_]*\):.*/\1/p' | sort -u) \
     && [ -n "$targets" ] && cmake --build build-fuzz --target $targets; then
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
        fuzz_fail=$((fuzz_fail + 1))
        echo "FAILED: $t (see build-fuzz/$t.log)"; tail -40 "$root/build-fuzz/$t.log"
      fi
    done
  else
    echo "test.sh: the fuzz build failed (build-fuzz/configure.log)"; tail -40 build-fuzz/configure.log
    fuzz_fail=$((fuzz_fail + 1))
  fi
  echo "fuzz: $fuzz_pass passed, $fuzz_fail failed"
  passed=$((passed + fuzz_pass)) failed=$((failed + fuzz_fail))
else
  echo "fuzz: not run (MC_FUZZ_SECONDS=0)"
fi

summary
[ "$failed" = 0 ]
