#!/usr/bin/env bash
# Fidelity table, measured: exports FILE with readpst and with `calbridge export` (twice each,
# for UID stability), parses every VEVENT both wrote, and prints per iCalendar field how many
# events carry it (and its distinct values where that is the point). See bench/README.md.
#
#   bench/fidelity.sh [-b CALBRIDGE] [FILE]
#
#   -b CALBRIDGE  default build/gateway/calbridge; when it is missing the calbridge column
#                 says "not run" and the readpst column is still measured
#   FILE          default tests/data/outlook-com-calendar.ost
#
# Counts are over the events each tool wrote: "n/M" = n of M series masters (VEVENTs without
# RECURRENCE-ID) have the field; RECURRENCE-ID counts the override VEVENTs themselves.
# Properties are counted at VEVENT level only (a VALARM's DESCRIPTION is not the event's).
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
PY=/usr/bin/python3   # Debian's Python, standard library only
CALBRIDGE="$REPO/build/gateway/calbridge"
FILE=""
while [ $# -gt 0 ]; do
  case "$1" in
    -b) CALBRIDGE="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) echo "fidelity: unknown option $1" >&2; exit 1 ;;
    *) FILE="$1"; shift ;;
  esac
done
[ -n "$FILE" ] || FILE="$REPO/tests/data/outlook-com-calendar.ost"
command -v readpst >/dev/null || { echo "fidelity: readpst missing: apt-get install pst-utils" >&2; exit 1; }

WORK="$(mktemp -d /tmp/calbridge-fidelity.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

for run in 1 2; do
  mkdir -p "$WORK/readpst$run"
  readpst -q -8 -t a -r -j 0 -o "$WORK/readpst$run" "$FILE" >/dev/null
done
CB_RUN=1
if [ -x "$CALBRIDGE" ]; then
  for run in 1 2; do
    rc=0
    "$CALBRIDGE" -q export "$FILE" -o "$WORK/calbridge$run" >"$WORK/calbridge$run.log" 2>&1 || rc=$?
    # 3 = partial export (some items unreadable): still compare what was written.
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
      echo "fidelity: calbridge export exited $rc:" >&2; tail -n 5 "$WORK/calbridge$run.log" >&2; exit 1
    fi
  done
else
  echo "fidelity: no calbridge binary at $CALBRIDGE: calbridge column not run" >&2
  CB_RUN=0
fi

mkdir -p "$REPO/bench/results"
REPORT="$REPO/bench/results/fidelity-$(date +%Y-%m-%d).md"
"$PY" - "$WORK" "$CB_RUN" "$(basename "$FILE")" "$(readpst -V 2>&1 | head -n 1)" <<'EOF' | tee "$REPORT"
import os, re, sys
from collections import Counter

work, cb_run, file_name, readpst_version = sys.argv[1], sys.argv[2] == "1", sys.argv[3], sys.argv[4]

def unfold(text):
    return re.sub(r"\r?\n[ \t]", "", text).splitlines()

def split_line(line):
    """'NAME;P=V;Q="a:b":value' -> (NAME, {P: V}, value); colons inside quotes are not the separator."""
    in_quote, colon = False, -1
    for i, ch in enumerate(line):
        if ch == '"':
            in_quote = not in_quote
        elif ch == ":" and not in_quote:
            colon = i
            break
    head, value = (line[:colon], line[colon + 1:]) if colon >= 0 else (line, "")
    parts = head.split(";")
    params = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        params[k.upper()] = v.strip('"')
    return parts[0].upper(), params, value

def parse_tree(root):
    """Every VEVENT under root: {'props': [(name, params, value)], 'subs': [component names],
    'tzids': TZIDs defined by the enclosing VCALENDAR}."""
    events = []
    for dirpath, _, files in os.walk(root):
        for f in sorted(files):
            try:
                text = open(os.path.join(dirpath, f), encoding="utf-8", errors="replace").read()
            except OSError:
                continue
            if "BEGIN:VCALENDAR" not in text:
                continue
            stack, cal_tzids, cal_events = [], set(), []
            for line in unfold(text):
                if not line:
                    continue
                name, params, value = split_line(line)
                if name == "BEGIN":
                    comp = {"name": value.upper(), "props": [], "subs": []}
                    if stack:
                        stack[-1]["subs"].append(comp["name"])
                    stack.append(comp)
                elif name == "END":
                    comp = stack.pop() if stack else None
                    if comp is None:
                        continue
                    if comp["name"] == "VEVENT":
                        cal_events.append(comp)
                    elif comp["name"] == "VTIMEZONE":
                        cal_tzids.update(v for n, _, v in comp["props"] if n == "TZID")
                    elif comp["name"] == "VCALENDAR":
                        for ev in cal_events:
                            ev["tzids"] = set(cal_tzids)
                        events.extend(cal_events)
                        cal_tzids, cal_events = set(), []
                elif stack:
                    stack[-1]["props"].append((name, params, value))
    return events

def props(ev, name):
    return [(p, v) for n, p, v in ev["props"] if n == name]

