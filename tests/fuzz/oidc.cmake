# JWT / JWKS parsing of the FranceConnect relying party (src/adapters/oidc/jose.cpp, claims.cpp).
mc_fuzzer(oidc_fuzz SOURCES ${CMAKE_CURRENT_LIST_DIR}/oidc_fuzz.cpp LIBS mc_oidc)
