#!/usr/bin/env bash
# Self-test of the iCalendar conformance checkers: proves they pass a correct export and
# that each one reports the faults it is meant to catch (a checker that passes everything
# would otherwise look exactly like a good export).
#
#   good/ + good.facts.json   a hand-written export: Pacific VTIMEZONE, weekly COUNT series
#                             with an EXDATE and a RECURRENCE-ID override, a weekly UNTIL
#                             series across the end of DST, an open monthly series, an
#                             all-day event, a timed event, a yearly all-day series in a
#                             subfolder file. All three checkers must pass it.
#   bad/  + bad.facts.json    bad DTSTART (hour 25), a VEVENT without UID, and facts with the
#                             wrong OccurrenceCount. All three checkers must fail, each for
#                             its own reasons.
#   mutations of good/        made below, one fault each, with the message that must appear.
#
# Prints one line per case and "selftest: N passed, M failed"; exits 1 if any case failed.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
conformance=$(cd "$here/../.." && pwd)
PYTHON=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ical-selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

libical_check=$("$conformance/ical/libical-check-path.sh") || { echo "selftest: cannot build libical_check"; exit 1; }
if [[ ! -f "$conformance/node_modules/ical.js/package.json" ]]; then
  (cd "$conformance" && npm ci --no-audit --no-fund >&2) || { echo "selftest: npm ci failed"; exit 1; }
fi

passed=0
failed=0

# check CHECKER DIR FACTS: runs one checker (or all, through run-ical.sh) on every .ics in DIR.
check() {
  local checker=$1 dir=$2 facts=$3
  local files=()
  [[ -d $dir ]] || { echo "selftest: no directory '$dir' (did the mutation fail?)"; return 99; }
  mapfile -d '' files < <(find "$dir" -type f -iname '*.ics' -print0 | sort -z)
  case $checker in
    libical) "$libical_check" "${files[@]}" ;;
    python) "$PYTHON" "$conformance/ical/python_icalendar_check.py" "${files[@]}" ;;
    icaljs) node "$conformance/ical/icaljs_check.mjs" --facts "$facts" --root "$dir" "${files[@]}" ;;
    all) LIBICAL_CHECK=$libical_check "$conformance/run-ical.sh" "$dir" "$facts" ;;
    *) echo "selftest: unknown checker $checker"; return 99 ;;
  esac
}

record() {  # record OK NAME DETAIL
  if [[ $1 == 1 ]]; then passed=$((passed + 1)); echo "ok   $2"; else failed=$((failed + 1)); echo "FAIL $2: $3"; fi
}

expect_pass() {  # expect_pass NAME CHECKER DIR FACTS
  local name=$1 out rc
  out=$(check "$2" "$3" "$4" 2>&1); rc=$?
  if [[ $rc -eq 0 ]]; then record 1 "$name"; else record 0 "$name" "expected exit 0, got $rc"; printf '%s\n' "$out" | sed 's/^/     | /'; fi
}

