#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and benchmarks (Debian's postgresql-15).
#
#   pg_cluster.sh start STATE_DIR   create a cluster in a fresh temp dir, start it on a free
#                                   loopback port, create database "moncompte", print its URL
#   pg_cluster.sh url   STATE_DIR   print the URL again
#   pg_cluster.sh down  STATE_DIR   stop the server, keep the data (fault injection)
#   pg_cluster.sh up    STATE_DIR   start it again, same port, same data
#   pg_cluster.sh stop  STATE_DIR   stop the server and delete everything
#
# STATE_DIR (default $MC_PG_STATE or /tmp/mc-pg-state) holds the URL and where the cluster
# lives. PostgreSQL refuses to run as root: when run as root, the server runs as the Debian
# `postgres` user (or a system user `mcpg`, created if neither exists).
set -euo pipefail

cmd=${1:-}
state=${2:-${MC_PG_STATE:-/tmp/mc-pg-state}}
bin=${MC_PG_BIN:-/usr/lib/postgresql/15/bin}

die() { echo "pg_cluster.sh: $*" >&2; exit 1; }
[[ -x $bin/initdb && -x $bin/pg_ctl ]] || die "PostgreSQL 15 not found in $bin (apt-get install postgresql-15)"

run_user=$(id -un)
if [[ $(id -u) -eq 0 ]]; then
  if id postgres >/dev/null 2>&1; then
    run_user=postgres
  else
    id mcpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin mcpg
    run_user=mcpg
  fi
fi
as_db() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$run_user" -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

load_state() {
  [[ -f $state/root ]] || die "no cluster recorded in $state (run: $0 start $state)"
  root=$(cat "$state/root")
  port=$(cat "$state/port")
}

server_start() {
  as_db "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 start >/dev/null
}

case $cmd in
  start)
    if [[ -f $state/root ]]; then "$0" stop "$state" || true; fi
    mkdir -p "$state"
    root=$(mktemp -d /tmp/mc-pg.XXXXXXXX)
    chown "$run_user" "$root"
    chmod 700 "$root"
    password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
    printf '%s\n' "$password" >"$root/pwfile"
    chown "$run_user" "$root/pwfile"
    chmod 600 "$root/pwfile"
    # Loopback TCP needs the password (SCRAM); the Unix socket lives in the 0700 temp dir,
    # reachable only by the cluster's owner, who creates the database through it.
    as_db "$bin/initdb" -D "$root/data" -U mc --pwfile="$root/pwfile" -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 --no-sync --no-instructions >"$root/initdb.log" 2>&1 \
      || { cat "$root/initdb.log" >&2; rm -rf "$root"; die "initdb failed"; }
    rm -f "$root/pwfile"
    echo "include 'moncompte.conf'" | as_db tee -a "$root/data/postgresql.conf" >/dev/null
    started=no
    for _ in $(seq 1 20); do
      port=$((20000 + RANDOM % 40000))
      port_in_use "$port" && continue
      as_db tee "$root/data/moncompte.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$root'
max_connections = 200
shared_buffers = 128MB
EOF
      if server_start; then started=yes; break; fi
      grep -q "could not bind\|already in use" "$root/server.log" 2>/dev/null || { cat "$root/server.log" >&2; break; }
    done
    if [[ $started != yes ]]; then rm -rf "$root"; die "could not start PostgreSQL"; fi
    as_db "$bin/createdb" -h "$root" -p "$port" -U mc moncompte
    printf '%s\n' "$root" >"$state/root"
    printf '%s\n' "$port" >"$state/port"
    printf 'postgresql://mc:%s@127.0.0.1:%s/moncompte\n' "$password" "$port" >"$state/url"
    chmod 600 "$state/url"
    cat "$state/url"
    ;;
  url)
    load_state
    cat "$state/url"
    ;;
  down)
    load_state
    as_db "$bin/pg_ctl" -D "$root/data" -m fast -w -t 60 stop >/dev/null
    ;;
  up)
    load_state
    server_start
    ;;
  stop)
    if [[ ! -f $state/root ]]; then exit 0; fi
    load_state
    if [[ -d $root/data ]]; then as_db "$bin/pg_ctl" -D "$root/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true; fi
    rm -rf "$root"
    rm -f "$state/root" "$state/port" "$state/url"
    rmdir "$state" 2>/dev/null || true
    ;;
  *)
    echo "usage: $0 start|url|down|up|stop [STATE_DIR]" >&2
    exit 2
    ;;
esac
