# System dependencies (Debian 12 packages, installed by scripts/install-deps.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)
pkg_check_modules(LIBICAL REQUIRED IMPORTED_TARGET libical)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)
find_package(CLI11 CONFIG REQUIRED)
find_package(spdlog CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)

# libpff: prefer the patched build that scripts/build-libpff.sh installs under
# .deps/libpff (name-to-id lookups through an index, see third_party/libpff/README.md);
# fall back to Debian's libpff-dev.
set(CALBRIDGE_LIBPFF_PREFIX "${CMAKE_CURRENT_SOURCE_DIR}/.deps/libpff" CACHE PATH "Patched libpff prefix")
# The patched .pc can appear after a build dir was first configured: drop what
# pkg_check_modules cached for LIBPFF (result and library path) so every configure re-decides.
unset(__pkg_config_checked_LIBPFF CACHE)
unset(pkgcfg_lib_LIBPFF_pff CACHE)
if(EXISTS "${CALBRIDGE_LIBPFF_PREFIX}/lib/pkgconfig/libpff.pc")
  set(ENV{PKG_CONFIG_PATH} "${CALBRIDGE_LIBPFF_PREFIX}/lib/pkgconfig:$ENV{PKG_CONFIG_PATH}")
  set(CALBRIDGE_LIBPFF_PATCHED ON)
else()
  set(CALBRIDGE_LIBPFF_PATCHED OFF)
endif()
pkg_check_modules(LIBPFF REQUIRED IMPORTED_TARGET libpff)
pkg_check_modules(LIBBFIO REQUIRED IMPORTED_TARGET libbfio)
if(CALBRIDGE_LIBPFF_PATCHED)
  # The patched build is a static archive (libpff.a): link the libraries its Libs.private
  # names (Debian's libbfio, zlib, pthread) after it.
  set(_calbridge_libpff_private ${LIBPFF_STATIC_LIBRARIES})
  list(REMOVE_ITEM _calbridge_libpff_private pff)
  target_link_libraries(PkgConfig::LIBPFF INTERFACE ${_calbridge_libpff_private})
endif()
message(STATUS "libpff ${LIBPFF_VERSION} (patched: ${CALBRIDGE_LIBPFF_PATCHED}) from ${LIBPFF_LINK_LIBRARIES}")

# mimalloc (Debian's libmimalloc-dev) replaces glibc malloc in the calbridge program: libpff
# allocates and frees every record entry of every item, and with mimalloc the export uses
# ~13 % less CPU (bench/README.md). Not with the sanitizers, which bring their own allocator.
option(CALBRIDGE_MIMALLOC "Link the calbridge program with mimalloc when available" ON)
if(CALBRIDGE_MIMALLOC AND NOT CALBRIDGE_SANITIZE)
  find_package(mimalloc CONFIG QUIET)
endif()
message(STATUS "mimalloc: ${mimalloc_FOUND}")

# The server side (issue 4): XML, SQLite, Boost.Beast/Asio (header-only), OpenSSL for TLS and
# password hashing.
find_package(pugixml CONFIG REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(tomlplusplus CONFIG REQUIRED)
