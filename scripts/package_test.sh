#!/usr/bin/env bash
# The Debian package (issue 19): a Release build of the moncompte target only (ccache), its man
# page, `cpack -G DEB`, then the .deb inspected: files, conffile, maintainer scripts, Depends from
# dpkg-shlibdeps. With MC_PACKAGE_INSTALL=1 (CI on a clean Debian 12, as root) it is installed with
# apt, `moncompte --version` answers, the installed unit verifies, nothing was enabled or started,
# and the package is purged again.
#   scripts/package_test.sh [BUILD_DIR]   (default build-pkg)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${1:-build-pkg}
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMC_TEST_STAGES=OFF -DMC_BENCH=OFF -DMC_PACKAGE=ON >/dev/null
cmake --build "$build" --target moncompte moncompte_man
rm -f "$build"/moncompte_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
version=$(sed -n 's/^project(moncompte VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
deb="$build/moncompte_${version}_amd64.deb"
[ -f "$deb" ] || { echo "package_test: $deb was not written"; ls "$build"/*.deb 2>/dev/null; exit 1; }
echo "package: $deb"

fail() { echo "package_test: $*"; exit 1; }
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/moncompte ./etc/moncompte/moncompte.toml ./lib/systemd/system/moncompte.service \
         ./usr/share/man/man8/moncompte.8.gz ./usr/share/doc/moncompte/operations.md; do
  grep -q " $f\$" <<<"$contents" || fail "$f is not in the package"
done
control=$(mktemp -d)
trap 'rm -rf "$control"' EXIT
dpkg-deb -e "$deb" "$control"
grep -qx /etc/moncompte/moncompte.toml "$control/conffiles" || fail "/etc/moncompte/moncompte.toml is not a conffile"
for s in postinst prerm postrm; do [ -x "$control/$s" ] || fail "no $s"; done
grep -q 'adduser --system' "$control/postinst" || fail "postinst does not create the system user"
if grep -v '^ *#' "$control/postinst" | grep -Eq 'systemctl (enable|start)|deb-systemd-invoke start'; then fail "postinst starts or enables the service"; fi
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libc6 libsodium23 libsqlite3-0 libssl3 libsystemd0 adduser; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib (dpkg-shlibdeps)"
done
zcat "$build/moncompte.8.gz" | grep -q '^\.TH MONCOMPTE "8"' || fail "moncompte.8 is not a section 8 man page"

if [ "${MC_PACKAGE_INSTALL:-0}" = 1 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  if dpkg-query -W -f='${Status}' moncompte 2>/dev/null | grep -q "install ok installed"; then
    fail "moncompte is already installed here: not touching it"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq --no-install-recommends "$root/$deb"
  trap '$SUDO apt-get purge -y -qq moncompte >/dev/null 2>&1 || true; rm -rf "$control"' EXIT
  /usr/bin/moncompte --version | grep -qx "moncompte $version" || fail "moncompte --version"
  man -w moncompte >/dev/null 2>&1 || [ -f /usr/share/man/man8/moncompte.8.gz ] || fail "no man page"
  out=$(systemd-analyze verify /lib/systemd/system/moncompte.service 2>&1) || fail "systemd-analyze verify: $out"
  [ -z "$out" ] || fail "systemd-analyze verify is not clean: $out"
  getent passwd moncompte >/dev/null || fail "no moncompte user"
  [ "$(stat -c %U /var/lib/moncompte)" = moncompte ] || fail "/var/lib/moncompte is not the service's"
  [ ! -e /etc/systemd/system/multi-user.target.wants/moncompte.service ] || fail "the unit was enabled at install"
  # The installed binary runs the service's own checks: migrations and a config read.
  /usr/bin/moncompte config --config /etc/moncompte/moncompte.toml >/dev/null || fail "the conffile does not load"
  $SUDO apt-get purge -y -qq moncompte
  echo "package: installed, checked and purged"
fi
echo "package ok"
