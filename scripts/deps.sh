#!/usr/bin/env bash
# Installs what MonCompte needs from Debian 12 packages, only when something is missing.
#   scripts/deps.sh build   — to build and run the service
#   scripts/deps.sh test    — also what the test suite needs (PostgreSQL, SMTP sink, Chromium, …)
set -euo pipefail
kind=${1:-build}

build_pkgs=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost-dev libsodium-dev libsqlite3-dev libpq-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  libcli11-dev libtomlplusplus-dev libcurl4-openssl-dev libssl-dev libcjose-dev libicu-dev libpsl-dev
  libidn2-dev libqrencode-dev libzint-dev libhpdf-dev liboath-dev libcsv-dev libgtest-dev libgmock-dev
  libbenchmark-dev fonts-dejavu-core sqlite3 ccache
  libsystemd-dev help2man dpkg-dev
)
test_pkgs=(
  clang-16 libclang-rt-16-dev clang-format-16 clang-tidy-16 nodejs npm postgresql-15 python3 python3-aiosmtpd python3-yaml poppler-utils
  zbar-tools dmtx-utils chromium wrk procps
  openssl curl systemd
)

pkgs=("${build_pkgs[@]}")
if [ "$kind" = test ]; then pkgs+=("${test_pkgs[@]}"); fi

missing=()
for p in "${pkgs[@]}"; do
  # nodejs may come from another repository (e.g. NodeSource): any node ≥ 18.19 will do for the
  # HTTP, e-mail, back-office and PostgreSQL suites, Debian 12's own 18.20 included
  # (tests/CMakeLists.txt, MC_NODE_MIN_VERSION); the browser suite needs node ≥ 20 (playwright).
  # A node too old for a suite makes the test configure fail, naming it, rather than drop it.
  if [ "$p" = nodejs ] || [ "$p" = npm ]; then
    if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
       node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 19) ? 0 : 1)'; then
      continue
    fi
  fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$kind" = test ] && command -v node >/dev/null 2>&1 &&
   ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  {
    echo "deps.sh: node $(node --version) is too old for the browser tests (playwright-core needs Node.js ≥ 20;"
    echo "  Debian 12 ships 18): install Node.js 20 (e.g. NodeSource's nodejs 20.x), or configure the tests"
    echo "  with -DMC_ALLOW_MISSING_TEST_TOOLS=ON to run everything else."
  } >&2
fi
