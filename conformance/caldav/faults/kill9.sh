#!/usr/bin/env bash
# faults/kill9.sh CALBRIDGE OST [--work-dir DIR]: the kill -9 fault test (kill9.py: a PUT burst
# killed mid-way, concurrent If-Match / If-None-Match PUTs, kill -9 during import and a
# re-import). What ctest runs as conformance:caldav-kill9. Needs Debian's python3 (stdlib; uses
# python3-icalendar when installed to check that stored objects parse).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -ge 2 ]] || { echo "usage: kill9.sh CALBRIDGE OST [--work-dir DIR]" >&2; exit 2; }
exec /usr/bin/python3 "$here/kill9.py" "$@"
