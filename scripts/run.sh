#!/usr/bin/env bash
# The embedded default (issue 4 item 7): installs what is needed, builds, imports the bundled
# sample calendar (a real Outlook.com OST) into a fresh store and starts the CalDAV server,
# after printing the URL, the user and password to use, and the .ics subscription URLs.
#
#   scripts/run.sh          import + serve (state in ./calbridge-demo/, wiped on every run)
#   scripts/run.sh export   the previous demo: `calbridge info` and `calbridge export` to .ics files
#
# Environment: CALBRIDGE_DEMO_DIR (default calbridge-demo), CALBRIDGE_PORT (default 8008),
# CALBRIDGE_EXPORT_DIR (export mode, default calbridge-export).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-serve}
case "$mode" in serve | export) ;; *) echo "usage: scripts/run.sh [serve|export]" >&2; exit 1 ;; esac

scripts/install-deps.sh
BUILD_TARGET=calbridge scripts/build.sh build
bin=build/gateway/calbridge
sample=tests/data/outlook-com-calendar.ost

if [ "$mode" = export ]; then
  out=${CALBRIDGE_EXPORT_DIR:-calbridge-export}
  echo
  echo "== calbridge info $sample"
  "$bin" info "$sample"
  echo
  echo "== calbridge export $sample -o $out"
  "$bin" export "$sample" -o "$out"
  echo
  echo "Open the .ics files under $out/ in any calendar application, or import them into Thunderbird"
  echo "(File > Open > Calendar File) or Apple Calendar (File > Import)."
  exit 0
fi

state=${CALBRIDGE_DEMO_DIR:-calbridge-demo}
port=${CALBRIDGE_PORT:-8008}
user=demo
rm -rf "$state"
mkdir -p "$state"
config="$state/calbridge.toml"
cat >"$config" <<TOML
# Written by scripts/run.sh; every key is documented in README.md ("Configuration").
[server]
bind = "127.0.0.1"
port = $port

[store]
path = "calbridge.db"   # relative to this file

[log]
level = "info"
access_log = true
TOML
cb() { "$bin" --config "$config" "$@"; }

# A fresh random password (20 letters and digits) for every run; it is shown below only.
password=$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c1-20)
printf '%s\n' "$password" | cb user add "$user" --display-name "Demo User" --password-stdin >/dev/null

echo
echo "== calbridge import $sample --user $user"
rc=0
cb import "$sample" --user "$user" || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then exit "$rc"; fi   # 3: partial, the rest is imported

base="http://127.0.0.1:$port"
calendars=$(cb status --user "$user" | awk '/^Calendars:/ {in_list = 1; next} /^$/ {in_list = 0} in_list && $1 ~ /^\/dav\// {print $1}')
echo
echo "== calbridge CalDAV server"
echo "  CalDAV URL:  $base/dav/    (Thunderbird, Apple Calendar, DAVx5: see README.md)"
echo "  User:        $user"
echo "  Password:    $password"
echo
echo "  Calendars (.ics with the user's password, and secret token URLs needing none):"
for calendar in $calendars; do
  token_path=$(cb token issue "$calendar" --user "$user" | sed -n 1p)
  echo "    $base$calendar"
  echo "    $base$token_path"
done
echo
echo "  State in $state/ (wiped by the next run). Stop the server with Ctrl-C."
echo
exec "$bin" --config "$config" serve
