# Operations (issue 19, label "ops"): backup under load and restore, the upgrade from the previous
# release's database, TLS without a proxy (openssl s_client, curl) with a SIGHUP certificate
# reload, and the systemd unit (systemd-analyze verify, exposure score). The Debian package itself
# is built, inspected and installed by scripts/package_test.sh (scripts/test.sh runs it).
mc_require_node("ops tests")
find_program(MC_PYTHON3_OPS python3)
find_program(MC_OPENSSL openssl)
find_program(MC_CURL curl)
find_program(MC_SYSTEMD_ANALYZE systemd-analyze)
foreach(tool MC_PYTHON3_OPS MC_OPENSSL MC_CURL MC_SYSTEMD_ANALYZE)
  if(NOT ${tool})
    mc_missing_test_tool("ops tests" "${tool} not found (scripts/deps.sh test)")
    return()
  endif()
endforeach()
if(NOT MC_NODE_OK)
  return()
endif()
foreach(t backup_restore upgrade tls)
  add_test(NAME ops_${t} COMMAND ${MC_NODE} --test ${CMAKE_CURRENT_SOURCE_DIR}/ops/${t}.test.mjs)
  set_tests_properties(ops_${t} PROPERTIES LABELS ops TIMEOUT 600 ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>")
endforeach()
add_test(NAME ops_systemd_unit COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/ops/systemd_unit.sh $<TARGET_FILE:moncompte>)
set_tests_properties(ops_systemd_unit PROPERTIES LABELS ops TIMEOUT 120)
add_test(NAME ops_sd_notify COMMAND ${MC_PYTHON3_OPS} ${CMAKE_CURRENT_SOURCE_DIR}/ops/sd_notify.py $<TARGET_FILE:moncompte>)
set_tests_properties(ops_sd_notify PROPERTIES LABELS ops TIMEOUT 300)
# Live key rotation (issue 19 item 4): `moncompte keys rotate|retire`, SIGHUP re-reads the key rings.
# Uses the back-office fixtures (staff with TOTP), hence sqlite3.
find_program(MC_SQLITE3_OPS sqlite3)
if(NOT MC_SQLITE3_OPS)
  mc_missing_test_tool("ops tests" "no sqlite3 command (apt-get install sqlite3)")
  return()
endif()
add_test(NAME ops_key_rotation COMMAND ${MC_NODE} --test ${CMAKE_CURRENT_SOURCE_DIR}/ops/key_rotation.test.mjs)
set_tests_properties(ops_key_rotation PROPERTIES LABELS ops TIMEOUT 600
  ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>;MC_SQLITE3=${MC_SQLITE3_OPS}")
