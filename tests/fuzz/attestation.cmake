# 2D-Doc payload parser / verifier of the attestation (src/core/attestation).
mc_fuzzer(attestation_fuzz SOURCES ${CMAKE_CURRENT_LIST_DIR}/attestation_fuzz.cpp LIBS mc_attestation)
