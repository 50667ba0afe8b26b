# The Debian package (issue 19, docs/operations.md): `cmake --build build --target package` (or
# `cpack -G DEB` in the build folder once moncompte and moncompte_man are built) writes
# build/moncompte_<version>_amd64.deb: /usr/bin/moncompte, /etc/moncompte/moncompte.toml (a
# conffile), the systemd unit (not enabled at install), moncompte(8) from --help, and Depends
# computed by dpkg-shlibdeps. scripts/package_test.sh builds, inspects and installs it (CI).
option(MC_PACKAGE "Fail the configure when the package cannot be complete (help2man missing)" OFF)
include(GNUInstallDirs)

install(TARGETS moncompte RUNTIME DESTINATION bin)
install(FILES ${PROJECT_SOURCE_DIR}/moncompte.example.toml DESTINATION /etc/moncompte RENAME moncompte.toml)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/moncompte.service DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/docs/operations.md ${PROJECT_SOURCE_DIR}/docs/deployment.md
              ${PROJECT_SOURCE_DIR}/moncompte.example.toml
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# moncompte(8), generated from --help and --version.
find_program(MC_HELP2MAN help2man)
if(MC_HELP2MAN)
  add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/moncompte.8.gz
    COMMAND ${MC_HELP2MAN} --no-info --section=8 --name "the online account of the Assurance Maladie"
            --output=${CMAKE_BINARY_DIR}/moncompte.8 $<TARGET_FILE:moncompte>
    COMMAND gzip -9nf ${CMAKE_BINARY_DIR}/moncompte.8
    DEPENDS moncompte
    COMMENT "moncompte(8) from --help")
  add_custom_target(moncompte_man ALL DEPENDS ${CMAKE_BINARY_DIR}/moncompte.8.gz)
  install(FILES ${CMAKE_BINARY_DIR}/moncompte.8.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
elseif(MC_PACKAGE)
  message(FATAL_ERROR "the package needs help2man for moncompte(8) (apt-get install help2man; scripts/deps.sh)")
else()
  message(STATUS "package: no help2man, moncompte(8) will be missing (configure with -DMC_PACKAGE=ON to require it)")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME moncompte)
set(CPACK_PACKAGE_VENDOR "Assurance Maladie")
set(CPACK_PACKAGE_CONTACT "MonCompte operators <exploitation-moncompte@assurance-maladie.fr>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "MonCompte, the online account of the Assurance Maladie")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # moncompte_<version>_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")  # postinst; the libraries come from dpkg-shlibdeps
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/postinst ${PROJECT_SOURCE_DIR}/packaging/prerm ${PROJECT_SOURCE_DIR}/packaging/postrm
    ${PROJECT_SOURCE_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# packaging/conffiles: /etc/moncompte/moncompte.toml, so that an operator's edits survive upgrades.
set(CPACK_DEBIAN_PACKAGE_DEBUG OFF)
include(CPack)
