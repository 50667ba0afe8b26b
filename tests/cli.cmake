# The command line (tests/cli/cli_test.sh, bash only): --version, unknown commands, help with
# defaults and exit codes, database errors that name the database, `config` with --config/--set,
# the password policy on import, an empty message for scam-check. Label "cli".
foreach(case version unknown_command help database_path config import_weak_password scam_check_empty)
  add_test(NAME cli.${case} COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli/cli_test.sh $<TARGET_FILE:moncompte> ${case})
  set_tests_properties(cli.${case} PROPERTIES LABELS "cli" TIMEOUT 120)
endforeach()
