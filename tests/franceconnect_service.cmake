# FranceConnect through the whole service: the real `moncompte serve` against the test provider
# (tests/franceconnect/provider.mjs), HTTP only (tests/franceconnect/service.test.mjs, Node's
# built-in test runner). The configure fails when tests/franceconnect/node_modules is missing:
#   npm ci --prefix tests/franceconnect
mc_require_node("integration.franceconnect_service")
if(MC_NODE_OK AND NOT EXISTS ${CMAKE_CURRENT_LIST_DIR}/franceconnect/node_modules/oidc-provider)
  mc_missing_test_tool("the FranceConnect tests (tests/franceconnect)" "no node_modules; run: npm ci --prefix tests/franceconnect")
elseif(MC_NODE_OK)
  add_test(NAME integration.franceconnect_service
           COMMAND ${MC_NODE} --test --test-reporter=spec ${CMAKE_CURRENT_LIST_DIR}/franceconnect/service.test.mjs
           WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR}/franceconnect)
  set_tests_properties(integration.franceconnect_service PROPERTIES
    ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>"
    LABELS "integration;franceconnect"
    TIMEOUT 300)
endif()
