# Getting back in (tests/recovery/): the real service with a real SMTP server
# (tests/tools/smtp_sink.py, Debian python3-aiosmtpd) and the print outbox read with pdftotext.
mc_require_node("the recovery tests (tests/recovery)")
find_program(MC_PDFTOTEXT pdftotext)
# The SMTP sink runs under Debian's /usr/bin/python3 when the python3 first in PATH lacks aiosmtpd.
find_program(MC_PYTHON3_FOR_SMTP python3)
set(MC_AIOSMTPD_MISSING 1)
foreach(py ${MC_PYTHON3_FOR_SMTP} /usr/bin/python3)
  if(MC_AIOSMTPD_MISSING AND EXISTS ${py})
    execute_process(COMMAND ${py} -c "import aiosmtpd" RESULT_VARIABLE MC_AIOSMTPD_MISSING OUTPUT_QUIET ERROR_QUIET)
  endif()
endforeach()
if(NOT MC_PDFTOTEXT)
  mc_missing_test_tool("the recovery tests (tests/recovery)" "no pdftotext (apt-get install poppler-utils)")
elseif(MC_AIOSMTPD_MISSING)
  mc_missing_test_tool("the recovery tests (tests/recovery)" "no python3 with aiosmtpd (apt-get install python3-aiosmtpd)")
elseif(MC_NODE_OK)
  file(GLOB MC_RECOVERY_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/recovery/*.test.mjs)
  foreach(f ${MC_RECOVERY_TESTS})
    get_filename_component(name ${f} NAME_WE)
    add_test(NAME recovery.${name}
             COMMAND ${MC_NODE} --test --test-reporter=spec ${f}
             WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR}/recovery)
    set_tests_properties(recovery.${name} PROPERTIES
      ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>"
      LABELS "integration;recovery;mail"
      TIMEOUT 300)
  endforeach()
endif()
