# The command line (tests/cli/cli_test.sh, bash only): --version, unknown commands, help with
# defaults and exit codes, database errors that name the database, `config` with --config/--set,
# the password policy on import, an empty message for scam-check, refusals in English. Label "cli".
foreach(case version unknown_command help database_path config import_weak_password scam_check_empty
             operator_english import_stream scam_corpus_export)
  add_test(NAME cli.${case} COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli/cli_test.sh $<TARGET_FILE:moncompte> ${case})
  set_tests_properties(cli.${case} PROPERTIES LABELS "cli" TIMEOUT 120)
endforeach()

# scripts/test.sh's summary line counts ctest's JUnit file with tests/tools/ctest_summary.py:
# 2 passed, 4 failed (a failure, a failed fixture, a test not run for a missing executable or a
# failed fixture), 3 skipped (exit 77, GTEST_SKIP, disabled), 1 of them a PostgreSQL contract test.
find_program(MC_PYTHON3_FOR_SUMMARY python3)
add_test(NAME cli.test_sh_summary
         COMMAND ${MC_PYTHON3_FOR_SUMMARY} ${CMAKE_CURRENT_LIST_DIR}/tools/ctest_summary.py
                 ${CMAKE_CURRENT_LIST_DIR}/tools/ctest_summary_sample.xml)
set_tests_properties(cli.test_sh_summary PROPERTIES LABELS "cli" PASS_REGULAR_EXPRESSION "^2 4 3 1\n$" TIMEOUT 60)
