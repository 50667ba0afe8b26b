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
find_program(MC_E2E_NODE node)
set(MC_E2E_DIR ${CMAKE_CURRENT_LIST_DIR}/e2e)

if(NOT MC_CHROMIUM)
  message(STATUS "browser tests: not registered (no chromium; apt-get install chromium)")
elseif(NOT MC_E2E_NODE)
  message(STATUS "browser tests: not registered (no node)")
elseif(NOT EXISTS ${MC_E2E_DIR}/node_modules/playwright-core OR NOT EXISTS ${MC_E2E_DIR}/node_modules/axe-core)
  message(STATUS "browser tests: not registered (run: npm ci --prefix tests/e2e)")
else()
  set(MC_SCREENSHOT_DIR ${CMAKE_BINARY_DIR}/test-artifacts/screenshots)
  file(GLOB MC_E2E_TESTS CONFIGURE_DEPENDS ${MC_E2E_DIR}/*.test.mjs)
  foreach(f ${MC_E2E_TESTS})
    get_filename_component(name ${f} NAME_WE)  # pages, lockout, …
    add_test(NAME browser.${name}
             COMMAND ${MC_E2E_NODE} --test --test-reporter=spec ${f}
             WORKING_DIRECTORY ${MC_E2E_DIR})
    set_tests_properties(browser.${name} PROPERTIES
      ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>;MC_CHROMIUM=${MC_CHROMIUM};MC_SCREENSHOTS=${MC_SCREENSHOT_DIR}"
      LABELS "browser"
      # One browser and one service per file; a chromium is heavy for a small machine.
      RESOURCE_LOCK browser
      TIMEOUT 600)
  endforeach()
endif()
