# Windows-only parts of MailShim's executables, included by app/CMakeLists.txt when WIN32 (the cross build with
# installer/windows/mingw-w64-x86_64.cmake). The Linux build never reads this file.
#
#   mailshim_windows_app(<target> DESCRIPTION <text> [GUI] [EVENT_MESSAGES])
#
# Adds the version resource with the MailShim icon and the application manifest (app.manifest.in: asInvoker, the
# supported Windows versions, and for GUI PerMonitorV2 DPI awareness), and imports the static Qt plugins the target
# needs: the OpenSSL TLS backend (not Schannel, which under Wine dropped a finished TLS session, nor the certificate-only
# one), and for GUI the Windows platform plugin, the Windows Vista style and Qt's own Japanese strings.
# EVENT_MESSAGES also compiles the event log message table (eventmessages.mc) into the exe, for the Application
# log source "MailShim".
enable_language(RC)

function(mailshim_windows_app target)
  cmake_parse_arguments(W "GUI;EVENT_MESSAGES" "DESCRIPTION" "" ${ARGN})
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/${target}-rc")
  set(MAILSHIM_RC_NAME "${target}")
  set(MAILSHIM_RC_DESCRIPTION "${W_DESCRIPTION}")
  set(MAILSHIM_RC_ICON "${PROJECT_SOURCE_DIR}/resources/icons/mailshim.ico")
  set(MAILSHIM_RC_EXTRA "")
  if(W_EVENT_MESSAGES)
    find_program(MAILSHIM_WINDMC NAMES x86_64-w64-mingw32-windmc windmc REQUIRED)
    set(mc "${PROJECT_SOURCE_DIR}/installer/windows/eventmessages.mc")
    add_custom_command(OUTPUT "${dir}/eventmessages.rc" "${dir}/MSG00409.bin"
                       COMMAND "${MAILSHIM_WINDMC}" -h "${dir}" -r "${dir}" "${mc}"
                       DEPENDS "${mc}" COMMENT "Event log message table for ${target}")
    set(MAILSHIM_RC_EXTRA "#include \"${dir}/eventmessages.rc\"")
  endif()
  set(MAILSHIM_MANIFEST_WINDOWS_SETTINGS "")
  if(W_GUI)
    # Per-monitor (V2) DPI aware, as Qt 6 sets itself: said here, Windows knows it before any window exists. The
    # older dpiAware value is what Windows 8.1 and early Windows 10 read (true/pm: per monitor, else system).
    string(CONCAT MAILSHIM_MANIFEST_WINDOWS_SETTINGS
      "  <application xmlns=\"urn:schemas-microsoft-com:asm.v3\">\n"
      "    <windowsSettings>\n"
      "      <dpiAware xmlns=\"http://schemas.microsoft.com/SMI/2005/WindowsSettings\">true/pm</dpiAware>\n"
      "      <dpiAwareness xmlns=\"http://schemas.microsoft.com/SMI/2016/WindowsSettings\">PerMonitorV2</dpiAwareness>\n"
      "    </windowsSettings>\n"
      "  </application>\n")
  endif()
  set(MAILSHIM_RC_MANIFEST "${dir}/${target}.exe.manifest")
  configure_file("${PROJECT_SOURCE_DIR}/installer/windows/app.manifest.in" "${MAILSHIM_RC_MANIFEST}" @ONLY)
  configure_file("${PROJECT_SOURCE_DIR}/installer/windows/version.rc.in" "${dir}/version.rc" @ONLY)
  target_sources(${target} PRIVATE "${dir}/version.rc")
  set_property(SOURCE "${dir}/version.rc" APPEND PROPERTY OBJECT_DEPENDS "${MAILSHIM_RC_MANIFEST}")
  if(W_EVENT_MESSAGES)
    # windres resolves the message table's .bin from the include path.
    set_property(SOURCE "${dir}/version.rc" APPEND PROPERTY OBJECT_DEPENDS "${dir}/eventmessages.rc")
    target_include_directories(${target} PRIVATE "${dir}")
  endif()

  set(plugins Qt6::QTlsBackendOpenSSLPlugin)
  if(W_GUI)
    # The plugin targets are imported per directory: make Gui's and Widgets' known here too.
    find_package(Qt6 REQUIRED COMPONENTS Gui Widgets)
    list(APPEND plugins Qt6::QWindowsIntegrationPlugin Qt6::QWindowsVistaStylePlugin)
    # Qt's own Japanese strings (the wizard's "< Back", "Cancel"): a static exe has no Qt installation to
    # load them from, so they go in next to ours (:/i18n, where ui/common/translations.cpp looks second). Debian's
    # qt6-translations-l10n is the same Qt version as the SDK.
    set(qtbase_ja "${QT_HOST_PATH}/share/qt6/translations/qtbase_ja.qm")
    if(NOT EXISTS "${qtbase_ja}")
      message(FATAL_ERROR "${qtbase_ja} not found: install qt6-translations-l10n (scripts/setup-debian.sh)")
    endif()
    qt_add_resources(${target} "qt_translations" PREFIX "/i18n" BASE "${QT_HOST_PATH}/share/qt6/translations"
                     FILES "${qtbase_ja}")
  endif()
  qt_import_plugins(${target} INCLUDE ${plugins} EXCLUDE Qt6::QSchannelBackendPlugin Qt6::QTlsBackendCertOnlyPlugin)
endfunction()
