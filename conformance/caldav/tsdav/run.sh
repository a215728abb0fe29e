#!/usr/bin/env bash
# tsdav/run.sh --url URL --user U [--password PW] [--calendar PATH] [--log-dir DIR]
# (options: lib/options.sh). Runs tsdav_roundtrip.mjs with node; tsdav comes from
# conformance/package-lock.json (`npm ci` in conformance/ when missing). Full output in
# LOG_DIR/tsdav.log.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/options.sh"
parse_caldav_options tsdav "$@"
NODE=${NODE:-node}
conformance=$(cd "$here/../.." && pwd)
command -v "$NODE" >/dev/null || caldav_die "node not found (apt-get install nodejs npm)"
if [[ ! -f "$conformance/node_modules/tsdav/package.json" ]]; then
  echo "tsdav: installing from conformance/package-lock.json (npm ci)"
  (cd "$conformance" && npm ci --no-audit --no-fund >&2) || caldav_die "npm ci failed in $conformance"
fi
log="$CALDAV_LOG_DIR/tsdav.log"
timeout "${SUITE_TIMEOUT:-300}" "$NODE" "$here/tsdav_roundtrip.mjs" > "$log" 2>&1
rc=$?
grep -E '^(FAIL|info calendar|tsdav:)' "$log" | cut -c1-400
if ! grep -qE '^tsdav: [0-9]+ passed' "$log"; then
  echo "tsdav: FAIL: no summary (crashed or timed out, exit $rc); last lines of $log:"; tail -n 15 "$log"; exit 1
fi
[[ $rc -eq 0 ]] && echo "tsdav: PASS" || echo "tsdav: FAIL (log: $log)"
exit $rc
