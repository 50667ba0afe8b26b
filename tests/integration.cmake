# Black-box HTTP tests of the sign-in service (tests/integration/, Node 18 built-ins only, no npm
# install): each login_*.test.mjs file starts the real `moncompte` (MC_BIN) on a fresh SQLite file
# loaded with tests/integration/fixtures/, and talks to it over HTTP and raw sockets.
# Run: ctest --test-dir <build> -L integration --output-on-failure
mc_require_node("the HTTP integration tests (tests/integration)")
if(MC_NODE_OK)
  file(GLOB MC_LOGIN_IT CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/integration/login_*.test.mjs)
  foreach(f ${MC_LOGIN_IT})
    get_filename_component(name ${f} NAME_WE)  # login_lockout
    add_test(NAME integration.${name}
             COMMAND ${MC_NODE} --test --test-reporter=spec ${f}
             WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR}/integration)
    set_tests_properties(integration.${name} PROPERTIES
      ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>"
      LABELS "integration;login"
      TIMEOUT 300)
  endforeach()
  # Compares response times of two kinds of request: alone on the machine, it measures Argon2id
  # and not the other tests.
  if(TEST integration.login_enumeration)
    set_tests_properties(integration.login_enumeration PROPERTIES RUN_SERIAL TRUE)
  endif()
endif()