def uids(events):
    return [(v, (props(e, "RECURRENCE-ID") or [({}, "")])[0][1]) for e in events for _, v in props(e, "UID")]

def distinct(values, n=3):
    c = Counter(values)
    shown = ", ".join(f"{v[:30]}" + (f" ×{k}" if k > 1 else "") for v, k in c.most_common(n))
    return shown + (", …" if len(c) > n else "")

def measure(run1, run2):
    ev1, ev2 = parse_tree(run1), parse_tree(run2)
    masters = [e for e in ev1 if not props(e, "RECURRENCE-ID")]
    overrides = [e for e in ev1 if props(e, "RECURRENCE-ID")]
    M = len(masters)
    def count(pred, events=masters):
        return sum(1 for e in events if pred(e))
    def frac(pred):
        return f"{count(pred)}/{M}"
    def with_values(name, pred=None):
        vals = [v for e in masters for p, v in props(e, name) if pred is None or pred(p, v)]
        n = count(lambda e: any(pred is None or pred(p, v) for p, v in props(e, name)))
        return f"{n}/{M}" + (f" ({distinct(vals)})" if vals else "")
    def tzid_ok(e):
        return any("TZID" in p and p["TZID"] in e.get("tzids", set()) for p, _ in props(e, "DTSTART"))
    def tzid_any(e):
        return any("TZID" in p for p, _ in props(e, "DTSTART"))
    all_events = ev1
    rows = {}
    rows["SUMMARY"] = frac(lambda e: any(v for _, v in props(e, "SUMMARY")))
    n_tz, n_tz_ok = count(tzid_any), count(tzid_ok)
    utc = count(lambda e: any(v.endswith("Z") for _, v in props(e, "DTSTART")))
    rows["DTSTART with TZID"] = f"{n_tz}/{M} ({n_tz_ok} with a matching VTIMEZONE; {utc} in UTC)"
    rows["all-day VALUE=DATE"] = frac(lambda e: any(p.get("VALUE") == "DATE" for p, _ in props(e, "DTSTART")))
    rows["RRULE"] = frac(lambda e: props(e, "RRULE"))
    n_ex = sum(len(v.split(",")) for e in masters for _, v in props(e, "EXDATE"))
    rows["EXDATE"] = f"{count(lambda e: props(e, 'EXDATE'))}/{M} ({n_ex} dates)"
    rows["RECURRENCE-ID overrides"] = f"{len(overrides)} override VEVENTs"
    n_att = sum(len(props(e, "ATTENDEE")) for e in all_events)
    rows["ATTENDEE"] = f"{count(lambda e: props(e, 'ATTENDEE'))}/{M} ({n_att} attendees)"
    rows["ORGANIZER"] = frac(lambda e: props(e, "ORGANIZER"))
    rows["VALARM"] = frac(lambda e: "VALARM" in e["subs"])
    n_attach = sum(len(props(e, "ATTACH")) for e in all_events)
    rows["ATTACH"] = f"{count(lambda e: props(e, 'ATTACH'))}/{M} ({n_attach} attachments)"
    rows["DESCRIPTION"] = frac(lambda e: any(v.strip() for _, v in props(e, "DESCRIPTION")))
    rows["X-ALT-DESC html"] = frac(lambda e: any(p.get("FMTTYPE", "").lower() == "text/html"
                                                  for p, _ in props(e, "X-ALT-DESC")))
    rows["CATEGORIES"] = with_values("CATEGORIES")
    rows["CLASS"] = with_values("CLASS")
    transp = with_values("TRANSP")
    busy = with_values("X-MICROSOFT-CDO-BUSYSTATUS")
    rows["TRANSP/BUSYSTATUS"] = f"TRANSP {transp}; BUSYSTATUS {busy}"
    u1, u2 = uids(ev1), uids(ev2)
    stable = "same" if sorted(u1) == sorted(u2) else "DIFFERENT"
    masters_uids = [v for e in masters for _, v in props(e, "UID")]
    rows["UID stability"] = (f"{stable} across 2 runs; {len(set(masters_uids))} distinct of {M}; "
                             f"e.g. {masters_uids[0][:24] if masters_uids else '-'}")
    return rows, M, len(ev1)

rp_rows, rp_m, rp_n = measure(os.path.join(work, "readpst1"), os.path.join(work, "readpst2"))
if cb_run:
    cb_rows, cb_m, cb_n = measure(os.path.join(work, "calbridge1"), os.path.join(work, "calbridge2"))
else:
    cb_rows, cb_m, cb_n = {}, 0, 0

print(f"## Fidelity on {file_name}\n")
print(f"readpst: `{readpst_version}`, `readpst -q -8 -t a -r -j 0`: {rp_n} VEVENTs ({rp_m} series/single events).  ")
print(f"calbridge: `calbridge export`: " + (f"{cb_n} VEVENTs ({cb_m} series/single events)." if cb_run else "not run."))
print()
print("| field | calbridge | readpst |")
print("|---|---|---|")
for field in rp_rows:
    print(f"| {field} | {cb_rows.get(field, 'not run')} | {rp_rows[field]} |")
print()
EOF
echo "fidelity: written to $REPORT" >&2
