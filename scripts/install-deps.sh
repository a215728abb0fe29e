#!/usr/bin/env bash
# Installs every Debian and npm package that calbridge's build, tests, conformance suites and
# benchmarks need, on a fresh Debian 12. Idempotent; run as root (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Build: compiler, CMake, and the libraries of DESIGN.md.
BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config git xz-utils
  libpff-dev libbfio-dev libical-dev libicu-dev libpugixml-dev libssl-dev libsqlite3-dev
  libboost-dev libcurl4-openssl-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  libspdlog-dev catch2 libmimalloc-dev
  # the EWS stand-in (tests/ews_standin): Microsoft's schema checks, and its HTTP server
  libxml2-dev libcpp-httplib-dev
  # fuzzing and sanitizers
  clang-14 libclang-rt-14-dev
  # patched libpff build (scripts/build-libpff.sh): Debian's source package and its build tools
  dpkg-dev autoconf automake libtool autopoint gettext
)
# Conformance: independent iCalendar parsers (libical is linked above; python3-icalendar; ical.js via npm).
CONFORMANCE_PACKAGES=(python3 python3-icalendar
  # CalDAV clients run against the live gateway (conformance/caldav/)
  litmus vdirsyncer khal python3-caldav apache2-utils libxml2-utils curl
  # an independent recurrence expansion that tests/unit/calendar compares with
  python3-dateutil
  # a real EWS client, "a colleague in Outlook" against the Exchange stand-in (issue 5)
  python3-exchangelib
  # the status page as a browser shows it (conformance/status/: npm playwright-core drives
  # /usr/bin/chromium headless), with a font for readable screenshots
  chromium fonts-dejavu-core)
# Node.js: Debian's nodejs and npm, unless a Node.js with npm is already installed (a newer
# Node.js from elsewhere ships its own npm, which Debian's npm package conflicts with).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  CONFORMANCE_PACKAGES+=(nodejs npm)
fi
# Benchmarks: the peers (readpst from pst-utils, pffexport from pff-tools) and the timers.
BENCH_PACKAGES=(pst-utils pff-tools hyperfine time
  # CalDAV peers and load generator (bench/caldav/); Radicale also self-tests conformance/caldav/
  radicale xandikos wrk
  # the EWS -> CalDAV peer of bench/ews/ (Java; run headless with a properties file)
  davmail)

missing=()
for p in "${BUILD_PACKAGES[@]}" "${CONFORMANCE_PACKAGES[@]}" "${BENCH_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages for the conformance suites (conformance/package.json, locked).
if [ -f conformance/package.json ]; then
  (cd conformance && npm ci --no-audit --no-fund --loglevel=error)
fi

# libpff with the name-to-id hash index (falls back to Debian's libpff if this fails).
if [ -x scripts/build-libpff.sh ]; then
  scripts/build-libpff.sh || echo "install-deps: patched libpff not built; using Debian's libpff-dev" >&2
fi
