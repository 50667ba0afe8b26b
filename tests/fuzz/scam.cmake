# libFuzzer target for the scam checker (clang, -DMC_FUZZ=ON). Run e.g.:
#   build-fuzz/tests/fuzz/scam_fuzz -max_total_time=60 -max_len=70000
mc_fuzzer(scam_fuzz SOURCES ${CMAKE_CURRENT_LIST_DIR}/scam_fuzz.cpp LIBS mc_scam)
