#!/usr/bin/env bash
# run-all.sh URL USER PASSWORD HOME [LITMUS_COLLECTION] [--calendar PATH] [--log-dir DIR] [--only S1,S2]
#
# Runs every CalDAV conformance suite (README.md) against a live server and prints a summary
# table; exits non-zero if any suite failed (litmus's locks program is reported, never
# required). PASSWORD "-" means: take it from $CALDAV_PASSWORD (keeps it out of ps).
#   HOME               the user's calendar home path (e.g. /alice/); suites create and delete
#                      their own test calendars under it
#   LITMUS_COLLECTION  a plain WebDAV collection litmus may MKCOL `litmus/` under (default HOME)
#   --calendar PATH    use this existing calendar (e.g. one calbridge imported) instead of
#                      creating one; suites only modify objects they created
#   --log-dir DIR      where full logs go (default: a new temp dir)
#   --only LIST        comma-separated subset of: litmus,python-caldav,vdirsyncer-khal,tsdav,discovery
# SUITE_TIMEOUT (seconds, default 300) bounds each suite.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ALL=(litmus python-caldav vdirsyncer-khal tsdav discovery)

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[[ $# -ge 4 ]] || usage
export CALDAV_URL=$1 CALDAV_USER=$2 CALDAV_HOME=$4
[[ $3 == - ]] || export CALDAV_PASSWORD=$3
[[ -n ${CALDAV_PASSWORD:-} ]] || { echo "run-all: FAIL: no password (argument or CALDAV_PASSWORD)" >&2; exit 2; }
shift 4
export CALDAV_COLLECTION=${CALDAV_COLLECTION:-}
if [[ $# -gt 0 && $1 != --* ]]; then CALDAV_COLLECTION=$1; shift; fi
export CALDAV_CALENDAR=${CALDAV_CALENDAR:-}
log_dir=
only=
while [[ $# -gt 0 ]]; do
  case $1 in
    --calendar) CALDAV_CALENDAR=$2; shift 2 ;;
    --log-dir) log_dir=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) usage ;;
  esac
done
log_dir=${log_dir:-$(mktemp -d "${TMPDIR:-/tmp}/caldav-conformance.XXXXXX")}
mkdir -p "$log_dir" && log_dir=$(cd "$log_dir" && pwd)
suites=("${ALL[@]}")
[[ -n $only ]] && IFS=, read -r -a suites <<<"$only"

declare -A result counts
failed=0
for s in "${suites[@]}"; do
  [[ -x "$here/$s/run.sh" ]] || { echo "run-all: unknown suite $s" >&2; exit 2; }
  echo "===== $s ====="
  start=$SECONDS
  "$here/$s/run.sh" --log-dir "$log_dir/$s" 2>&1 | tee "$log_dir/$s.out"
  rc=${PIPESTATUS[0]}
  secs=$((SECONDS - start))
  if [[ $s == litmus ]]; then
    # per required program: "litmus basic: PASS: 16 run, 16 passed, 0 failed, 0 skipped, ..."
    counts[$s]=$(grep -E '^litmus (basic|copymove|props|http): (PASS|FAIL): ' "$log_dir/$s.out" |
      awk -F'[:,]' '{for(i=1;i<=NF;i++){if($i~/ passed/)p+=$i; if($i~/ failed/)f+=$i; if($i~/ skipped/)k+=$i; if($i~/ not run/)n+=$i}}
                    END{printf "%d passed, %d failed, %d skipped, %d not run", p, f, k, n}')
    locks=$(grep -E '^litmus locks: (not supported|DAV class 2)' "$log_dir/$s.out" | sed 's/^litmus //')
    [[ -n $locks ]] && counts[$s]="${counts[$s]}; $locks"
  else
    counts[$s]=$(grep -E "^$s: [0-9]+ passed, [0-9]+ failed" "$log_dir/$s.out" | tail -n1 | sed -E "s/^$s: ([0-9]+ passed, [0-9]+ failed).*/\1/")
  fi
  if [[ $rc -eq 0 ]]; then result[$s]=PASS; else result[$s]=FAIL; failed=$((failed + 1)); fi
  counts[$s]="${counts[$s]:-no summary} (${secs}s)"
done

echo
echo "CalDAV conformance against $CALDAV_URL (user $CALDAV_USER); logs in $log_dir"
printf '%-16s %-5s %s\n' suite result details
for s in "${suites[@]}"; do printf '%-16s %-5s %s\n' "$s" "${result[$s]}" "${counts[$s]}"; done
echo "caldav-conformance: $(( ${#suites[@]} - failed )) passed, $failed failed"
[[ $failed -eq 0 ]]
