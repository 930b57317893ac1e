# Linux install rules and the Debian package (CPack). Included by the root CMakeLists.txt after app/, so the
# programs' own install(TARGETS ... DESTINATION bin) rules in app/CMakeLists.txt already exist.
#
#   cmake --install build/release --prefix /usr/local    # or: cd build/release && cpack  -> mailshim_<ver>_amd64.deb
#
# What is installed (prefix /usr for the package):
#   bin/mailshim, bin/mailshim-service                   app/CMakeLists.txt
#   lib/systemd/user/mailshim.service                    from mailshim.service.in, pointing at <prefix>/bin; shipped
#                                                        disabled: `systemctl --user enable --now mailshim` or
#                                                        `mailshim-service --install` turns it on for one user
#   share/applications/mailshim.desktop                  the tray program in the applications menu
#   share/icons/hicolor/<size>/apps/mailshim.png, scalable/apps/mailshim.svg
#   share/mailshim/mailshim.example.json                 the example config (`--check-config` it, copy it)
#   share/doc/mailshim/README.md
# Not installed as files: the translations (mailshim_*.qm) and the tray icons are Qt resources compiled into the
# programs (ui/CMakeLists.txt), and so is the unit template that `mailshim-service --install` writes
# (service/CMakeLists.txt). Qt's own Japanese strings come from qt6-translations-l10n (Recommends).
# The package has no maintainer scripts: installing it starts nothing and enables nothing; the icon cache and the
# menu are refreshed by the dpkg triggers of hicolor-icon-theme and desktop-file-utils.
if(NOT UNIX OR APPLE)
  return()
endif()

set(MAILSHIM_LINUX_DIR ${CMAKE_CURRENT_LIST_DIR})

# The systemd user unit, written at install time so that it names the prefix really installed to (/usr for the
# package, /usr/local or --prefix for `cmake --install`). The same template as `mailshim-service --install` uses;
# the config is the per-user default (%E is $XDG_CONFIG_HOME, or ~/.config), the same file as the tray program's.
# Debian 12 has systemd 252, so no RestartSteps (254+) here.
install(CODE "
  set(_unit_dir \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib/systemd/user\")
  file(READ \"${MAILSHIM_LINUX_DIR}/mailshim.service.in\" _unit)
  string(REGEX REPLACE \"^(#[^\\n]*\\n)+\" \"# MailShim background service, as a systemd user unit (installed with MailShim; not enabled).
# For one user: `systemctl --user enable --now mailshim` (or `mailshim-service --install`, which writes its own copy
# to ~/.config/systemd/user/ and enables that; a copy there takes precedence over this file).
# It reads the user's ~/.config/MailShim/mailshim.json, the same file as the tray program.
\" _unit \"\${_unit}\")
  string(REPLACE \"@EXECUTABLE@\" \"\${CMAKE_INSTALL_PREFIX}/bin/mailshim-service\" _unit \"\${_unit}\")
  string(REPLACE \"@CONFIG@\" \"%E/MailShim/mailshim.json\" _unit \"\${_unit}\")
  string(REPLACE \"@BACKOFF@\\n\" \"\" _unit \"\${_unit}\")
  message(STATUS \"Installing: \${_unit_dir}/mailshim.service\")
  file(MAKE_DIRECTORY \"\${_unit_dir}\")
  file(WRITE \"\${_unit_dir}/mailshim.service\" \"\${_unit}\")
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${CMAKE_INSTALL_PREFIX}/lib/systemd/user/mailshim.service\")
")

if(TARGET mailshim)
  install(FILES ${MAILSHIM_LINUX_DIR}/mailshim.desktop DESTINATION share/applications)
  # hicolor has no 20 or 40 px folders; the other rendered sizes, and the SVG for everything else.
  foreach(size 16 24 32 48 64 128 256)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/png/mailshim-${size}.png
            DESTINATION share/icons/hicolor/${size}x${size}/apps RENAME mailshim.png)
  endforeach()
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/mailshim.svg DESTINATION share/icons/hicolor/scalable/apps)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/resources/mailshim.example.json DESTINATION share/mailshim)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/mailshim)

# The Debian package: `cpack` in the build folder (or `cmake --build <dir> --target package`).
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "mailshim")
set(CPACK_PACKAGE_VENDOR "MailShim")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "MailShim developers <mailshim@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "modern mail security for old mail clients (POP3 to APOP, TLS, STLS)")
# The first line of Description is the summary above; this is the long text under it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "MailShim lets a mail program that only speaks plain POP3 (USER/PASS) reach a
server that wants TLS, STARTTLS or APOP: the client talks to 127.0.0.1, and
MailShim carries the session to the real server the secure way.
.
This package holds the tray program (mailshim, in the applications menu, with a
setup wizard and a proxy-chain wizard; English and Japanese) and the headless
background service (mailshim-service, with a systemd user unit).")
set(CPACK_DEBIAN_PACKAGE_SECTION "mail")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/mailshim/mailshim")
set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT") # mailshim_<version>_<arch>.deb
# Library dependencies from the binaries (dpkg-shlibdeps, in dpkg-dev): Qt 6, QtKeychain, OpenSSL.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Qt's own strings ("Cancel", "< Back") in Japanese; a Secret Service keeps stored passwords.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "gnome-keyring")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_SOURCE_GENERATOR "") # no source package; git is the source
include(CPack)
