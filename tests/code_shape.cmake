# Code-shape checks on the source tree (issue 18), label "unit": cheap, no build needed.
# - code_shape.no_sleep: src/core and src/app never sleep; waiting goes through ports::Clock.
add_test(NAME code_shape.no_sleep COMMAND ${CMAKE_CURRENT_LIST_DIR}/tools/check_no_sleep.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(code_shape.no_sleep PROPERTIES LABELS "unit" TIMEOUT 60)
