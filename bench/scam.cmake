# Scam checker throughput and latency (Google Benchmark). Run:
#   build/bench/scam_bench --benchmark_counters_tabular=true
add_executable(scam_bench ${CMAKE_CURRENT_LIST_DIR}/scam_bench.cpp)
target_link_libraries(scam_bench PRIVATE mc_scam benchmark::benchmark)
