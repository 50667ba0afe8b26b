# Code-shape checks on the source tree (issue 18), label "unit": cheap, no build needed.
# - code_shape.no_sleep: src/core and src/app never sleep; waiting goes through ports::Clock.
add_test(NAME code_shape.no_sleep COMMAND ${CMAKE_CURRENT_LIST_DIR}/tools/check_no_sleep.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(code_shape.no_sleep PROPERTIES LABELS "unit" TIMEOUT 60)
# - code_shape.ports: one header per port under src/core/ports/, none over 200 lines, no umbrella.
add_test(NAME code_shape.ports COMMAND ${CMAKE_CURRENT_LIST_DIR}/tools/check_ports.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(code_shape.ports PROPERTIES LABELS "unit" TIMEOUT 60)
# - code_shape.handlers: the named HTTP handlers (src/adapters/http/handlers/) stay short: no
#   function over 120 lines (scripts/long_functions.py; run it on src/ for the longest elsewhere).
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  mc_missing_test_tool("code_shape.handlers" "no python3")
else()
  add_test(NAME code_shape.handlers
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/long_functions.py --min 120 --fail
                   ${PROJECT_SOURCE_DIR}/src/adapters/http/handlers)
  set_tests_properties(code_shape.handlers PROPERTIES LABELS "unit" TIMEOUT 60)
endif()
