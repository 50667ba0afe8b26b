# docs/openapi.yaml stays in step with the routes (tests/tools/check_openapi.py): every
# app.route("METHOD", "/api/...") of src/adapters/http/*.cpp is documented, nothing else is, and
# the document's $refs and path parameters hold. Needs python3 with PyYAML (Debian python3-yaml);
# without PyYAML the test reports itself skipped (exit 77).
find_program(MC_PYTHON3_FOR_OPENAPI NAMES python3)
if(MC_PYTHON3_FOR_OPENAPI)
  add_test(NAME openapi_routes
           COMMAND ${MC_PYTHON3_FOR_OPENAPI} ${CMAKE_CURRENT_LIST_DIR}/tools/check_openapi.py
                   --root ${PROJECT_SOURCE_DIR})
  set_tests_properties(openapi_routes PROPERTIES
    LABELS "unit"
    SKIP_RETURN_CODE 77
    TIMEOUT 60)
else()
  message(STATUS "python3 missing: the openapi_routes test is not registered")
endif()
