#!/usr/bin/env bash
# The embedded default: installs what is needed, builds, and runs calbridge on the bundled
# sample calendar (a real Outlook.com OST), exporting every calendar folder as iCalendar.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
BUILD_TARGET=calbridge scripts/build.sh build
out=${CALBRIDGE_EXPORT_DIR:-calbridge-export}
echo
echo "== calbridge info tests/data/outlook-com-calendar.ost"
build/gateway/calbridge info tests/data/outlook-com-calendar.ost
echo
echo "== calbridge export tests/data/outlook-com-calendar.ost -o $out"
build/gateway/calbridge export tests/data/outlook-com-calendar.ost -o "$out"
echo
echo "Open the .ics files under $out/ in any calendar application, or import them into Thunderbird"
echo "(File > Open > Calendar File) or Apple Calendar (File > Import)."
