# docs/openapi.yaml stays in step with the routes (tests/tools/check_openapi.py): every
# app.route("METHOD", "/api/...") of src/adapters/http/*.cpp is documented, nothing else is, and
# the document's $refs and path parameters hold. Needs python3 with PyYAML (Debian python3-yaml);
# the configure fails without it (the test would report itself skipped, exit 77).
find_program(MC_PYTHON3_FOR_OPENAPI NAMES python3)
if(MC_PYTHON3_FOR_OPENAPI)
  execute_process(COMMAND ${MC_PYTHON3_FOR_OPENAPI} -c "import yaml" RESULT_VARIABLE MC_PYYAML_MISSING OUTPUT_QUIET ERROR_QUIET)
endif()
if(MC_PYTHON3_FOR_OPENAPI AND MC_PYYAML_MISSING)
  mc_missing_test_tool("openapi_routes" "${MC_PYTHON3_FOR_OPENAPI} has no PyYAML (apt-get install python3-yaml)")
elseif(MC_PYTHON3_FOR_OPENAPI)
  add_test(NAME openapi_routes
           COMMAND ${MC_PYTHON3_FOR_OPENAPI} ${CMAKE_CURRENT_LIST_DIR}/tools/check_openapi.py
                   --root ${PROJECT_SOURCE_DIR})
  set_tests_properties(openapi_routes PROPERTIES
    LABELS "unit"
    SKIP_RETURN_CODE 77
    TIMEOUT 60)
else()
  mc_missing_test_tool("openapi_routes" "no python3")
endif()
