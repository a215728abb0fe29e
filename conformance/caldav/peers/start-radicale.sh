#!/usr/bin/env bash
# peers/start-radicale.sh [STATE_DIR]
#
# Starts Radicale 3.1.8 (Debian `radicale`) on 127.0.0.1 with a free port, temporary storage
# and htpasswd Basic auth, for developing and self-testing the CalDAV conformance harness
# (README.md). Not used against calbridge.
#
# Prints shell assignments on stdout (also written to STATE_DIR/env) once the server answers:
#   CALDAV_URL=http://127.0.0.1:PORT/  CALDAV_USER=...  CALDAV_PASSWORD=...
#   CALDAV_HOME=/USER/  RADICALE_PID=...  RADICALE_DIR=...
# so `eval "$(peers/start-radicale.sh)"` sets them. Stop it with: kill "$RADICALE_PID"
# (then rm -rf "$RADICALE_DIR"). Its log is STATE_DIR/radicale.log.
# Environment: RADICALE_USER (default alice), RADICALE_PASSWORD (default: random),
# RADICALE_TIMEOUT seconds to wait for readiness (default 20).
set -euo pipefail
PYTHON=/usr/bin/python3   # Debian's python, which has the radicale module
user=${RADICALE_USER:-alice}
password=${RADICALE_PASSWORD:-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}
wait_s=${RADICALE_TIMEOUT:-20}

die() { echo "start-radicale: FAIL: $*" >&2; exit 1; }
$PYTHON -c 'import radicale' 2>/dev/null || die "radicale not importable by $PYTHON (apt-get install radicale)"
command -v htpasswd >/dev/null || die "htpasswd missing (apt-get install apache2-utils)"

dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/radicale.XXXXXX")}
mkdir -p "$dir/collections"
printf '%s\n' "$password" | htpasswd -B -i -c "$dir/users" "$user" 2>/dev/null || die "htpasswd failed"

# Our own config file only (-C): the system one (/etc/radicale/config) uses remote_user auth.
cat > "$dir/config" <<CFG
[server]
# Port 0: the kernel picks a free port; Radicale logs the real one ("Listening on").
hosts = 127.0.0.1:0
[auth]
type = htpasswd
htpasswd_filename = $dir/users
htpasswd_encryption = bcrypt
delay = 0
[rights]
# from_file: owner_only would forbid plain MKCOL (it grants 'W' only on the principal), and
# litmus needs to create plain collections under the home.
type = from_file
file = $dir/rights
[storage]
filesystem_folder = $dir/collections
[web]
type = none
[logging]
level = info
mask_passwords = True
CFG

# Radicale rights (3.1): R/W on plain collections, r/w on calendars and address books.
cat > "$dir/rights" <<'RIGHTS'
[root]
user: .+
collection:
permissions: R
[owner]
user: .+
collection: {user}(/.*)?
permissions: RWrw
RIGHTS

log="$dir/radicale.log"
: > "$log"
# setsid: own process group, so the caller's job control does not deliver its signals.
setsid $PYTHON -m radicale -C "$dir/config" >"$log" 2>&1 < /dev/null &
pid=$!
echo "$pid" > "$dir/radicale.pid"

port=
for _ in $(seq $((wait_s * 10))); do
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "radicale exited during start-up"; }
  port=$(sed -n "s/.*Listening on '\[127\.0\.0\.1\]:\([0-9]*\)'.*/\1/p" "$log" | head -n1)
  if [[ -n $port ]] && grep -q 'Radicale server ready' "$log"; then break; fi
  port=
  sleep 0.1
done
[[ -n $port ]] || { kill "$pid"; die "radicale not ready after ${wait_s}s (log: $log)"; }

url="http://127.0.0.1:$port/"
# Readiness check through HTTP with the credentials (also makes Radicale create the home).
code=$(curl -s -o /dev/null -w '%{http_code}' -u "$user:$password" -X PROPFIND -H 'Depth: 0' "${url}${user}/")
[[ $code == 207 ]] || { kill "$pid"; die "PROPFIND ${url}${user}/ answered $code, not 207 (log: $log)"; }

{
  printf 'CALDAV_URL=%q\n' "$url"
  printf 'CALDAV_USER=%q\n' "$user"
  printf 'CALDAV_PASSWORD=%q\n' "$password"
  printf 'CALDAV_HOME=%q\n' "/$user/"
  printf 'RADICALE_PID=%q\n' "$pid"
  printf 'RADICALE_DIR=%q\n' "$dir"
} | tee "$dir/env"
