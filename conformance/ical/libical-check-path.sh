#!/usr/bin/env bash
# Prints the path of a libical_check binary, building it if needed.
#   1. $LIBICAL_CHECK, if set (CMake target `libical_check`, e.g. build/conformance/libical_check);
#   2. otherwise compiles conformance/ical/libical_check.cpp with g++ into a per-user cache,
#      again only when the source is newer than the cached binary.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ -n "${LIBICAL_CHECK:-}" ]]; then
  [[ -x "$LIBICAL_CHECK" ]] || { echo "libical-check-path: LIBICAL_CHECK=$LIBICAL_CHECK is not executable" >&2; exit 1; }
  echo "$LIBICAL_CHECK"
  exit 0
fi

src="$here/libical_check.cpp"
cache="${TMPDIR:-/tmp}/calbridge-conformance-$(id -u)"
bin="$cache/libical_check"
if [[ ! -x "$bin" || "$src" -nt "$bin" ]]; then
  mkdir -p "$cache"
  flags=$(pkg-config --cflags --libs libical) || { echo "libical-check-path: pkg-config cannot find libical (apt-get install libical-dev)" >&2; exit 1; }
  # shellcheck disable=SC2086  # pkg-config output is a list of flags
  g++ -std=c++20 -O1 -Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast "$src" -o "$bin.tmp" $flags >&2 \
    || { echo "libical-check-path: compiling $src failed" >&2; exit 1; }
  mv "$bin.tmp" "$bin"
fi
echo "$bin"
