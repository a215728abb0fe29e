#!/usr/bin/env bash
# Before/after of third_party/libpff/0001-name-to-id-hash-index.patch, with bench/libpff_walk.c:
# builds the walk against Debian's libpff and against the patched static build in .deps/libpff
# (scripts/build-libpff.sh), checks both read every property identically (--dump output of
# both fixtures must be byte-identical), then times them with hyperfine and counts
# instructions with callgrind.
#
#   bench/libpff_walk_bench.sh [-r RUNS] [--no-callgrind] [FILE]   (default FILE: the fixture OST)
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
RUNS=30
CALLGRIND=1
FILE="$REPO/tests/data/outlook-com-calendar.ost"
while [ $# -gt 0 ]; do
  case "$1" in
    -r) RUNS="$2"; shift 2 ;;
    --no-callgrind) CALLGRIND=0; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) FILE="$1"; shift ;;
  esac
done
PATCHED_PC="$REPO/.deps/libpff/lib/pkgconfig"
[ -f "$PATCHED_PC/libpff.pc" ] || { echo "libpff_walk_bench: run scripts/build-libpff.sh first" >&2; exit 1; }

WORK="$(mktemp -d /tmp/calbridge-walk.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
# Same compiler flags as both libraries (Debian's), so only the library differs.
CFLAGS="$(dpkg-buildflags --get CFLAGS) -Wall -Wextra"
# shellcheck disable=SC2046,SC2086
cc $CFLAGS -o "$WORK/walk_system" "$REPO/bench/libpff_walk.c" $(pkg-config --cflags --libs libpff libbfio)
# shellcheck disable=SC2046,SC2086
cc $CFLAGS -o "$WORK/walk_patched" "$REPO/bench/libpff_walk.c" \
  $(PKG_CONFIG_PATH="$PATCHED_PC" pkg-config --static --cflags --libs libpff)

echo "## Same results"
for f in "$REPO/tests/data/outlook-com-calendar.ost" "$REPO/tests/data/enron.pst" "$FILE"; do
  [ -f "$f" ] || continue
  case " ${seen:-} " in *" $f "*) continue ;; esac
  seen="${seen:-} $f"
  "$WORK/walk_system" --dump --all-folders "$f" >"$WORK/system.txt"
  "$WORK/walk_patched" --dump --all-folders "$f" >"$WORK/patched.txt"
  if cmp -s "$WORK/system.txt" "$WORK/patched.txt"; then
    echo "- $(basename "$f"): identical --dump output ($(($(wc -l <"$WORK/system.txt") - 1)) properties; $(tail -n 1 "$WORK/system.txt"))"
  else
    echo "- $(basename "$f"): DIFFERENT --dump output"; diff "$WORK/system.txt" "$WORK/patched.txt" | head -n 20
    exit 1
  fi
done

echo
echo "## Time: walk every folder, read every property of every calendar item ($(basename "$FILE"))"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --style basic --warmup 3 --runs "$RUNS" --export-json "$WORK/walk.json" \
  -n "Debian libpff" "$WORK/walk_system $FILE" \
  -n "patched libpff" "$WORK/walk_patched $FILE" >/dev/null
/usr/bin/python3 - "$WORK/walk.json" <<'EOF'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
print("\n| libpff | wall mean ± σ | min | CPU (user+sys) |\n|---|---|---|---|")
for r in res:
    print(f"| {r['command']} | {r['mean']*1e3:.1f} ± {r['stddev']*1e3:.1f} ms | {r['min']*1e3:.1f} ms "
          f"| {(r['user']+r['system'])*1e3:.1f} ms |")
a, b = res
print(f"\npatched: {a['mean']/b['mean']:.2f}x faster (wall mean), "
      f"{(a['user']+a['system'])/(b['user']+b['system']):.2f}x less CPU")
EOF

if [ "$CALLGRIND" -eq 1 ] && command -v valgrind >/dev/null; then
  echo
  echo "## Instructions (callgrind)"
  echo
  echo "| libpff | instructions | in libpff_name_to_id_map_entry_get_entry_by_identifier (inclusive) |"
  echo "|---|---|---|"
  for v in system patched; do
    valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.$v" "$WORK/walk_$v" "$FILE" >/dev/null 2>&1
    # (awk reads to the end: an early exit would fail the pipeline under pipefail)
    total="$(callgrind_annotate "$WORK/cg.$v" 2>/dev/null | awk '/PROGRAM TOTALS/ && !t {t=$1} END{print t}')"
    lookup="$(callgrind_annotate --inclusive=yes "$WORK/cg.$v" 2>/dev/null \
              | awk '/libpff_name_to_id_map_entry_get_entry_by_identifier/ && !l {match($0, /\([^)]*\)/); l=$1 " " substr($0, RSTART, RLENGTH)} END{print l}')"
    echo "| $([ $v = system ] && echo "Debian libpff" || echo "patched libpff") | $total | ${lookup:-0} |"
  done
fi
