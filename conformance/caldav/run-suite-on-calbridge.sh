#!/usr/bin/env bash
# run-suite-on-calbridge.sh CALBRIDGE SUITE [--import FILE] [--calendar PATH]
#
# What ctest runs (conformance/CMakeLists.txt): starts a fresh calbridge gateway
# (start-calbridge.sh; --import FILE imports a PST/OST for the user first), runs one conformance
# suite against it (SUITE = litmus, python-caldav, vdirsyncer-khal, tsdav, discovery; --calendar
# PATH makes it work in that existing, e.g. imported, calendar), stops the gateway with SIGTERM,
# checks it stopped, and that its store passes PRAGMA integrity_check (`calbridge status`).
# Logs stay in the state dir on failure.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
usage() { echo "usage: run-suite-on-calbridge.sh CALBRIDGE SUITE [--import FILE] [--calendar PATH]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
calbridge=$1 suite=$2; shift 2
start_args=() suite_args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --import) [[ $# -ge 2 ]] || usage; start_args+=(--import "$2"); shift 2 ;;
    --calendar) [[ $# -ge 2 ]] || usage; suite_args+=(--calendar "$2"); shift 2 ;;
    *) usage ;;
  esac
done
state=$(mktemp -d "${TMPDIR:-/tmp}/calbridge-$suite.XXXXXX")
env_out=$("$here/start-calbridge.sh" "$calbridge" "$state/gateway" "${start_args[@]}") || exit 1
eval "$env_out"
# A suite interrupted (ctest's TIMEOUT, Ctrl-C) must not leave its gateway running.
trap 'kill -KILL "$CALBRIDGE_PID" 2>/dev/null; exit 1' INT TERM
export CALDAV_URL CALDAV_USER CALDAV_PASSWORD CALDAV_HOME
"$here/run-all.sh" "$CALDAV_URL" "$CALDAV_USER" - "$CALDAV_HOME" --only "$suite" --log-dir "$state/logs" "${suite_args[@]}"
rc=$?
kill -TERM "$CALBRIDGE_PID"
wait_rc=0
for _ in $(seq 100); do kill -0 "$CALBRIDGE_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$CALBRIDGE_PID" 2>/dev/null; then
  echo "run-suite-on-calbridge: FAIL: calbridge did not stop within 10 s of SIGTERM" >&2
  kill -KILL "$CALBRIDGE_PID"; wait_rc=1
fi
check=$("$calbridge" --config "$CALBRIDGE_DIR/calbridge.toml" status 2>&1 | grep -i "integrity" || true)
echo "run-suite-on-calbridge: store: ${check:-no integrity line from calbridge status}"
[[ $check == *ok* ]] || { echo "run-suite-on-calbridge: FAIL: store integrity not ok" >&2; rc=1; }
if [[ $rc -eq 0 && $wait_rc -eq 0 ]]; then rm -rf "$state"; else echo "run-suite-on-calbridge: logs in $state" >&2; fi
[[ $rc -eq 0 && $wait_rc -eq 0 ]]
