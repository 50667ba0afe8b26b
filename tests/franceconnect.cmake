# End-to-end FranceConnect tests: the relying party (mc_oidc) against tests/franceconnect/
# provider.mjs, a real OpenID provider (panva/oidc-provider 8 on Node) configured like
# FranceConnect v2. The test starts and stops the provider itself; it skips (GTEST_SKIP) when
# node or tests/franceconnect/node_modules is missing. Install with:
#   npm ci --prefix tests/franceconnect
find_package(CURL REQUIRED)
add_executable(franceconnect_e2e_tests ${CMAKE_CURRENT_LIST_DIR}/franceconnect/e2e_test.cpp)
mc_allow_regex(franceconnect_e2e_tests)
target_link_libraries(franceconnect_e2e_tests PRIVATE
  mc_oidc mc_identity CURL::libcurl nlohmann_json::nlohmann_json GTest::gtest GTest::gtest_main)
target_compile_definitions(franceconnect_e2e_tests PRIVATE
  MC_FC_PROVIDER_DIR="${CMAKE_CURRENT_LIST_DIR}/franceconnect")
# ctest runs each test in its own process, so each starts its own provider (about 0.3 s).
gtest_discover_tests(franceconnect_e2e_tests DISCOVERY_TIMEOUT 60 TEST_PREFIX "franceconnect_e2e."
  PROPERTIES LABELS "integration;franceconnect" TIMEOUT 120)
