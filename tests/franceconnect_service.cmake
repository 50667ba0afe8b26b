# FranceConnect through the whole service: the real `moncompte serve` against the test provider
# (tests/franceconnect/provider.mjs), HTTP only (tests/franceconnect/service.test.mjs, Node's
# built-in test runner). Skips itself when tests/franceconnect/node_modules is missing:
#   npm ci --prefix tests/franceconnect
find_program(MC_FC_NODE node)
if(MC_FC_NODE)
  execute_process(COMMAND ${MC_FC_NODE} --version OUTPUT_VARIABLE MC_FC_NODE_VERSION OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX REPLACE "^v" "" MC_FC_NODE_VERSION "${MC_FC_NODE_VERSION}")
endif()
if(MC_FC_NODE AND MC_FC_NODE_VERSION VERSION_GREATER_EQUAL 20.10)
  add_test(NAME integration.franceconnect_service
           COMMAND ${MC_FC_NODE} --test --test-reporter=spec ${CMAKE_CURRENT_LIST_DIR}/franceconnect/service.test.mjs
           WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR}/franceconnect)
  set_tests_properties(integration.franceconnect_service PROPERTIES
    ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>"
    LABELS "integration;franceconnect"
    TIMEOUT 300)
else()
  message(STATUS "Node.js >= 20.10 not found: integration.franceconnect_service is not registered")
endif()
