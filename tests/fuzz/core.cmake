mc_fuzzer(nir SOURCES ${CMAKE_CURRENT_LIST_DIR}/nir_fuzz.cpp LIBS mc_core)
mc_fuzzer(import_csv SOURCES ${CMAKE_CURRENT_LIST_DIR}/import_csv_fuzz.cpp LIBS mc_app mc_csv)
mc_fuzzer(http_request SOURCES ${CMAKE_CURRENT_LIST_DIR}/http_request_fuzz.cpp LIBS mc_http_message nlohmann_json::nlohmann_json Boost::boost)
mc_fuzzer(token SOURCES ${CMAKE_CURRENT_LIST_DIR}/token_fuzz.cpp LIBS mc_core)
