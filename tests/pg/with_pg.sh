#!/bin/sh
# with_pg.sh STATE_DIR COMMAND...: runs COMMAND with the URL of the cluster that
# `pg_cluster.sh start STATE_DIR` made (ctest fixtures cannot pass values between tests).
set -eu
state=$1
shift
[ -f "$state/url" ] || { echo "with_pg.sh: no cluster in $state (the pg_cluster_start fixture failed?)" >&2; exit 1; }
MC_PG_STATE=$state
MC_TEST_PG_URL=$(cat "$state/url")
export MC_PG_STATE MC_TEST_PG_URL
exec "$@"
