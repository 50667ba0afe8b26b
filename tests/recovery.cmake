# Getting back in (tests/recovery/): the real service with a real SMTP server
# (tests/tools/smtp_sink.py, Debian python3-aiosmtpd) and the print outbox read with pdftotext.
find_program(MC_NODE_FOR_RECOVERY node)
find_program(MC_PDFTOTEXT pdftotext)
if(MC_NODE_FOR_RECOVERY AND MC_PDFTOTEXT)
  file(GLOB MC_RECOVERY_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/recovery/*.test.mjs)
  foreach(f ${MC_RECOVERY_TESTS})
    get_filename_component(name ${f} NAME_WE)
    add_test(NAME recovery.${name}
             COMMAND ${MC_NODE_FOR_RECOVERY} --test --test-reporter=spec ${f}
             WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR}/recovery)
    set_tests_properties(recovery.${name} PROPERTIES
      ENVIRONMENT "MC_BIN=$<TARGET_FILE:moncompte>"
      LABELS "integration;recovery;mail"
      TIMEOUT 300)
  endforeach()
else()
  message(STATUS "node or pdftotext missing: the recovery tests (tests/recovery) are not registered")
endif()
