# Browser journeys of the member's side (tests/e2e/, label "browser"): playwright-core drives
# Debian's chromium (no browser download) against the real `moncompte`, started with a fresh
# database, a real SMTP sink (tests/tools/smtp_sink.py) and a print outbox; axe-core audits every
# page. One ctest test per *.test.mjs file. Screenshots (360 px and 1280 px of every page, and
# FAILED-* pictures of a failing step) go to <build>/test-artifacts/screenshots/.
#   npm ci --prefix tests/e2e          (scripts/test.sh does it)
#   ctest --test-dir <build> -L browser --output-on-failure
find_program(MC_CHROMIUM NAMES chromium chromium-browser PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT MC_CHROMIUM)
  find_program(MC_CHROMIUM NAMES chromium chromium-browser)
endif()
# playwright-core (1.65) refuses to start on Node < 20 ("Playwright requires Node.js 20 or
# higher"); an older playwright would not drive Debian's current chromium. So this one stage
# needs Node 20, and says so at configure time rather than failing in every test.
mc_require_node("the browser tests (tests/e2e)" 20)
set(MC_E2E_DIR ${CMAKE_CURRENT_LIST_DIR}/e2e)

if(NOT MC_CHROMIUM)
  mc_missing_test_tool("the browser tests (tests/e2e)" "no chromium (apt-get install chromium)")
elseif(NOT EXISTS ${MC_E2E_DIR}/node_modules/playwright-core OR NOT EXISTS ${MC_E2E_DIR}/node_modules/axe-core)
  mc_missing_test_tool("the browser tests (tests/e2e)" "no node_modules; run: npm ci --prefix tests/e2e")
elseif(MC_NODE_OK)
  set(MC_SCREENSHOT_DIR ${CMAKE_BINARY_DIR}/test-artifacts/screenshots)
  file(GLOB MC_E2E_TESTS CONFIGURE_DEPENDS ${MC_E2E_DIR}/*.test.mjs)
  foreach(f ${MC_E2E_TESTS})
    get_filename_component(name ${f} NAME_WE)  # pages, lockout, …
    add_test(NAME browser.${name}
             COMMAND ${MC_NODE} --test --test-reporter=spec ${f}
             WORKING_DIRECTORY ${MC_E2E_DIR})
    set_tests_properties(browser.${name} PROPERTIES
      ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>;MC_CHROMIUM=${MC_CHROMIUM};MC_SCREENSHOTS=${MC_SCREENSHOT_DIR}"
      LABELS "browser"
      # One browser and one service per file; a chromium is heavy for a small machine.
      RESOURCE_LOCK browser
      TIMEOUT 600)
  endforeach()
endif()