expect_fail() {  # expect_fail NAME CHECKER DIR FACTS PATTERN... (each PATTERN must appear in the output)
  local name=$1 checker=$2 dir=$3 facts=$4 out rc missing=()
  shift 4
  out=$(check "$checker" "$dir" "$facts" 2>&1); rc=$?
  for pattern in "$@"; do grep -qE -- "$pattern" <<<"$out" || missing+=("$pattern"); done
  if [[ $rc -ne 0 && ${#missing[@]} -eq 0 ]]; then
    record 1 "$name"
  else
    record 0 "$name" "exit $rc, missing: ${missing[*]:-(none)}"
    printf '%s\n' "$out" | sed 's/^/     | /'
  fi
}

# mutate NAME FILE OLD NEW [OLD NEW]...: copies good/ to $tmp/NAME and replaces text in FILE
# (relative to the copy); fails the case loudly if OLD is not there, so no case is vacuous.
mutate() {
  local name=$1 file=$2
  shift 2
  rm -rf "${tmp:?}/$name"
  cp -r "$here/good" "$tmp/$name"
  "$PYTHON" - "$tmp/$name/$file" "$@" <<'EOF' || { echo "FAIL mutation $name: pattern not found"; exit 1; }
import sys
path, pairs = sys.argv[1], sys.argv[2:]
text = open(path, 'rb').read().decode('utf-8')
for old, new in zip(pairs[::2], pairs[1::2]):
    old, new = old.replace('\\r\\n', '\r\n'), new.replace('\\r\\n', '\r\n')
    if old not in text:
        sys.exit(f'mutation: {old!r} not in {path}')
    text = text.replace(old, new)
open(path, 'wb').write(text.encode('utf-8'))
EOF
  echo "$tmp/$name"
}

good=$here/good
facts=$here/good.facts.json

# --- the good export passes every checker --------------------------------------------------
expect_pass "good export passes libical" libical "$good" "$facts"
expect_pass "good export passes python-icalendar" python "$good" "$facts"
expect_pass "good export passes ical.js with facts" icaljs "$good" "$facts"
expect_pass "good export passes run-ical.sh" all "$good" "$facts"

# --- the deliberately broken export fails every checker, each for its own reasons ---------
bad=$here/bad
badfacts=$here/bad.facts.json
expect_fail "bad: libical reports hour 25 and missing UID" libical "$bad" "$badfacts" \
  'hour 25 out of range' 'UID must occur exactly once, found 0'
expect_fail "bad: python-icalendar reports bad DTSTART and missing UID" python "$bad" "$badfacts" \
  'could not parse DTSTART' 'UID must occur exactly once, found 0'
expect_fail "bad: ical.js reports bad DTSTART, missing UID, wrong count" icaljs "$bad" "$badfacts" \
  'DTSTART value "2021-12-01T25:00:00" is not a valid' 'VEVENT has no UID' \
  'RRULE yields 10 occurrences, OccurrenceCount is 11'
expect_fail "bad: run-ical.sh fails" all "$bad" "$badfacts" 'ical-conformance: 0 passed, 3 failed'

# --- one fault each ---------------------------------------------------------------------------
mkdir -p "$tmp/empty/Calendar"
expect_fail "empty export directory fails loudly" all "$tmp/empty" "$facts" 'no \.ics files under'

d=$(mutate utc-pinned Calendar.ics \
  'DTSTART;TZID=America/Los_Angeles:20211018T090000' 'DTSTART:20211018T160000Z' \
  'DTEND;TZID=America/Los_Angeles:20211018T093000' 'DTEND:20211018T163000Z')
expect_fail "series pinned to UTC drifts an hour after DST ends (ical.js)" icaljs "$d" "$facts" \
  'starts at 08:00 in America/Los_Angeles, the first at 09:00: local time not kept across DST'

d=$(mutate exdate-wrong-time Calendar.ics \
  'EXDATE;TZID=America/Los_Angeles:20210816T100000' 'EXDATE;TZID=America/Los_Angeles:20210816T110000')
expect_fail "EXDATE at the wrong time leaves the deleted instance (ical.js)" icaljs "$d" "$facts" \
  'deleted date 2021-08-16 still occurs'

d=$(mutate stray-exdate Calendar.ics \
  'EXDATE;TZID=America/Los_Angeles:20210816T100000' 'EXDATE;TZID=America/Los_Angeles:20210816T100000,20210830T100000')
expect_fail "EXDATE on an instance Outlook kept (ical.js)" icaljs "$d" "$facts" \
  'occurrence 2021-08-30T10:00:00 is hidden but Outlook did not delete it'

d=$(mutate override-wrong-rid Calendar.ics \
  'RECURRENCE-ID;TZID=America/Los_Angeles:20210823T100000' 'RECURRENCE-ID;TZID=America/Los_Angeles:20210823T090000')
expect_fail "RECURRENCE-ID that is not an occurrence (ical.js)" icaljs "$d" "$facts" \
  'RECURRENCE-ID 2021-08-23T09:00:00 is not an occurrence of the RRULE'

d=$(mutate override-also-exdate Calendar.ics \
  'EXDATE;TZID=America/Los_Angeles:20210816T100000' 'EXDATE;TZID=America/Los_Angeles:20210816T100000,20210823T100000')
expect_fail "modified instance also listed in EXDATE (ical.js)" icaljs "$d" "$facts" \
  'RECURRENCE-ID 2021-08-23T10:00:00 is also an EXDATE'

d=$(mutate until-not-utc Calendar.ics 'UNTIL=20211122T170000Z' 'UNTIL=20211122T090000')
expect_fail "UNTIL not in UTC with a TZID DTSTART (python-icalendar)" python "$d" "$facts" \
  'RRULE UNTIL .* must be UTC'

d=$(mutate allday-as-datetime Calendar.ics \
  'DTSTART;VALUE=DATE:20210704\r\nDTEND;VALUE=DATE:20210705' \
  'DTSTART;TZID=America/Los_Angeles:20210704T000000\r\nDTEND;TZID=America/Los_Angeles:20210705T000000')
expect_fail "all-day event written as DATE-TIME (ical.js)" icaljs "$d" "$facts" \
  'all-day item but DTSTART is a DATE-TIME'

d=$(mutate dtend-before-dtstart Calendar.ics \
  'DTEND;TZID=America/Los_Angeles:20211201T160000' 'DTEND;TZID=America/Los_Angeles:20211201T140000')
expect_fail "DTEND before DTSTART (python-icalendar)" python "$d" "$facts" 'is not later than DTSTART'
expect_fail "DTEND differs from end_whole_utc (ical.js)" icaljs "$d" "$facts" 'end_whole_utc is 2021-12-02T00:00:00Z'

d=$(mutate wrong-subject Calendar.ics 'SUMMARY:Team sync\r\n' 'SUMMARY:Team sink\r\n')
expect_fail "SUMMARY differs from the subject (ical.js)" icaljs "$d" "$facts" 'SUMMARY "Team sink" != subject "Team sync"'

vtimezone_block=$(sed -n '/^BEGIN:VTIMEZONE/,/^END:VTIMEZONE/p' "$good/Calendar.ics")
d=$(mutate no-vtimezone Calendar.ics "$vtimezone_block"$'\n' '')
expect_fail "TZID without VTIMEZONE (libical)" libical "$d" "$facts" 'TZID=America/Los_Angeles has no VTIMEZONE'
expect_fail "TZID without VTIMEZONE (python-icalendar)" python "$d" "$facts" 'TZID=America/Los_Angeles has no VTIMEZONE'
expect_fail "TZID without VTIMEZONE (ical.js)" icaljs "$d" "$facts" 'TZID=America/Los_Angeles does not resolve'

long=$(printf 'x%.0s' {1..90})
d=$(mutate unfolded-line Calendar.ics 'SUMMARY:Rent reminder' "SUMMARY:Rent reminder $long")
expect_fail "line longer than 75 octets (python-icalendar)" python "$d" "$facts" 'octets, longer than 75'

d=$(mutate lf-endings Calendar.ics '\r\n' $'\n')
expect_fail "LF line endings (python-icalendar)" python "$d" "$facts" 'CRLF'

d=$(mutate lost-item Calendar.ics 'UID:single-1' 'UID:single-1')
rm "$d/Calendar/United States holidays.ics"
expect_fail "an Outlook item missing from the export (ical.js)" icaljs "$d" "$facts" \
  'item holiday-christmas "Christmas Day" has no VEVENT in the exported files'

d=$(mutate never-with-count Calendar.ics 'RRULE:FREQ=MONTHLY;BYMONTHDAY=15' 'RRULE:FREQ=MONTHLY;BYMONTHDAY=15;COUNT=12')
expect_fail "never-ending series exported with a COUNT (ical.js)" icaljs "$d" "$facts" 'end_type "never" but RRULE has COUNT=12'

d=$(mutate wrong-start-offset Calendar.ics \
  'DTSTART;TZID=America/Los_Angeles:20210915T083000' 'DTSTART;TZID=America/Los_Angeles:20210915T093000' \
  'DTEND;TZID=America/Los_Angeles:20210915T084500' 'DTEND;TZID=America/Los_Angeles:20210915T094500')
expect_fail "series start differs from start_whole_utc and StartTimeOffset (ical.js)" icaljs "$d" "$facts" \
  'start_whole_utc is 2021-09-15T15:30:00Z' 'StartTimeOffset is 510 min'

echo "selftest: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
