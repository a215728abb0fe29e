#!/usr/bin/env bash
# python-caldav/run.sh --url URL --user U [--password PW] [--home PATH] [--calendar PATH] [--log-dir DIR]
# (options: lib/options.sh). Runs roundtrip.py with Debian's python3-caldav 0.11; its full
# output goes to LOG_DIR/python-caldav.log; failures and the summary are printed.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/options.sh"
parse_caldav_options python-caldav "$@"
PYTHON=/usr/bin/python3
"$PYTHON" -c 'import caldav' 2>/dev/null || caldav_die "python3-caldav missing (apt-get install python3-caldav)"
log="$CALDAV_LOG_DIR/python-caldav.log"
timeout "${SUITE_TIMEOUT:-300}" "$PYTHON" "$here/roundtrip.py" > "$log" 2>&1
rc=$?
grep -E '^(FAIL|info calendar|python-caldav:)' "$log"
if ! grep -qE '^python-caldav: [0-9]+ passed' "$log"; then
  echo "python-caldav: FAIL: no summary (crashed or timed out, exit $rc); last lines of $log:"; tail -n 15 "$log"; exit 1
fi
[[ $rc -eq 0 ]] && echo "python-caldav: PASS" || echo "python-caldav: FAIL (log: $log)"
exit $rc
