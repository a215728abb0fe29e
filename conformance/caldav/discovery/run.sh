#!/usr/bin/env bash
# discovery/run.sh --url URL --user U [--password PW] [--calendar PATH] [--home PATH] [--log-dir DIR]
# (options: lib/options.sh). Replays Thunderbird's and Apple Calendar's discovery and sync
# requests with curl (replay.py, bodies in requests/, sources in requests/SOURCES.md) and
# checks the answers. Every exchange: LOG_DIR/discovery/NN-*.txt; output: LOG_DIR/discovery.log.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/options.sh"
parse_caldav_options discovery "$@"
command -v curl >/dev/null || caldav_die "curl missing (apt-get install curl)"
log="$CALDAV_LOG_DIR/discovery.log"
timeout "${SUITE_TIMEOUT:-300}" /usr/bin/python3 "$here/replay.py" > "$log" 2>&1
rc=$?
grep -E '^(FAIL|discovery:)' "$log" | cut -c1-300
if ! grep -qE '^discovery: [0-9]+ passed' "$log"; then
  echo "discovery: FAIL: no summary (crashed or timed out, exit $rc); last lines of $log:"; tail -n 15 "$log"; exit 1
fi
[[ $rc -eq 0 ]] && echo "discovery: PASS" || echo "discovery: FAIL (log: $log, exchanges: $CALDAV_LOG_DIR/discovery/)"
exit $rc
