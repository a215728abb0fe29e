#!/usr/bin/env bash
# litmus/run.sh --url URL --user U [--password PW] [--collection PATH | --home PATH] [--log-dir DIR]
# (options and CALDAV_* env vars: lib/options.sh)
#
# Runs litmus 0.13 (Debian `litmus`) test programs basic, copymove, props, http — required:
# every test must pass (a SKIPPED test is not a pass) — and locks, reported but not required.
# locks only runs when the server's DAV header (OPTIONS on the collection) advertises class 2
# (RFC 4918 18.2); otherwise it reports "locks: not supported (DAV class 2 not advertised)".
# litmus MKCOLs `litmus/` under the collection (--collection, default the calendar home).
# litmus only takes credentials on its command line, so they are visible in ps while it runs.
# Each program runs in LOG_DIR/<program>/ (litmus writes debug.log there); its console
# output is LOG_DIR/<program>.out. Exit 0 only if all required programs pass.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/options.sh"
parse_caldav_options litmus "$@"
PYTHON=/usr/bin/python3
LITMUS_DIR=${LITMUS_DIR:-/usr/libexec/litmus}
LITMUS_HTDOCS=${LITMUS_HTDOCS:-/usr/share/litmus/htdocs}
TEST_TIMEOUT=${LITMUS_TIMEOUT:-120}
REQUIRED=(basic copymove props http)

[[ -x $LITMUS_DIR/basic ]] || caldav_die "litmus not found in $LITMUS_DIR (apt-get install litmus)"

collection=${CALDAV_COLLECTION:-$CALDAV_HOME}
if [[ -z $collection ]]; then
  collection=$("$PYTHON" "$here/../lib/discover-home.py") || caldav_die "cannot discover the calendar home; give --collection"
fi
url=$(caldav_abs_url "$collection")
[[ $url == */ ]] || url="$url/"
echo "litmus: collection $url (litmus creates ${url}litmus/), logs in $CALDAV_LOG_DIR"

# run_program NAME: runs one litmus program, parses it; returns the parser's status.
run_program() {
  local name=$1 rc
  mkdir -p "$CALDAV_LOG_DIR/$name"
  (cd "$CALDAV_LOG_DIR/$name" && timeout "$TEST_TIMEOUT" "$LITMUS_DIR/$name" --htdocs "$LITMUS_HTDOCS" \
      "$url" "$CALDAV_USER" "$CALDAV_PASSWORD") > "$CALDAV_LOG_DIR/$name.out" 2>&1
  rc=$?
  [[ $rc -eq 124 ]] && echo "litmus $name: timed out after ${TEST_TIMEOUT}s"
  "$PYTHON" "$here/parse_litmus.py" "$name" "$CALDAV_LOG_DIR/$name.out" "$rc" | tee "$CALDAV_LOG_DIR/$name.results"
  return "${PIPESTATUS[0]}"
}

failed=()
passed=()
for p in "${REQUIRED[@]}"; do
  if run_program "$p"; then passed+=("$p"); else failed+=("$p"); fi
done

# locks: only if the DAV header lists compliance class 2 (RFC 4918 10.1, 18.2).
# (credentials through curl's config on stdin, not argv)
dav=$(printf 'user = "%s:%s"\n' "$CALDAV_USER" "$CALDAV_PASSWORD" |
      curl -s -K - -o /dev/null -D - -X OPTIONS "$url" | tr -d '\r' |
      sed -n 's/^[Dd][Aa][Vv]: *//p' | tr '\n' ',')
echo "litmus: DAV header of $url: ${dav%,}"
if tr ',' '\n' <<<"$dav" | sed 's/^ *//; s/ *$//' | grep -qx 2; then
  if run_program locks; then locks="locks: DAV class 2 advertised, all tests passed (not required)"
  else locks="locks: DAV class 2 advertised but the locks tests did NOT all pass (not required; see above)"; fi
else
  locks="locks: not supported (DAV class 2 not advertised)"
fi
echo "litmus $locks"

echo "litmus: required programs passed: ${passed[*]:-none}; failed: ${failed[*]:-none}"
if [[ ${#failed[@]} -eq 0 ]]; then echo "litmus: PASS"; exit 0; fi
echo "litmus: FAIL (full output: $CALDAV_LOG_DIR/<program>.out, traces: $CALDAV_LOG_DIR/<program>/debug.log)"
exit 1
