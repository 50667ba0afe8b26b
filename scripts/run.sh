#!/usr/bin/env bash
# Builds MonCompte and runs it on its embedded default: a SQLite file with demo data that the
# project generates itself. Open http://127.0.0.1:8080 (the README lists demo sign-ins).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMC_TEST_STAGES=OFF -DMC_BENCH=OFF >/dev/null
cmake --build build --target moncompte
mkdir -p var
if [ ! -f var/moncompte.sqlite ]; then
  build/moncompte demo --out var/demo
  build/moncompte import --db sqlite:var/moncompte.sqlite \
    --register var/demo/register.csv --organismes var/demo/organismes.csv --accounts var/demo/accounts.csv
fi
exec build/moncompte serve --listen "${MC_LISTEN:-127.0.0.1:8080}" --db sqlite:var/moncompte.sqlite "$@"
