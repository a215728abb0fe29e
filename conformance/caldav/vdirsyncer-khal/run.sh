#!/usr/bin/env bash
# vdirsyncer-khal/run.sh --url URL --user U [--password PW] [--home PATH] [--calendar PATH] [--log-dir DIR]
# (options: lib/options.sh). Runs sync_roundtrip.py (vdirsyncer 0.19 + khal 0.10, Debian);
# full output in LOG_DIR/vdirsyncer-khal.log, work dirs (configs, vdir) under LOG_DIR.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/options.sh"
parse_caldav_options vdirsyncer-khal "$@"
log="$CALDAV_LOG_DIR/vdirsyncer-khal.log"
timeout "${SUITE_TIMEOUT:-300}" /usr/bin/python3 "$here/sync_roundtrip.py" > "$log" 2>&1
rc=$?
grep -E '^(FAIL|vdirsyncer-khal:)' "$log"
# vdirsyncer's own warnings (e.g. "Deleting an item with no etag") are reported, not failures.
grep -E '^ +(warning|error):' "$log" | sed 's/^ */vdirsyncer-khal: vdirsyncer said: /' | sort | uniq -c | sed 's/^ *//'
if ! grep -qE '^vdirsyncer-khal: [0-9]+ passed' "$log"; then
  echo "vdirsyncer-khal: FAIL: no summary (crashed or timed out, exit $rc); last lines of $log:"; tail -n 15 "$log"; exit 1
fi
[[ $rc -eq 0 ]] && echo "vdirsyncer-khal: PASS" || echo "vdirsyncer-khal: FAIL (log: $log)"
exit $rc
