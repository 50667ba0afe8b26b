# In-process: the sign-in use case (SQLite, real Argon2id) against raw libsodium verifications.
add_executable(login_bench ${CMAKE_CURRENT_LIST_DIR}/login_bench.cpp)
target_link_libraries(login_bench PRIVATE mc_wiring benchmark::benchmark)
# The raw Argon2id ceiling for the HTTP benchmark (bench/login_http.sh): threads × verifications.
add_executable(argon2_ceiling ${CMAKE_CURRENT_LIST_DIR}/argon2_ceiling.cpp)
target_link_libraries(argon2_ceiling PRIVATE mc_crypto PkgConfig::SODIUM Threads::Threads)
