#!/usr/bin/env bash
# Side-by-side export benchmark: readpst (pst-utils), pffexport (pff-tools) and
# `calbridge export`, on the same files, in one run (see bench/README.md).
#
#   bench/export_bench.sh [-b CALBRIDGE] [-r RUNS] [-w WARMUP] [--no-massif] [FILE...]
#
#   -b CALBRIDGE   the calbridge binary (default: build/gateway/calbridge); nothing is built here
#   -r RUNS        hyperfine runs per command (default 20), -w WARMUP warm-up runs (default 3)
#   --no-massif    skip the heap-over-time profile (valgrind massif) of the RSS section
#   FILE...        PST/OST files (default: tests/data/outlook-com-calendar.ost)
#
# Measures, per file: wall time (hyperfine, JSON kept), calendar items per second, peak RSS
# (/usr/bin/time -f %M, median of 3). Then "does memory grow with the data?": calbridge's peak
# RSS per calendar folder (--folder, so 0..N items of the same file) and per input file, and a
# massif heap profile over the run. Prints Markdown and writes it to bench/results/<date>.md
# (bench/results/ is not committed; bench/README.md keeps a summary).
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
PY=/usr/bin/python3   # Debian's Python (standard library only)
CALBRIDGE="$REPO/build/gateway/calbridge"
RUNS=20
WARMUP=3
MASSIF=1
FILES=()
while [ $# -gt 0 ]; do
  case "$1" in
    -b) CALBRIDGE="$2"; shift 2 ;;
    -r) RUNS="$2"; shift 2 ;;
    -w) WARMUP="$2"; shift 2 ;;
    --no-massif) MASSIF=0; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "export_bench: unknown option $1" >&2; exit 1 ;;
    *) FILES+=("$1"); shift ;;
  esac
done
[ ${#FILES[@]} -gt 0 ] || FILES=("$REPO/tests/data/outlook-com-calendar.ost")

missing=()
for tool in readpst pffexport hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "export_bench: missing ${missing[*]}: apt-get install pst-utils pff-tools hyperfine time" >&2
  exit 1
fi
[ -x "$CALBRIDGE" ] || { echo "export_bench: no calbridge binary at $CALBRIDGE (build it, or pass -b)" >&2; exit 1; }
CALBRIDGE="$(cd "$(dirname "$CALBRIDGE")" && pwd)/$(basename "$CALBRIDGE")"

WORK="$(mktemp -d /tmp/calbridge-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
RESULTS="$REPO/bench/results"
mkdir -p "$RESULTS"
STAMP="$(date +%Y-%m-%d)"
REPORT="$RESULTS/$STAMP.md"

# --- the three commands, each writing into its own directory under $2 ---
cmd_readpst()   { echo "readpst -q -8 -t a -r -j 0 -o '$2/readpst' '$1'"; }
# (prepare steps run through bash: hyperfine -N runs them without a shell)
prep_readpst()  { echo "bash -c \"rm -rf '$2/readpst' && mkdir -p '$2/readpst'\""; }
# pffexport cannot select folders or item types; its lightest export of the items is the
# default mode (allocated items) and format (text): -q only silences progress.
cmd_pffexport() { echo "pffexport -q -t '$2/pffexport/out' '$1'"; }
prep_pffexport(){ echo "bash -c \"rm -rf '$2/pffexport' && mkdir -p '$2/pffexport'\""; }
cmd_calbridge() { echo "'$CALBRIDGE' -q export '$1' -o '$2/calbridge'"; }
prep_calbridge(){ echo "rm -rf '$2/calbridge'"; }
TOOLS=(readpst pffexport calbridge)

# Peak RSS in KiB of one run of a shell command (median of 3), after its prepare step.
peak_rss_kib() { # prepare command
  local samples=()
  for _ in 1 2 3; do
    bash -c "$1"
    /usr/bin/time -f %M -o "$WORK/time.txt" bash -c "exec $2" >/dev/null 2>&1 || true
    samples+=("$(tail -n 1 "$WORK/time.txt")")
  done
  printf '%s\n' "${samples[@]}" | sort -n | sed -n 2p
}

mib() { awk -v k="$1" 'BEGIN{printf "%.1f MiB", k/1024}'; }

# What each tool wrote: calendar items (readpst: VEVENTs; calbridge: VEVENTs that are not
# RECURRENCE-ID overrides; pffexport: Appointment.txt files).
items_written() { # tool outdir
  local dir="$2/$1"
  [ -d "$dir" ] || { echo 0; return; }
  case "$1" in
    readpst)   { grep -rh "^BEGIN:VEVENT" "$dir" || true; } | wc -l ;;
    pffexport) find "$dir" -name Appointment.txt | wc -l ;;
    calbridge) find "$dir" -name '*.ics' -print0 \
                 | xargs -0 -r awk '/^BEGIN:VEVENT/{e=1; r=0} /^RECURRENCE-ID/{r=1} /^END:VEVENT/{if(e && !r) n++; e=0} END{print n+0}' \
                 | awk '{s+=$1} END{print s+0}' ;;
  esac
}

