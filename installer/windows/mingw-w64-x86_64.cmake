# CMake toolchain file: cross-compile for Windows x86_64 with Debian's MinGW-w64 (posix threads)
# against the SDK that installer/windows/build-sdk.sh builds (static Qt 6 qtbase + static OpenSSL 3).
#
#   cmake -G Ninja -S . -B build/win64 \
#         -DCMAKE_TOOLCHAIN_FILE=installer/windows/mingw-w64-x86_64.cmake
#
# The SDK location, in order of precedence:
#   -DMAILSHIM_SDK_DIR=<dir>, the environment variable MAILSHIM_SDK_DIR, or else the path
#   build-sdk.sh uses by default: ${MAILSHIM_SDK_CACHE:-/var/cache/mailshim-sdk}/<hash>, where <hash> is
#   the first 12 hex digits of sha256(build-sdk.sh + this file) (same as `build-sdk.sh --print-path`).
# The SDK holds <dir>/qt (Qt prefix) and <dir>/openssl (OpenSSL prefix).
#
# Executables are linked -static -static-libgcc -static-libstdc++ so that they need no MinGW runtime
# DLLs (libstdc++-6.dll, libwinpthread-1.dll, libgcc_s_seh-1.dll) next to them.

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(MAILSHIM_MINGW_TRIPLE x86_64-w64-mingw32)
set(CMAKE_C_COMPILER   ${MAILSHIM_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${MAILSHIM_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER  ${MAILSHIM_MINGW_TRIPLE}-windres)

# --- where the SDK is ------------------------------------------------------------------------------
if(NOT MAILSHIM_SDK_DIR)
  if(DEFINED ENV{MAILSHIM_SDK_DIR} AND NOT "$ENV{MAILSHIM_SDK_DIR}" STREQUAL "")
    set(MAILSHIM_SDK_DIR "$ENV{MAILSHIM_SDK_DIR}")
  else()
    # Same rule as build-sdk.sh: sha256 over the bytes of build-sdk.sh followed by this file.
    file(READ "${CMAKE_CURRENT_LIST_DIR}/build-sdk.sh" _mailshim_script)
    file(READ "${CMAKE_CURRENT_LIST_FILE}" _mailshim_toolchain)
    string(SHA256 _mailshim_hash "${_mailshim_script}${_mailshim_toolchain}")
    string(SUBSTRING "${_mailshim_hash}" 0 12 _mailshim_hash)
    if(DEFINED ENV{MAILSHIM_SDK_CACHE} AND NOT "$ENV{MAILSHIM_SDK_CACHE}" STREQUAL "")
      set(_mailshim_cache "$ENV{MAILSHIM_SDK_CACHE}")
    else()
      set(_mailshim_cache "/var/cache/mailshim-sdk")
    endif()
    set(MAILSHIM_SDK_DIR "${_mailshim_cache}/${_mailshim_hash}")
    unset(_mailshim_script)
    unset(_mailshim_toolchain)
  endif()
endif()
# try_compile() projects re-read this file: hand the value down to them.
set(ENV{MAILSHIM_SDK_DIR} "${MAILSHIM_SDK_DIR}")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES MAILSHIM_SDK_DIR)

# --- search paths ----------------------------------------------------------------------------------
set(CMAKE_FIND_ROOT_PATH
    /usr/${MAILSHIM_MINGW_TRIPLE}
    ${MAILSHIM_SDK_DIR}/qt
    ${MAILSHIM_SDK_DIR}/openssl)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)   # build tools run on the host
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)    # libraries and headers only from the target roots
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# The host Qt (Debian's qt6-base-dev, same version 6.4.2) provides moc/rcc/uic for the cross build.
if(NOT DEFINED QT_HOST_PATH)
  set(QT_HOST_PATH "/usr" CACHE PATH "Host Qt prefix (moc, rcc, uic)")
endif()
if(NOT DEFINED QT_HOST_PATH_CMAKE_DIR)
  set(QT_HOST_PATH_CMAKE_DIR "/usr/lib/x86_64-linux-gnu/cmake" CACHE PATH "Host Qt CMake packages")
endif()

# Qt's static OpenSSL TLS plugin links WrapOpenSSL::WrapOpenSSL: let FindOpenSSL find the static SDK copy.
if(NOT DEFINED OPENSSL_ROOT_DIR)
  set(OPENSSL_ROOT_DIR "${MAILSHIM_SDK_DIR}/openssl")
endif()
if(NOT DEFINED OPENSSL_USE_STATIC_LIBS)
  set(OPENSSL_USE_STATIC_LIBS ON)
endif()

# --- link everything statically --------------------------------------------------------------------
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static-libgcc -static-libstdc++")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static-libgcc -static-libstdc++")
