#!/usr/bin/env bash
# calbridge_setup.sh CALBRIDGE DATA_DIR PORT [USER] [PASSWORD]
#
# The one-off setup of calbridge for the CalDAV benchmark (run.sh --calbridge-bin uses it):
# writes DATA_DIR/calbridge.toml (127.0.0.1:PORT, store DATA_DIR/store.db, warnings only, no
# access log) and adds the user. Follows the CLI as conformance/caldav/start-calbridge.sh
# uses it: `calbridge --config FILE user add USER --email E --password-stdin`.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: calbridge_setup.sh CALBRIDGE DATA_DIR PORT [USER] [PASSWORD]" >&2; exit 1; }
calbridge=$1 data=$2 port=$3 user=${4:-bench} password=${5:-bench}
mkdir -p "$data"
cat > "$data/calbridge.toml" <<CFG
[server]
bind = "127.0.0.1"
port = $port
[store]
path = "$data/store.db"
[log]
level = "warn"
access_log = false
CFG
printf '%s\n' "$password" | "$calbridge" --config "$data/calbridge.toml" user add "$user" \
  --email "$user@example.com" --password-stdin
