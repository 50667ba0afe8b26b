# The back office (docs/backoffice.md).
# - backoffice_tests: the use cases on the real SQLite store, libsodium and liboath (label unit).
# - tests/backoffice/*.test.mjs: the real `moncompte` over HTTP and its CLI (Node 18 built-ins,
#   no npm install), label backoffice. Run: ctest --test-dir <build> -L backoffice
mc_test(backoffice_tests
  SOURCES ${PROJECT_SOURCE_DIR}/src/app/backoffice/backoffice_test.cpp
  LIBS mc_app mc_storage_sqlite mc_crypto mc_totp mc_messages PkgConfig::SQLITE3)

mc_require_node("the back-office HTTP tests (tests/backoffice)")
find_program(MC_SQLITE3_CLI sqlite3)
if(NOT MC_SQLITE3_CLI)
  mc_missing_test_tool("the back-office HTTP tests (tests/backoffice)" "no sqlite3 command (apt-get install sqlite3)")
elseif(MC_NODE_OK)
  file(GLOB MC_BACKOFFICE_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/backoffice/*.test.mjs)
  foreach(f ${MC_BACKOFFICE_TESTS})
    get_filename_component(name ${f} NAME_WE)
    add_test(NAME backoffice.${name}
             COMMAND ${MC_NODE} --test --test-reporter=spec ${f}
             WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR}/backoffice)
    set_tests_properties(backoffice.${name} PROPERTIES
      ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>;MC_SQLITE3=${MC_SQLITE3_CLI}"
      LABELS "integration;backoffice"
      TIMEOUT 300)
  endforeach()
endif()