{
  echo "# calbridge export benchmark, $STAMP"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Tools: $(readpst -V 2>&1 | head -n 1); pffexport $(pffexport -V 2>&1 | head -n 1 | awk '{print $2}') (Debian libpff); $("$CALBRIDGE" --version 2>&1 | head -n 1)"
  if nm "$CALBRIDGE" 2>/dev/null | grep -q libpff_name_to_id_map_build_lookup_table; then
    echo "calbridge is linked with the patched static libpff (third_party/libpff)."
  else
    echo "calbridge is linked with Debian's libpff (no name-to-id index)."
  fi
  echo "hyperfine: $RUNS runs, $WARMUP warm-up runs, each run starting from an empty output directory."
  echo
} > "$REPORT"

for FILE in "${FILES[@]}"; do
  [ -f "$FILE" ] || { echo "export_bench: no such file $FILE" >&2; exit 1; }
  name="$(basename "$FILE")"
  out="$WORK/$name"
  mkdir -p "$out"
  size_mb="$(awk -v b="$(stat -c %s "$FILE")" 'BEGIN{printf "%.1f", b/1e6}')"
  echo "export_bench: $name ($size_mb MB)" >&2

  # One checked run of each tool: exit status, what it wrote, peak RSS.
  ignore=()
  declare -A RC=() WROTE=() RSS=()
  for t in "${TOOLS[@]}"; do
    bash -c "$(prep_$t "$FILE" "$out")"
    set +e
    bash -c "$(cmd_$t "$FILE" "$out")" >"$WORK/$t.log" 2>&1
    RC[$t]=$?
    set -e
    WROTE[$t]="$(items_written "$t" "$out")"
    RSS[$t]="$(peak_rss_kib "$(prep_$t "$FILE" "$out")" "$(cmd_$t "$FILE" "$out")")"
    if [ "${RC[$t]}" -ne 0 ]; then
      echo "export_bench: $t exited ${RC[$t]} on $name (timed anyway; see its output below)" >&2
      tail -n 5 "$WORK/$t.log" >&2
      ignore=(-i)
    fi
  done

  json="$RESULTS/$STAMP-$name.json"
  hargs=()
  for t in "${TOOLS[@]}"; do
    hargs+=(--prepare "$(prep_$t "$FILE" "$out")")
  done
  for t in "${TOOLS[@]}"; do
    hargs+=(-n "$t" "$(cmd_$t "$FILE" "$out")")
  done
  hyperfine -N "${ignore[@]}" --style basic --warmup "$WARMUP" --runs "$RUNS" \
    --export-json "$json" "${hargs[@]}" >"$WORK/hyperfine.log" 2>&1 \
    || { cat "$WORK/hyperfine.log" >&2; exit 1; }

  # Calendar items in the file, counted independently of calbridge: readpst's VEVENTs
  # (readpst writes one per appointment and no per-occurrence overrides).
  ITEMS="${WROTE[readpst]}"
  "$PY" - "$json" "$name" "$size_mb" "$ITEMS" \
    "readpst=${RC[readpst]}:${WROTE[readpst]}:${RSS[readpst]}" \
    "pffexport=${RC[pffexport]}:${WROTE[pffexport]}:${RSS[pffexport]}" \
    "calbridge=${RC[calbridge]}:${WROTE[calbridge]}:${RSS[calbridge]}" <<'EOF' | tee -a "$REPORT"
import json, sys
path, name, size_mb, items = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
facts = {}
for arg in sys.argv[5:]:
    tool, rest = arg.split("=", 1)
    rc, wrote, rss = rest.split(":")
    facts[tool] = (int(rc), int(wrote), int(rss or 0))
res = {r["command"]: r for r in json.load(open(path))["results"]}
print(f"## {name} ({size_mb} MB, {items} calendar items)\n")
print("| tool | wall time, mean ± σ | min | CPU (user+sys) | calendar items written | items/s | peak RSS | exit |")
print("|---|---|---|---|---|---|---|---|")
for tool in ("readpst", "pffexport", "calbridge"):
    r = res[tool]
    rc, wrote, rss = facts[tool]
    rate = f"{items / r['mean']:,.0f}" if items else "n/a"
    cpu = (r["user"] + r["system"]) * 1e3
    print(f"| {tool} | {r['mean']*1e3:.1f} ± {r['stddev']*1e3:.1f} ms | {r['min']*1e3:.1f} ms | {cpu:.1f} ms | {wrote} | {rate} "
          f"| {rss/1024:.1f} MiB | {rc} |")
