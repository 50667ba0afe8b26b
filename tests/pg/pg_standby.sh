#!/usr/bin/env bash
# A synchronous streaming standby for a throwaway cluster made by pg_cluster.sh (the failover
# test of the fault suite, issue 14). Same users, same loopback, same temp-dir rules.
#
#   pg_standby.sh start   PRIMARY_STATE STANDBY_STATE  make the primary wait for a standby
#                         (synchronous_standby_names = 'standby1', synchronous_commit = on), copy
#                         it with `pg_basebackup -R`, start the copy on another free port as a
#                         hot standby; waits until the primary sees it as "sync". Prints its port.
#   pg_standby.sh crash   PRIMARY_STATE                stop the primary as a power cut does
#                                                      (pg_ctl stop -m immediate)
#   pg_standby.sh promote STANDBY_STATE                pg_ctl promote -w (a read-write primary)
#   pg_standby.sh stop    STANDBY_STATE                stop the standby and delete it
#
# Why synchronous: a sign-in failure is answered 401 only after its commit returned; with
# synchronous_commit = on and a synchronous standby, that commit returns only once the standby
# has the WAL on disk, so a failure a member was told about survives the loss of the primary.
# With asynchronous replication the last commits before the crash may be missing on the
# promoted standby (the "lost failure" this setup rules out).
set -euo pipefail

cmd=${1:-}
bin=${MC_PG_BIN:-/usr/lib/postgresql/15/bin}
die() { echo "pg_standby.sh: $*" >&2; exit 1; }
[[ -x $bin/pg_basebackup && -x $bin/pg_ctl ]] || die "PostgreSQL 15 not found in $bin (apt-get install postgresql-15)"

run_user=$(id -un)
if [[ $(id -u) -eq 0 ]]; then
  if id postgres >/dev/null 2>&1; then run_user=postgres; else run_user=mcpg; fi
fi
as_db() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$run_user" -- "$@"; else "$@"; fi
}
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
psql=$bin/psql
[[ -x $psql ]] || psql=$(command -v psql) || die "psql not found (apt-get install postgresql-client-15)"
primary_sql() {  # through the primary's Unix socket (trust for its owner)
  as_db "$psql" -h "$proot" -p "$pport" -U mc -d postgres -X -q -t -A -v ON_ERROR_STOP=1 -c "$1"
}
load_primary() {
  [[ -f $1/root ]] || die "no cluster recorded in $1 (run: pg_cluster.sh start $1)"
  proot=$(cat "$1/root")
  pport=$(cat "$1/port")
}

case $cmd in
  start)
    pstate=${2:?primary state dir}
    sstate=${3:?standby state dir}
    load_primary "$pstate"
    [[ ! -f $sstate/root ]] || "$0" stop "$sstate"
    mkdir -p "$sstate"
    # The primary: one synchronous standby named standby1 (its cluster_name, which the WAL
    # receiver sends as application_name). wal_level = replica and max_wal_senders = 10 are
    # PostgreSQL 15's defaults; these two settings take effect on reload.
    as_db tee -a "$proot/data/moncompte.conf" >/dev/null <<EOF
synchronous_standby_names = 'standby1'
synchronous_commit = on
EOF
    primary_sql "SELECT pg_reload_conf()" >/dev/null
    sroot=$(mktemp -d /tmp/mc-pg-standby.XXXXXXXX)
    chown "$run_user" "$sroot"
    chmod 700 "$sroot"
    # Replication over the primary's Unix socket (trust for the owner): no password to store.
    as_db "$bin/pg_basebackup" -h "$proot" -p "$pport" -U mc -D "$sroot/data" -R -X stream -c fast \
      >"$sroot/basebackup.log" 2>&1 || { cat "$sroot/basebackup.log" >&2; rm -rf "$sroot"; die "pg_basebackup failed"; }
    started=no
    for _ in $(seq 1 20); do
      sport=$((20000 + RANDOM % 40000))
      port_in_use "$sport" && continue
      # The copied moncompte.conf is the primary's: same settings, its own port, socket and name.
      as_db tee "$sroot/data/moncompte.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $sport
unix_socket_directories = '$sroot'
max_connections = 200
shared_buffers = 128MB
cluster_name = 'standby1'
hot_standby = on
EOF
      if as_db "$bin/pg_ctl" -D "$sroot/data" -l "$sroot/server.log" -w -t 60 start >/dev/null; then started=yes; break; fi
      grep -q "could not bind\|already in use" "$sroot/server.log" 2>/dev/null || { cat "$sroot/server.log" >&2; break; }
    done
    if [[ $started != yes ]]; then rm -rf "$sroot"; die "could not start the standby"; fi
    printf '%s\n' "$sroot" >"$sstate/root"
    printf '%s\n' "$sport" >"$sstate/port"
    for _ in $(seq 1 300); do
      state=$(primary_sql "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'")
      [[ $state == sync ]] && { echo "$sport"; exit 0; }
      sleep 0.1
    done
    die "the standby did not become synchronous (pg_stat_replication: '${state:-}'); see $sroot/server.log"
    ;;
  crash)
    load_primary "${2:?primary state dir}"
    as_db "$bin/pg_ctl" -D "$proot/data" -m immediate -w -t 60 stop >/dev/null
    ;;
  promote)
    sstate=${2:?standby state dir}
    [[ -f $sstate/root ]] || die "no standby recorded in $sstate"
    as_db "$bin/pg_ctl" -D "$(cat "$sstate/root")/data" -w -t 60 promote >/dev/null
    ;;
  stop)
    sstate=${2:?standby state dir}
    [[ -f $sstate/root ]] || exit 0
    sroot=$(cat "$sstate/root")
    if [[ -d $sroot/data ]]; then as_db "$bin/pg_ctl" -D "$sroot/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true; fi
    rm -rf "$sroot"
    rm -f "$sstate/root" "$sstate/port"
    rmdir "$sstate" 2>/dev/null || true
    ;;
  *)
    echo "usage: $0 start PRIMARY_STATE STANDBY_STATE | crash PRIMARY_STATE | promote STANDBY_STATE | stop STANDBY_STATE" >&2
    exit 2
    ;;
esac
