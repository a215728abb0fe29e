#!/usr/bin/env bash
# CalDAV benchmark: calbridge beside Radicale and Xandikos, same events, same client, one run
# (see bench/caldav/README.md).
#
#   bench/caldav/run.sh [--events 5000[,20000]] [--calbridge CMD] [options]
#
#   --events N[,N...]      calendar sizes (default 5000); each gets its own table
#   --seed S               generator seed (default 4)
#   --calbridge-bin PATH   shorthand: calbridge's binary; config and user through calbridge_setup.sh
#                          (CMD = "PATH --config {data}/calbridge.toml serve")
#   --calbridge CMD        start command of calbridge's server; {host} {port} {data} are
#                          substituted ({data}: an empty directory of its own). Env: CALBRIDGE_CMD
#   --calbridge-setup CMD  run once before the first start (same substitutions). Env: CALBRIDGE_SETUP
#   --calbridge-user U, --calbridge-password P   Basic auth (default bench / bench; empty user: none)
#   --calbridge-calendar PATH   the calendar's URL path (default /dav/calendars/bench/bench/);
#                          created with MKCALENDAR if PROPFIND says 404, unless --calbridge-no-mkcalendar
#   --put-sample K         peers: PUT the first and last K events, seed the rest (default 100)
#   --runs R, --warmup W   timed runs per operation (default 5) after W warm-ups (default 1)
#   --servers LIST         default: calbridge (if given),radicale,xandikos
#   --no-null              skip the client-floor run against null_server.py
#   --keep                 keep the scratch directory (server storage and logs)
#   --acl                  instead: the cost of the access checks (acl_bench.py; needs --calbridge-bin):
#                          PROPFIND and calendar-query as the owner without grants, with the calendar
#                          shared with 50 users + 5 groups, and as a read grantee through the mount;
#                          --runs sets the interleaved rounds (default 101). Report: caldav-acl-<date>.md
#   --acl-baseline PATH    with --acl: also time a calbridge without the ACL engine (mode p)
#
# Prints the Markdown report and writes it to bench/results/caldav-<date>.md (and the raw JSON
# beside it). Nothing is built here: build calbridge first.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PY=/usr/bin/python3   # Debian's Python: python3-icalendar, python3-dateutil
EVENTS=5000
SEED=4
CALBRIDGE="${CALBRIDGE_CMD:-}"
CB_SETUP="${CALBRIDGE_SETUP:-}"
CB_USER="${CALBRIDGE_USER-bench}"
CB_PASSWORD="${CALBRIDGE_PASSWORD-bench}"
CB_CALENDAR="${CALBRIDGE_CALENDAR:-/dav/calendars/bench/bench/}"
CB_NOMK=()
SAMPLE=100
CB_BIN=""
RUNS=5
WARMUP=1
SERVERS=""
NULL=1
KEEP=0
ACL=0
ACL_BASELINE=""
RUNS_GIVEN=""
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --calbridge) CALBRIDGE="$2"; shift 2 ;;
    --calbridge-bin) CB_BIN="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --calbridge-setup) CB_SETUP="$2"; shift 2 ;;
    --calbridge-user) CB_USER="$2"; shift 2 ;;
    --calbridge-password) CB_PASSWORD="$2"; shift 2 ;;
    --calbridge-calendar) CB_CALENDAR="$2"; shift 2 ;;
    --calbridge-no-mkcalendar) CB_NOMK=(--no-mkcalendar); shift ;;
    --put-sample) SAMPLE="$2"; shift 2 ;;
    --runs) RUNS="$2"; RUNS_GIVEN="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --servers) SERVERS="$2"; shift 2 ;;
    --no-null) NULL=0; shift ;;
    --keep) KEEP=1; shift ;;
    --acl) ACL=1; shift ;;
    --acl-baseline) ACL_BASELINE="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "caldav bench: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done
if [ "$ACL" -eq 1 ]; then
  [ -n "$CB_BIN" ] || { echo "caldav bench: --acl needs --calbridge-bin PATH" >&2; exit 1; }
  mkdir -p "$REPO/bench/results"
  REPORT="$REPO/bench/results/caldav-acl-$(date +%Y-%m-%d).md"
  : > "$REPORT.tmp"
  IFS=',' read -r -a SIZES <<<"$EVENTS"
  for N in "${SIZES[@]}"; do
    extra=()
    [ "$KEEP" -eq 1 ] && extra+=(--keep)
    [ -n "$ACL_BASELINE" ] && extra+=(--baseline "$ACL_BASELINE")
    "$PY" "$HERE/acl_bench.py" --calbridge "$CB_BIN" --events "$N" --seed "$SEED" --rounds "${RUNS_GIVEN:-101}" \
      --out "$REPO/bench/results/caldav-acl-$(date +%Y-%m-%d)-$N.json" "${extra[@]}" | tee -a "$REPORT.tmp"
    echo >>"$REPORT.tmp"
  done
  mv "$REPORT.tmp" "$REPORT"
  echo "caldav bench: ACL report written to $REPORT" >&2
  exit 0
