# Stored Argon2id hashes (PHC strings) and the arena Argon2id against libsodium (src/adapters/crypto).
mc_fuzzer(argon2_fuzz SOURCES ${CMAKE_CURRENT_LIST_DIR}/argon2_fuzz.cpp LIBS mc_crypto PkgConfig::SODIUM)
