#!/usr/bin/env bash
# run-ical.sh DIR FACTS.json
#
# Checks every .ics under DIR (recursively) with three independent iCalendar parsers:
#   libical    (C, the reference library)      ical/libical_check.cpp
#   icalendar  (Python, Debian python3-icalendar) ical/python_icalendar_check.py
#   ical.js    (JavaScript, npm ical.js)        ical/icaljs_check.mjs, which also expands
#              recurrences and compares them with FACTS.json (`calbridge info FILE --json`).
# Prints each checker's errors and summary; exits non-zero if any checker fails, and fails
# loudly when DIR holds no .ics file (an empty export must never pass).
#
# Environment: LIBICAL_CHECK=path/to/libical_check (else it is compiled, see
# ical/libical-check-path.sh); VERBOSE=1 to print every line (ok lines too);
# MAX_LINES=N error lines shown per checker (default 50; the full logs are kept).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYTHON=/usr/bin/python3   # Debian's, which has python3-icalendar (not the python3 first on PATH)
NODE=${NODE:-node}
MAX_LINES=${MAX_LINES:-50}

die() { echo "run-ical: FAIL: $*" >&2; exit 2; }

[[ $# -eq 2 ]] || die "usage: run-ical.sh EXPORT_DIR FACTS.json"
dir=$1
facts=$2
[[ -d "$dir" ]] || die "$dir is not a directory"
[[ -f "$facts" ]] || die "facts file $facts not found (make it with: calbridge info FILE --json > FACTS.json)"

mapfile -d '' files < <(find "$dir" -type f -iname '*.ics' -print0 | sort -z)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "run-ical: FAIL: no .ics files under $dir — the export produced nothing, refusing to pass" >&2
  exit 1
fi
echo "run-ical: ${#files[@]} .ics files under $dir"

libical_check=$("$here/ical/libical-check-path.sh") || die "no libical_check binary"
[[ -x $PYTHON ]] || die "$PYTHON not found (apt-get install python3 python3-icalendar)"
command -v "$NODE" >/dev/null || die "node not found (apt-get install nodejs npm)"
if [[ ! -f "$here/node_modules/ical.js/package.json" ]]; then
  echo "run-ical: installing ical.js from conformance/package-lock.json (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund >&2) || die "npm ci failed in $here"
fi

logs=$(mktemp -d "${TMPDIR:-/tmp}/run-ical.XXXXXX")
passed=0
failed=0

# run NAME SUMMARY_REGEX COMMAND...: runs a checker, shows its problems and summary line.
run() {
  local name=$1 summary=$2
  shift 2
  local log="$logs/$name.log"
  "$@" >"$log" 2>&1
  local rc=$?
  if [[ ${VERBOSE:-0} == 1 ]]; then
    cat "$log"
  else
    local problems
    problems=$(grep -Ev "^(ok |info |$summary)" "$log")
    if [[ -n $problems ]]; then
      head -n "$MAX_LINES" <<<"$problems"
      local n
      n=$(wc -l <<<"$problems")
      (( n > MAX_LINES )) && echo "... $((n - MAX_LINES)) more lines in $log"
    fi
    grep -E "^$summary" "$log"
  fi
  if ! grep -qE "^$summary" "$log"; then
    echo "run-ical: FAIL: $name printed no summary (crashed? exit $rc); log: $log"
    rc=1
  fi
  if [[ $rc -eq 0 ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "run-ical: $name FAILED (exit $rc)"; fi
}

run libical 'libical: [0-9]+ files' "$libical_check" "${files[@]}"
run python-icalendar 'python-icalendar [^:]*: [0-9]+ files' "$PYTHON" "$here/ical/python_icalendar_check.py" "${files[@]}"
run ical.js 'ical.js: [0-9]+ files' "$NODE" "$here/ical/icaljs_check.mjs" --facts "$facts" --root "$dir" "${files[@]}"

if [[ $failed -eq 0 ]]; then rm -rf "$logs"; else echo "run-ical: full logs in $logs"; fi
echo "ical-conformance: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
