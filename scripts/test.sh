#!/usr/bin/env bash
# The test command: installs what is needed, builds, and runs every test:
#  1. release build: Catch2 unit and fixture tests, the conformance suites (libical,
#     python3-icalendar, ical.js) on the exported fixture, corrupted-input tests of the CLI;
#  2. clang ASan+UBSan build: the same unit tests under the sanitizers, and a short run of
#     every libFuzzer target (CALBRIDGE_FUZZ_SECONDS each, default 20).
# Ends with one line "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1

total_passed=0
total_failed=0
failed_names=""
run_ctest() {  # build_dir label
  local log="$1.ctest.log"
  ctest --test-dir "$1" --output-on-failure -j "$(nproc)" 2>&1 | tee "$log"
  local line passed failed
  line=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$log" | tail -1)
  failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
  total=$(sed -E 's/.* tests failed out of ([0-9]+).*/\1/' <<<"$line")
  if [ -z "$line" ] || [ "${total:-0}" -eq 0 ]; then
    echo "test.sh: $2: no tests ran" >&2
    total_failed=$((total_failed + 1))
    return
  fi
  passed=$((total - failed))
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  echo "test.sh: $2: $passed passed, $failed failed"
  # Each failed test's result line and the last 40 lines of its output (ctest prints them
  # right after that line), repeated at the very end so a log cut to its tail shows them.
  local f
  f=$(awk 'function flush(  i) {for (i = (n > 40 ? n - 40 : 0); i < n; i++) print buf[i % 40]; n = 0}
           /Test +#[0-9]+: .*\*\*\*/ {flush(); grab = 1; print; next}
           grab && (/^ +Start +[0-9]+: / || /^ *[0-9]+\/[0-9]+ Test +#/ || /tests passed, /) {grab = 0; flush()}
           grab {buf[n++ % 40] = $0}
           END {flush()}' "$log")
  [ -n "$f" ] && failed_names+="--- $2"$'\n'"$f"$'\n'
}

if scripts/build.sh build; then
  run_ctest build "release"
else
  echo "test.sh: release build failed" >&2
  total_failed=$((total_failed + 1))
fi

if CC=clang-14 CXX=clang++-14 scripts/build.sh build-asan -DCALBRIDGE_SANITIZE=ON -DCALBRIDGE_FUZZ=ON \
     -DCALBRIDGE_FUZZ_SECONDS="${CALBRIDGE_FUZZ_SECONDS:-20}"; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_ctest build-asan "asan+ubsan"
else
  echo "test.sh: sanitizer build failed" >&2
  total_failed=$((total_failed + 1))
fi

if [ -n "$failed_names" ]; then
  echo "test.sh: the failed tests, each with the end of its output:"
  printf '%s' "$failed_names"
fi
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
