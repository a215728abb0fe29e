#!/usr/bin/env bash
# EWS bridge benchmark: calbridge against the Exchange stand-in on loopback, DavMail beside it
# (see bench/ews/README.md).
#
#   bench/ews/run.sh [--items 5000] [--calbridge-bin PATH] [--standin-bin PATH] [options]
#
#   --items N             events in the calendar (default 5000)
#   --changes K           edits made with exchangelib for the incremental sync (default 10)
#   --seed S              generator seed (default 4; bench/caldav/generate_events.py)
#   --calbridge-bin PATH  default build/gateway/calbridge
#   --standin-bin PATH    default build/tests/ews_standin/ews-standin
#   --davmail-bin PATH    DavMail's launcher (default /usr/bin/davmail when installed)
#   --no-davmail          calbridge only
#   --davmail-sample K    hrefs of DavMail's first multiget actually read (default 100, 0: all);
#                         its round trips and seconds are extrapolated to all N
#   --keep                keep the scratch directory (stores, configs, logs)
#
# Prints the Markdown report and writes it to bench/results/ews-<date>-<N>.md, the raw JSON
# beside it (ews-<date>-<N>.json). Nothing is built here: build calbridge and ews-standin first (scripts/build.sh build).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PY=/usr/bin/python3   # Debian's Python: python3-exchangelib, python3-icalendar, python3-dateutil
ITEMS=5000
CHANGES=10
SEED=4
CB_BIN="$REPO/build/gateway/calbridge"
STANDIN_BIN="$REPO/build/tests/ews_standin/ews-standin"
DAVMAIL_BIN="$(command -v davmail || true)"
KEEP=0
DM_SAMPLE=100
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --items) ITEMS="$2"; shift 2 ;;
    --changes) CHANGES="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --calbridge-bin) CB_BIN="$(abs "$2")"; shift 2 ;;
    --standin-bin) STANDIN_BIN="$(abs "$2")"; shift 2 ;;
    --davmail-bin) DAVMAIL_BIN="$(abs "$2")"; shift 2 ;;
    --no-davmail) DAVMAIL_BIN=""; shift ;;
    --davmail-sample) DM_SAMPLE="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "ews bench: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done
for b in "$CB_BIN" "$STANDIN_BIN"; do
  [ -x "$b" ] || { echo "ews bench: $b is not built (scripts/build.sh build)" >&2; exit 1; }
done
"$PY" -c 'import exchangelib, icalendar, dateutil' 2>/dev/null || {
  echo "ews bench: missing python3-exchangelib / python3-icalendar / python3-dateutil (apt-get install)" >&2; exit 1; }

START=$(date +%s)
WORK="$(mktemp -d /tmp/calbridge-ews-bench.XXXXXX)"
if [ "$KEEP" -eq 1 ]; then
  echo "ews bench: scratch directory $WORK (kept)" >&2
else
  trap 'rm -rf "$WORK"' EXIT
fi
RESULTS="$REPO/bench/results"
mkdir -p "$RESULTS"
STAMP="$(date +%Y-%m-%d)"
MACHINE="Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); $(uname -sr)."

"$PY" "$REPO/bench/caldav/generate_events.py" --events "$ITEMS" --seed "$SEED" --out "$WORK/gen" --no-check >&2
args=(--calbridge "$CB_BIN" --standin "$STANDIN_BIN" --gen "$WORK/gen" --work "$WORK/run"
      --out "$WORK/ews-$ITEMS.json" --changes "$CHANGES")
[ -n "$DAVMAIL_BIN" ] && args+=(--davmail "$DAVMAIL_BIN" --davmail-sample "$DM_SAMPLE")
"$PY" "$HERE/bench_ews.py" "${args[@]}"
cp "$WORK/ews-$ITEMS.json" "$RESULTS/ews-$STAMP-$ITEMS.json"
{
  "$PY" "$HERE/report.py" "$WORK/ews-$ITEMS.json" --title "EWS bridge, $ITEMS items, $STAMP" --machine "$MACHINE" \
    --version "$("$CB_BIN" --version 2>/dev/null | head -n 1)" --wall $(( $(date +%s) - START ))
  echo "- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
} >"$RESULTS/ews-$STAMP-$ITEMS.md"
cat "$RESULTS/ews-$STAMP-$ITEMS.md"
echo "ews bench: report written to $RESULTS/ews-$STAMP-$ITEMS.md ($(( $(date +%s) - START )) s)" >&2
