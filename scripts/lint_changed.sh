#!/usr/bin/env bash
# clang-format and clang-tidy on what changed (run by .ci/run after scripts/test.sh's build).
#
# What "changed" means: the files that differ between BASE and the working tree (committed and
# uncommitted changes alike), BASE being
#   - $MC_LINT_BASE when set (a ref or commit; the merge-base with HEAD is used, so
#     `MC_LINT_BASE=main` on a branch checks what the branch changed), else
#   - HEAD~1: on a clean clone with full history, the last commit (for a merge commit, its first
#     parent: everything the merge brings in).
# With no such base (a shallow clone of depth 1, or a repository with a single commit) it fails
# and says so: set MC_LINT_BASE, or fetch more history.
#
# The checks, on .cpp/.hpp files under src/ and tests/ (node_modules excluded):
#   - clang-format-16 --dry-run -Werror on the changed LINES only (--lines): most files predate
#     the check and are not formatted, and reformatting a whole file someone else is editing
#     would collide with their work; every line written from now on is formatted.
#   - clang-tidy-16 -p build-test (its compile_commands.json) on each changed .cpp file, and on the
#     .cpp beside each changed .hpp (foo.hpp → foo.cpp); warnings are reported in those files and
#     in the changed headers, not in untouched headers they include. A changed file that build-test
#     does not compile (a fuzz target, a benchmark) is listed as not checked.
#     build-test's commands are g++'s; .clang-tidy's ExtraArgs adapt them for clang 16 (C++23
#     spelling, std::expected, and Boost.Asio's co_await support, which Boost 1.74 detects for
#     clang only with <experimental/coroutine>: without it the coroutine files such as
#     src/adapters/http/server.cpp failed to parse). A file clang cannot parse fails the lint.
# Any finding fails the script (exit 1); a missing tool or build fails it too (exit 2).
#   MC_LINT_BASE=<ref>   the base (see above)
#   MC_LINT_BUILD=<dir>  the build folder with compile_commands.json (default build-test)
#   MC_LINT_JOBS=N       clang-tidy processes at once (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."

build=${MC_LINT_BUILD:-build-test}
jobs=${MC_LINT_JOBS:-2}
fmt=clang-format-16
tidy=clang-tidy-16
for tool in "$fmt" "$tidy" git; do
  command -v "$tool" >/dev/null || { echo "lint: $tool is missing (scripts/deps.sh test installs it)"; exit 2; }
done

if [ -n "${MC_LINT_BASE:-}" ]; then
  base=$(git merge-base "$MC_LINT_BASE" HEAD) || { echo "lint: no merge-base between $MC_LINT_BASE and HEAD"; exit 2; }
elif base=$(git rev-parse --verify -q HEAD~1); then
  :
else
  echo "lint: HEAD has no parent here (shallow or single-commit clone): set MC_LINT_BASE=<ref> or fetch more history"
  exit 2
fi

mapfile -t files < <(git diff --name-only --diff-filter=ACMR "$base" -- 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' |
                     grep -v '/node_modules/' || true)
echo "lint: base $(git rev-parse --short "$base"), ${#files[@]} changed C++ file(s)"
[ ${#files[@]} -gt 0 ] || exit 0

failed=0

# clang-format on the changed lines: the new side of each hunk of `git diff -U0`.
for f in "${files[@]}"; do
  mapfile -t ranges < <(git diff -U0 --no-color "$base" -- "$f" |
    sed -n 's/^@@ -[0-9,]* +\([0-9]*\)\(,\([0-9]*\)\)\{0,1\} @@.*/\1 \3/p' |
    awk '{ n = ($2 == "") ? 1 : $2; if (n > 0) print "--lines=" $1 ":" ($1 + n - 1) }')
  [ ${#ranges[@]} -gt 0 ] || continue
  if ! "$fmt" --dry-run -Werror "${ranges[@]}" "$f"; then
    echo "lint: $f: changed lines are not clang-formatted (see above; \`git clang-format-16 $base\` fixes them)"
    failed=1
  fi
done

# clang-tidy: the changed .cpp files and the .cpp beside each changed header.
db=$build/compile_commands.json
[ -f "$db" ] || { echo "lint: no $db: run scripts/test.sh (or configure $build) first"; exit 2; }
declare -A units=()
headers=()
for f in "${files[@]}"; do
  case $f in
    *.cpp) units[$f]=1 ;;
    *.hpp) headers+=("$f"); [ -f "${f%.hpp}.cpp" ] && units[${f%.hpp}.cpp]=1 ;;
  esac
done
# Only the changed headers are reported (absolute paths in the diagnostics).
filter='^$'
if [ ${#headers[@]} -gt 0 ]; then
  filter="^$(pwd)/($(printf '%s\n' "${headers[@]}" | sed 's/[.+]/\\&/g' | paste -sd'|'))\$"
fi
checked=()
for u in "${!units[@]}"; do
  if grep -qF "\"file\": \"$(pwd)/$u\"" "$db"; then
    checked+=("$u")
  else
    echo "lint: $u is not compiled in $build: not checked by clang-tidy"
  fi
done
if [ ${#checked[@]} -gt 0 ]; then
  echo "lint: clang-tidy on ${#checked[@]} file(s), $jobs at a time"
  if ! printf '%s\n' "${checked[@]}" | sort |
       xargs -P "$jobs" -I{} "$tidy" -p "$build" --quiet --header-filter="$filter" --warnings-as-errors='*' {}; then
    echo "lint: clang-tidy found problems (see above)"
    failed=1
  fi
fi

[ "$failed" = 0 ] && echo "lint: clean"
exit "$failed"