cb = res["calbridge"]
print()
for peer in ("readpst", "pffexport"):
    p = res[peer]
    cpu = lambda r: r["user"] + r["system"]
    print(f"- calbridge vs {peer}: {p['mean']/cb['mean']:.2f}x the speed "
          f"(mean {cb['mean']*1e3:.1f} vs {p['mean']*1e3:.1f} ms; CPU {cpu(p)/cpu(cb):.2f}x), "
          f"peak RSS {facts['calbridge'][2]/max(facts[peer][2],1):.2f}x")
print()
EOF
  unset RC WROTE RSS
done

# --- Does calbridge's memory grow with the data? ---
{
  echo "## Memory vs data size (calbridge)"
  echo
  echo "No PST/OST writer exists in Debian or npm to generate bigger inputs, so growth is measured"
  echo "inside the files we have: peak RSS when exporting 0..N items of the same file (--folder),"
  echo "across the input files, and the heap over the run of a full export (valgrind massif)."
  echo
  echo "| input | calendar items exported | peak RSS |"
  echo "|---|---|---|"
} | tee -a "$REPORT"

RSS_FILES=("${FILES[@]}")
case " ${FILES[*]} " in *enron.pst*) ;; *) RSS_FILES+=("$REPO/tests/data/enron.pst") ;; esac
for FILE in "${RSS_FILES[@]}"; do
  [ -f "$FILE" ] || continue
  name="$(basename "$FILE")"
  out="$WORK/rss-$name"
  size_mb="$(awk -v b="$(stat -c %s "$FILE")" 'BEGIN{printf "%.1f", b/1e6}')"
  # Folder paths and item counts from `calbridge info` ("  PATH   N items  (CLASS)").
  "$CALBRIDGE" info "$FILE" 2>/dev/null | sed -nE 's/^  (.+[^ ]) +([0-9]+) items .*/\2\t\1/p' >"$WORK/folders.tsv" || true
  while IFS=$'\t' read -r n folder; do
    [ -n "$folder" ] || continue
    rss="$(peak_rss_kib "rm -rf '$out'" "'$CALBRIDGE' -q export '$FILE' -o '$out' --folder '$folder'")"
    printf '| %s (%s MB), --folder "%s" | %s | %s |\n' "$name" "$size_mb" "$folder" "$n" "$(mib "$rss")"
  done <"$WORK/folders.tsv" | sort -t'|' -k3,3n | tee -a "$REPORT"
  rss="$(peak_rss_kib "rm -rf '$out'" "'$CALBRIDGE' -q export '$FILE' -o '$out'")"
  total="$(awk -F'\t' '{s+=$1} END{print s+0}' "$WORK/folders.tsv")"
  printf '| %s (%s MB), whole file | %s | %s |\n' "$name" "$size_mb" "$total" "$(mib "$rss")" | tee -a "$REPORT"
done
echo | tee -a "$REPORT"

if [ "$MASSIF" -eq 1 ] && command -v valgrind >/dev/null; then
  FILE="${FILES[0]}"
  rm -rf "$WORK/massif-out"
  valgrind --tool=massif --time-unit=i --massif-out-file="$WORK/massif.out" \
    "$CALBRIDGE" -q export "$FILE" -o "$WORK/massif-out" >/dev/null 2>&1 || true
  "$PY" - "$WORK/massif.out" "$(basename "$FILE")" <<'EOF' | tee -a "$REPORT"
import sys
snaps, cur = [], {}
for line in open(sys.argv[1]):
    k, _, v = line.strip().partition("=")
    if k == "snapshot" and cur:
        snaps.append(cur); cur = {}
    if k in ("time", "mem_heap_B", "mem_heap_extra_B"):
        cur[k] = int(v)
if cur:
    snaps.append(cur)
snaps = [s for s in snaps if "time" in s]
end = max(s["time"] for s in snaps)
def heap_at(frac):
    before = [s for s in snaps if s["time"] <= frac * end]
    s = before[-1] if before else snaps[0]
    return (s["mem_heap_B"] + s.get("mem_heap_extra_B", 0)) / 1048576
peak = max(s["mem_heap_B"] + s.get("mem_heap_extra_B", 0) for s in snaps) / 1048576
print(f"Heap of `calbridge export {sys.argv[2]}` over the run (valgrind massif, time in instructions):\n")
print("| point in the run | 10 % | 25 % | 50 % | 75 % | 90 % | peak |")
print("|---|---|---|---|---|---|---|")
print("| heap (MiB) | " + " | ".join(f"{heap_at(f):.2f}" for f in (0.10, 0.25, 0.50, 0.75, 0.90)) + f" | {peak:.2f} |")
print()
EOF
fi

echo "export_bench: report written to $REPORT" >&2
