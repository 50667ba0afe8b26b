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
)
test_pkgs=(
  clang-16 libclang-rt-16-dev nodejs npm postgresql-15 python3 python3-aiosmtpd poppler-utils
  zbar-tools dmtx-utils chromium wrk procps
)

pkgs=("${build_pkgs[@]}")
if [ "$kind" = test ]; then pkgs+=("${test_pkgs[@]}"); fi

missing=()
for p in "${pkgs[@]}"; do
  # nodejs may come from another repository (e.g. NodeSource): any node ≥ 18 will do.
  if [ "$p" = nodejs ] || [ "$p" = npm ]; then
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && continue
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
