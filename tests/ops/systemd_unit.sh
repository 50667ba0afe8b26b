#!/usr/bin/env bash
# The shipped unit (packaging/moncompte.service) verifies with systemd-analyze and keeps its
# exposure score (systemd-analyze security --offline) at or below the one README.md states.
#   systemd_unit.sh MONCOMPTE_BINARY
set -euo pipefail
bin=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The binary is not installed here: point ExecStart at the one just built.
sed "s|/usr/bin/moncompte|$bin|" "$here/packaging/moncompte.service" >"$work/moncompte.service"
# --man=no: moncompte(8) is installed by the package only (scripts/package_test.sh verifies the
# installed unit with its man page).
if ! out=$(systemd-analyze verify --man=no "$work/moncompte.service" 2>&1) || [ -n "$out" ]; then
  echo "systemd-analyze verify is not clean:"; echo "$out"; exit 1
fi
score=$(systemd-analyze security --offline=yes "$work/moncompte.service" 2>&1 | sed -n 's/.*Overall exposure level for moncompte.service: \([0-9.]*\).*/\1/p')
echo "exposure score: $score"
[ -n "$score" ] || { echo "no exposure score"; exit 1; }
grep -q "systemd-analyze security.*$score" "$here/README.md" || { echo "README.md does not state the score $score"; exit 1; }
awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || { echo "exposure $score is above 2.0"; exit 1; }
grep -q '^Type=notify$' "$work/moncompte.service"
grep -q '^CapabilityBoundingSet=$' "$work/moncompte.service"
echo "unit ok"