fi
if [ -n "$CB_BIN" ]; then
  CALBRIDGE="$CB_BIN --config {data}/calbridge.toml serve"
  CB_SETUP="$HERE/calbridge_setup.sh $CB_BIN {data} {port} $CB_USER $CB_PASSWORD"
fi
if [ -z "$SERVERS" ]; then
  SERVERS="radicale,xandikos"
  [ -n "$CALBRIDGE" ] && SERVERS="calbridge,$SERVERS"
fi
case ",$SERVERS," in *,calbridge,*) [ -n "$CALBRIDGE" ] || { echo "caldav bench: calbridge needs --calbridge CMD" >&2; exit 1; } ;; esac

missing=()
for tool in radicale xandikos wrk git; do command -v "$tool" >/dev/null || missing+=("$tool"); done
"$PY" -c 'import icalendar, dateutil' 2>/dev/null || missing+=(python3-icalendar python3-dateutil)
if [ ${#missing[@]} -gt 0 ]; then
  echo "caldav bench: missing ${missing[*]}: apt-get install radicale xandikos wrk git python3-icalendar python3-dateutil" >&2
  exit 1
fi

START=$(date +%s)
WORK="$(mktemp -d /tmp/calbridge-caldav-bench.XXXXXX)"
if [ "$KEEP" -eq 1 ]; then
  echo "caldav bench: scratch directory $WORK (kept)" >&2
else
  trap 'rm -rf "$WORK"' EXIT
fi
RESULTS="$REPO/bench/results"
mkdir -p "$RESULTS"
STAMP="$(date +%Y-%m-%d)"
REPORT="$RESULTS/caldav-$STAMP.md"
MACHINE="Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); $(uname -sr)."
: > "$WORK/report.md"

IFS=',' read -r -a SIZES <<<"$EVENTS"
for N in "${SIZES[@]}"; do
  gen="$WORK/gen-$N"
  "$PY" "$HERE/generate_events.py" --events "$N" --seed "$SEED" --out "$gen"
  jsons=()
  null_args=()
  if [ "$NULL" -eq 1 ]; then
    "$PY" "$HERE/bench_server.py" --server null --gen "$gen" --work "$WORK/run-$N" \
      --out "$WORK/null-$N.json" --runs "$RUNS" --warmup "$WARMUP" --no-wrk
    null_args=(--null "$WORK/null-$N.json")
  fi
  IFS=',' read -r -a LIST <<<"$SERVERS"
  for s in "${LIST[@]}"; do
    args=(--server "$s" --gen "$gen" --work "$WORK/run-$N" --out "$WORK/$s-$N.json"
          --runs "$RUNS" --warmup "$WARMUP")
    if [ "$s" = calbridge ]; then
      args+=(--cmd "$CALBRIDGE" --user "$CB_USER" --password "$CB_PASSWORD" --calendar "$CB_CALENDAR" "${CB_NOMK[@]}")
      [ -n "$CB_SETUP" ] && args+=(--setup "$CB_SETUP")
    else
      args+=(--put-sample "$SAMPLE")
    fi
    "$PY" "$HERE/bench_server.py" "${args[@]}"
    jsons+=("$WORK/$s-$N.json")
  done
  for j in "${jsons[@]}" ${null_args[1]:+"${null_args[1]}"}; do
    cp "$j" "$RESULTS/caldav-$STAMP-$(basename "$j")"
  done
  {
    "$PY" "$HERE/report.py" --gen "$gen" --title "CalDAV, $N events, $STAMP" --machine "$MACHINE" \
      --wall $(( $(date +%s) - START )) "${null_args[@]}" "${jsons[@]}"
    echo "- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine inflates absolute times; compare within the run)."
    echo
  } >>"$WORK/report.md"
done

cp "$WORK/report.md" "$REPORT"
cat "$REPORT"
echo "caldav bench: report written to $REPORT ($(( $(date +%s) - START )) s)" >&2
