#!/usr/bin/env bash
# One header per port (issue 18 item 4): src/core/ports.hpp, the former catch-all, is gone and
# nothing includes it; every header under src/core/ports/ stays within 200 lines. Fails, naming
# the offending files.
#   tests/tools/check_ports.sh [ROOT]
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
status=0
if [ -e "$root/src/core/ports.hpp" ]; then
  echo "src/core/ports.hpp is back: add the port to its own header under src/core/ports/"
  status=1
fi
if hits=$(grep -rn --include='*.cpp' --include='*.hpp' '#include "core/ports.hpp"' "$root/src" "$root/tests" "$root/bench" 2>/dev/null); then
  echo "includes of the removed umbrella header:"
  echo "$hits"
  status=1
fi
for f in "$root"/src/core/ports/*.hpp; do
  n=$(wc -l < "$f")
  if [ "$n" -gt 200 ]; then
    echo "${f#$root/}: $n lines (at most 200: split the port or move its value types out)"
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "one header per port, none over 200 lines ($(ls "$root"/src/core/ports/*.hpp | wc -l) headers)"
exit "$status"
