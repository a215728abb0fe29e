#!/usr/bin/env bash
# export-fixture.sh CALBRIDGE PST_FILE
# Exports every calendar of PST_FILE with calbridge, records what Outlook stored
# (`calbridge info --json`), and runs the three independent parsers on the result
# (run-ical.sh). Used by CTest (conformance:export-*) and by hand.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -eq 2 ]] || { echo "usage: export-fixture.sh CALBRIDGE PST_FILE" >&2; exit 2; }
calbridge=$1
input=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/calbridge-conformance.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$calbridge" export "$input" -o "$work/export"
"$calbridge" info "$input" --json > "$work/facts.json"
"$here/run-ical.sh" "$work/export" "$work/facts.json"
