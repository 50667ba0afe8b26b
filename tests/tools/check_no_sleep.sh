#!/usr/bin/env bash
# The pure core and the use cases never sleep (issue 18, docs/adr/0001): time enters them as
# values and any waiting goes through the ports::Clock port (Clock::pause) with a deadline, so a
# test clock can walk it. Fails, naming each line, when src/core or src/app calls a sleep itself.
#   tests/tools/check_no_sleep.sh [ROOT]
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
pattern='(std::)?this_thread::(sleep_for|sleep_until)|\b(usleep|nanosleep|sleep)\s*\(|\bclock_nanosleep\b'
if hits=$(grep -rnE "$pattern" "$root/src/core" "$root/src/app" --include='*.cpp' --include='*.hpp'); then
  echo "src/core and src/app must not sleep (wait through ports::Clock::pause with a deadline):"
  echo "$hits"
  exit 1
fi
echo "no sleep in src/core or src/app"
