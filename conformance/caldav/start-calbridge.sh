#!/usr/bin/env bash
# start-calbridge.sh CALBRIDGE [STATE_DIR] [--import FILE]
#
# Starts `calbridge serve` on 127.0.0.1 with a free port (port = 0 in its configuration), a
# fresh SQLite store in STATE_DIR and one user, optionally with a PST/OST imported, for the
# conformance suites (run-all.sh, and ctest through run-suite-on-calbridge.sh).
#
# Prints shell assignments on stdout once the server answers (also written to STATE_DIR/env):
#   CALDAV_URL=http://127.0.0.1:PORT/dav/  CALDAV_USER=...  CALDAV_PASSWORD=...
#   CALDAV_HOME=/dav/calendars/USER/  CALBRIDGE_PID=...  CALBRIDGE_DIR=...
# so `eval "$(start-calbridge.sh build/gateway/calbridge)"` sets them. Stop it with
# kill "$CALBRIDGE_PID" (SIGTERM: graceful). Its log is STATE_DIR/serve.log.
# Environment: CALBRIDGE_USER (default alice), CALBRIDGE_PASSWORD (default: random),
# CALBRIDGE_TIMEOUT seconds to wait for readiness (default 20).
set -euo pipefail
die() { echo "start-calbridge: FAIL: $*" >&2; exit 1; }
[[ $# -ge 1 ]] || die "usage: start-calbridge.sh CALBRIDGE [STATE_DIR] [--import FILE]"
calbridge=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
[[ -x $calbridge ]] || die "no calbridge binary at $calbridge"
dir=
import=
while [[ $# -gt 0 ]]; do
  case $1 in
    --import) import=$2; shift 2 ;;
    *) dir=$1; shift ;;
  esac
done
dir=${dir:-$(mktemp -d "${TMPDIR:-/tmp}/calbridge-conf.XXXXXX")}
mkdir -p "$dir" && dir=$(cd "$dir" && pwd)
user=${CALBRIDGE_USER:-alice}
password=${CALBRIDGE_PASSWORD:-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}
wait_s=${CALBRIDGE_TIMEOUT:-20}

cat > "$dir/calbridge.toml" <<CFG
[server]
bind = "127.0.0.1"
port = 0
[store]
path = "store.db"
[log]
level = "info"
access_log = true
CFG
cb() { "$calbridge" --config "$dir/calbridge.toml" "$@"; }
printf '%s\n' "$password" | cb user add "$user" --email "$user@example.com" --password-stdin >"$dir/setup.log" 2>&1 \
  || { cat "$dir/setup.log" >&2; die "user add failed"; }
if [[ -n $import ]]; then
  cb import "$import" --user "$user" >>"$dir/setup.log" 2>&1 || { cat "$dir/setup.log" >&2; die "import failed"; }
fi

# The first line on stdout is "calbridge: serving http://127.0.0.1:PORT/dav/". That URL, not the
# bare origin, is what calbridge tells its users to give their clients (the CalDAV context path,
# RFC 6764 5; "/" itself is no WebDAV resource), so the suites get it as CALDAV_URL.
# Made here: the background job opens its redirections only once it runs, and a loaded machine
# can run the loop's first sed before that (set -e would end this script on sed's error).
: >"$dir/serve.out"
cb serve >"$dir/serve.out" 2>"$dir/serve.log" &
pid=$!
url=
for _ in $(seq $((wait_s * 10))); do
  kill -0 "$pid" 2>/dev/null || { cat "$dir/serve.log" >&2; die "calbridge serve exited"; }
  url=$(sed -nE '1s#^calbridge: serving (https?://[^/]+/.*)$#\1#p' "$dir/serve.out")
  [[ -n $url ]] && break
  sleep 0.1
done
[[ -n $url ]] || { kill "$pid"; die "no URL from calbridge serve within ${wait_s}s"; }
# Ready means: answering HTTP.
curl -s -o /dev/null --max-time 5 "${url%%/dav/*}/.well-known/caldav" || { kill "$pid"; die "$url does not answer"; }

{
  printf 'CALDAV_URL=%q\nCALDAV_USER=%q\nCALDAV_PASSWORD=%q\nCALDAV_HOME=%q\n' \
    "$url" "$user" "$password" "/dav/calendars/$user/"
  printf 'CALBRIDGE_PID=%q\nCALBRIDGE_DIR=%q\n' "$pid" "$dir"
} | tee "$dir/env"
