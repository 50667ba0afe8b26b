# The fault suite (issue 14, label "faults"): real `moncompte serve` processes meeting a SQLite
# file locked by another program, a full disk (a small tmpfs; skipped with a message where
# mounting is not permitted), kill -9 mid-burst, an SMTP outage, the Argon2id self-test fallback,
# an unexpected exception (500 with a request id), and — with the postgres fixture
# of tests/pg.cmake — a PostgreSQL stop/start.   ctest -L faults
find_program(MC_NODE node)
find_program(MC_PYTHON3 python3)
if(NOT MC_NODE OR NOT MC_PYTHON3)
  message(STATUS "fault tests: not registered (needs node and python3)")
  return()
endif()
set(MC_FAULTS ${CMAKE_CURRENT_SOURCE_DIR}/faults)

foreach(t sqlite_lock disk_full kill9 smtp_outage argon2_self_test internal_error sigterm_load)
  add_test(NAME faults_${t} COMMAND ${MC_NODE} --test ${MC_FAULTS}/${t}.test.mjs)
  set_tests_properties(faults_${t} PROPERTIES LABELS faults TIMEOUT 300
                       ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>")
endforeach()

# Same conditions and cluster as tests/pg.cmake (fragments are included in name order, so its
# variables are not set yet here; the fixture is resolved when ctest runs).
set(MC_PG_BIN /usr/lib/postgresql/15/bin CACHE PATH "PostgreSQL 15 server binaries used by the postgres tests")
if(TARGET mc_storage_postgres AND EXISTS ${MC_PG_BIN}/initdb)
  add_test(NAME faults_pg_restart
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/pg/with_pg.sh ${CMAKE_CURRENT_BINARY_DIR}/pg-cluster
                   ${MC_NODE} --test ${MC_FAULTS}/pg_restart.test.mjs)
  set_tests_properties(faults_pg_restart PROPERTIES FIXTURES_REQUIRED postgres LABELS "faults;postgres" TIMEOUT 300
                       RESOURCE_LOCK pg_cluster
                       ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>;MC_PG_BIN=${MC_PG_BIN}")
else()
  message(STATUS "fault tests: PostgreSQL stop/start not registered (no libpq or no ${MC_PG_BIN}/initdb)")
endif()

# Failover to a promoted synchronous streaming standby under sign-in load (issue 14): the test
# makes its own primary and standby (tests/pg/pg_cluster.sh + tests/pg/pg_standby.sh), so it
# needs neither the postgres fixture nor its lock; it needs pg_basebackup besides the server.
if(NOT TARGET mc_storage_postgres OR NOT EXISTS ${MC_PG_BIN}/pg_basebackup OR NOT EXISTS ${MC_PG_BIN}/initdb)
  mc_missing_test_tool("the PostgreSQL failover fault test (faults_pg_failover)"
                       "no libpq or no ${MC_PG_BIN}/pg_basebackup (apt-get install libpq-dev postgresql-15)")
else()
  add_test(NAME faults_pg_failover COMMAND ${MC_NODE} --test ${MC_FAULTS}/pg_failover.test.mjs)
  set_tests_properties(faults_pg_failover PROPERTIES LABELS "faults;postgres" TIMEOUT 300
                       ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>;MC_PG_BIN=${MC_PG_BIN}")
endif()
