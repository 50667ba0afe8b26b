# Tests that need a PostgreSQL server (label "postgres"). One throwaway cluster is created for
# them by tests/pg/pg_cluster.sh (Debian's postgresql-15: initdb + pg_ctl, unprivileged user,
# free loopback port) and removed afterwards, as ctest fixtures:  ctest -L postgres
set(MC_PG_BIN /usr/lib/postgresql/15/bin CACHE PATH "PostgreSQL 15 server binaries used by the postgres tests")

if(NOT TARGET mc_storage_postgres)
  mc_missing_test_tool("the PostgreSQL tests" "no libpq (apt-get install libpq-dev)")
  return()
endif()
if(NOT EXISTS ${MC_PG_BIN}/initdb OR NOT EXISTS ${MC_PG_BIN}/pg_ctl)
  mc_missing_test_tool("the PostgreSQL tests" "no ${MC_PG_BIN}/initdb (apt-get install postgresql-15)")
  return()
endif()

set(MC_PG_STATE_DIR ${CMAKE_CURRENT_BINARY_DIR}/pg-cluster)
set(MC_PG_TOOLS ${CMAKE_CURRENT_SOURCE_DIR}/pg)

add_test(NAME pg_cluster_start COMMAND ${MC_PG_TOOLS}/pg_cluster.sh start ${MC_PG_STATE_DIR})
add_test(NAME pg_cluster_stop COMMAND ${MC_PG_TOOLS}/pg_cluster.sh stop ${MC_PG_STATE_DIR})
set_tests_properties(pg_cluster_start PROPERTIES FIXTURES_SETUP postgres LABELS postgres
                     ENVIRONMENT MC_PG_BIN=${MC_PG_BIN} TIMEOUT 120)
set_tests_properties(pg_cluster_stop PROPERTIES FIXTURES_CLEANUP postgres LABELS postgres
                     ENVIRONMENT MC_PG_BIN=${MC_PG_BIN} TIMEOUT 120)

# The storage contract, PostgreSQL instances only (the SQLite ones run as unit tests).
add_test(NAME pg_store_contract
         COMMAND ${MC_PG_TOOLS}/with_pg.sh ${MC_PG_STATE_DIR} $<TARGET_FILE:storage_contract_tests> --gtest_filter=*/postgres)
# The restart test takes the server down: nothing else may use it meanwhile.
set_tests_properties(pg_store_contract PROPERTIES FIXTURES_REQUIRED postgres LABELS postgres TIMEOUT 300
                     RESOURCE_LOCK pg_cluster)

mc_require_node("the PostgreSQL multi-process tests (tests/pg)")
if(MC_NODE_OK)
  add_test(NAME pg_multiprocess COMMAND ${MC_PG_TOOLS}/with_pg.sh ${MC_PG_STATE_DIR} ${MC_NODE} --test ${MC_PG_TOOLS}/)
  set_tests_properties(pg_multiprocess PROPERTIES FIXTURES_REQUIRED postgres LABELS postgres TIMEOUT 600
                       RESOURCE_LOCK pg_cluster
                       ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>;MC_PG_BIN=${MC_PG_BIN}")
endif()

# The streaming register import and its sync on PostgreSQL (tests/cli/cli_test.sh, issue 15).
add_test(NAME pg_cli_import_stream
         COMMAND ${MC_PG_TOOLS}/with_pg.sh ${MC_PG_STATE_DIR} bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/cli_test.sh
                 $<TARGET_FILE:moncompte> import_stream_pg)
set_tests_properties(pg_cli_import_stream PROPERTIES FIXTURES_REQUIRED postgres RESOURCE_LOCK pg_cluster
                     LABELS "postgres;cli" TIMEOUT 300)

# Members' scam reports, advisors' labels and `moncompte scam-corpus export` on PostgreSQL: the
# back-office suite tests/backoffice/scam_reports.test.mjs (also run on SQLite as
# backoffice.scam_reports) with MC_BO_BACKEND=postgres (issue 16).
if(MC_NODE_OK)
  add_test(NAME pg_backoffice_scam_reports
           COMMAND ${MC_PG_TOOLS}/with_pg.sh ${MC_PG_STATE_DIR} ${MC_NODE} --test --test-reporter=spec
                   ${CMAKE_CURRENT_SOURCE_DIR}/backoffice/scam_reports.test.mjs
           WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/backoffice)
  set_tests_properties(pg_backoffice_scam_reports PROPERTIES FIXTURES_REQUIRED postgres LABELS "postgres;backoffice"
                       RESOURCE_LOCK pg_cluster TIMEOUT 300
                       ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>;MC_BO_BACKEND=postgres")
endif()
