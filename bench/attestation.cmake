# Attestation throughput: full document (signature + DataMatrix + PDF), and the signature,
# verification and rendering parts alone. Single-threaded: the rates are per core.
add_executable(attestation_bench ${CMAKE_CURRENT_LIST_DIR}/attestation_bench.cpp)
target_link_libraries(attestation_bench PRIVATE mc_pdf mc_signing benchmark::benchmark)
