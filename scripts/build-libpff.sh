#!/usr/bin/env bash
# Builds Debian 12's libpff with third_party/libpff/0001-name-to-id-hash-index.patch into
# <repo>/.deps/libpff as a static library (see third_party/libpff/README.md for why).
#
#   scripts/build-libpff.sh [--force]
#
# - Idempotent: does nothing when .deps/libpff/lib/pkgconfig/libpff.pc exists and records the
#   SHA-256 of the current patch and recipe (variables calbridge_patch_sha256, calbridge_recipe).
# - Source: `apt-get source libpff` from the Debian archive this machine already uses. If no
#   deb-src entry serves libpff yet, it writes one (same URIs, suites and keyring as the
#   machine's own `deb` entries for its release) to /etc/apt/sources.list.d/calbridge-src.list.
# - Static (--enable-static --disable-shared, PIC): the calbridge binary then carries libpff
#   itself, needs no rpath and no .deps/ at run time, and cannot pick up Debian's libpff.so.1
#   (same SONAME) by mistake. Its remaining run-time deps are Debian's libbfio1 and zlib1g.
#   Compiler flags are Debian's own (dpkg-buildflags: -O2, hardening), so the only difference
#   from the system libpff is the patch.
# - Exits non-zero on any failure, leaving .deps/libpff absent or as it was: the CMake build
#   (cmake/CalbridgeDependencies.cmake) then falls back to Debian's libpff-dev.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
PATCH="$REPO/third_party/libpff/0001-name-to-id-hash-index.patch"
PREFIX="$REPO/.deps/libpff"
PC_FILE="$PREFIX/lib/pkgconfig/libpff.pc"
SRC_LIST=/etc/apt/sources.list.d/calbridge-src.list
# Bump when the build steps below change in a way that changes the installed result.
RECIPE=1
UPSTREAM_VERSION=20180714

log() { echo "build-libpff: $*" >&2; }
die() { log "error: $*"; exit 1; }

FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

[ -f "$PATCH" ] || die "missing $PATCH"
PATCH_SHA="$(sha256sum "$PATCH" | cut -d' ' -f1)"

up_to_date() {
  [ "$FORCE" -eq 0 ] && [ -f "$PC_FILE" ] && [ -f "$PREFIX/lib/libpff.a" ] \
    && grep -qx "calbridge_patch_sha256=$PATCH_SHA" "$PC_FILE" \
    && grep -qx "calbridge_recipe=$RECIPE" "$PC_FILE"
}
if up_to_date; then
  log "up to date ($PREFIX, patch ${PATCH_SHA:0:12})"
  exit 0
fi
# One build at a time per checkout (parallel `install-deps.sh` runs).
mkdir -p "$REPO/.deps"
exec 9>"$REPO/.deps/libpff.lock"
flock 9
if up_to_date; then
  log "up to date ($PREFIX, built by a concurrent run)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

# --- build tools: the source package ships a generated ./configure and the patch touches only
# C files, so autoconf/automake/libtool are not needed here.
need=()
for p in dpkg-dev build-essential pkg-config libbfio-dev zlib1g-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# --- deb-src entry for the release this machine runs.
# (Output captured first: `cmd | grep -q` fails under pipefail when grep stops reading early.)
has_libpff_source() {
  local out
  out="$(apt-cache showsrc libpff 2>/dev/null || true)"
  grep -q "^Package: libpff$" <<<"$out"
}

# Prints one-line deb-src entries mirroring the machine's `deb` entries whose suite belongs to
# its release (e.g. bookworm, bookworm-updates, bookworm-security), from both the deb822
# (*.sources) and the one-line (*.list) formats.
derive_deb_src_lines() {
  local codename
  codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
  [ -n "$codename" ] || return 0
  shopt -s nullglob
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    awk -v codename="$codename" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && uris != "" && enabled != "no") {
          n = split(suites, s, " ")
          for (i = 1; i <= n; i++) {
            if (s[i] != codename && index(s[i], codename "-") != 1) continue
            opt = (signed != "") ? "[signed-by=" signed "] " : ""
            m = split(uris, u, " ")
            for (j = 1; j <= m; j++) print "deb-src " opt u[j] " " s[i] " " comps
          }
        }
        types = uris = suites = comps = signed = enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]+[^ \t]/ { next }   # continuation line (e.g. an inline key block)
      /^[ \t]*$/ { flush(); next }
      {
        key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "")
        if (key == "types") types = $0
        else if (key == "uris") uris = $0
        else if (key == "suites") suites = $0
        else if (key == "components") comps = $0
        else if (key == "signed-by") signed = $0
        else if (key == "enabled") enabled = tolower($0)
      }
      END { flush() }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    [ "$f" = "$SRC_LIST" ] && continue
    awk -v codename="$codename" '
      $1 == "deb" {
        opt = ""; i = 2
        if ($2 ~ /^\[/) { while ($i !~ /\]$/) { opt = opt $i " "; i++ } opt = opt $i " "; i++ }
        uri = $i; suite = $(i + 1); comps = ""
        for (k = i + 2; k <= NF; k++) comps = comps (comps == "" ? "" : " ") $k
        if (suite == codename || index(suite, codename "-") == 1)
          print "deb-src " opt uri " " suite " " comps
      }' "$f"
  done
}

if ! has_libpff_source; then
  if [ ! -f "$SRC_LIST" ]; then
    lines="$(derive_deb_src_lines | sort -u)"
    [ -n "$lines" ] || die "no Debian 'deb' entry for this release found under /etc/apt; cannot add deb-src"
    log "adding deb-src entries to $SRC_LIST:"$'\n'"$lines"
    { echo "# Added by calbridge scripts/build-libpff.sh: Debian source packages (apt-get source libpff)."
      echo "$lines"; } | $SUDO tee "$SRC_LIST" >/dev/null
  fi
  $SUDO apt-get update -qq
  has_libpff_source || die "apt-cache showsrc libpff finds nothing even with $SRC_LIST"
fi

# --- fetch the source that matches the installed libpff when there is one.
WORK="$(mktemp -d /tmp/calbridge-libpff.XXXXXX)"
# Staged install on the same file system as .deps, so the final swap is a rename.
STAGE="$(mktemp -d "$REPO/.deps/.libpff-stage.XXXXXX")"
trap 'rm -rf "$WORK" "$STAGE"' EXIT
chmod 755 "$WORK"
# apt downloads as _apt when it can write the directory (avoids the "unsandboxed" warning).
chown _apt "$WORK" 2>/dev/null || true
installed="$(dpkg-query -W -f='${source:Version}' libpff1 2>/dev/null || true)"
spec="libpff"
sources="$(apt-cache showsrc libpff 2>/dev/null || true)"
if [ -n "$installed" ] && grep -qxF "Version: $installed" <<<"$sources"; then
  spec="libpff=$installed"
fi
log "fetching source $spec"
(cd "$WORK" && apt-get source -qq "$spec" >/dev/null 2>"$WORK/apt-source.log") \
  || { cat "$WORK/apt-source.log" >&2; die "apt-get source $spec failed"; }
SRC="$(find "$WORK" -maxdepth 1 -type d -name "libpff-$UPSTREAM_VERSION*" | head -n 1)"
[ -n "$SRC" ] && [ -x "$SRC/configure" ] \
  || die "expected an unpacked libpff-$UPSTREAM_VERSION with ./configure in $WORK (got: $(ls "$WORK"))"

# --- patch, configure, build, install into a staging tree.
(cd "$SRC" && patch -p1 --forward --fuzz=0 --quiet < "$PATCH") || die "patch does not apply to $(basename "$SRC")"

JOBS="$(nproc 2>/dev/null || echo 2)"
CFLAGS_DEB="$(dpkg-buildflags --get CFLAGS)"
CPPFLAGS_DEB="$(dpkg-buildflags --get CPPFLAGS)"
log "configuring (static, PIC, CFLAGS: $CFLAGS_DEB)"
(cd "$SRC" && CFLAGS="$CFLAGS_DEB" CPPFLAGS="$CPPFLAGS_DEB" ./configure \
   --prefix="$PREFIX" --enable-static --disable-shared --with-pic \
   --disable-dependency-tracking \
   >"$WORK/configure.log" 2>&1) \
  || { tail -n 30 "$WORK/configure.log" >&2; die "configure failed"; }
grep -q "libbfio support: *yes" "$WORK/configure.log" \
  || die "configure did not pick up Debian's libbfio (libbfio-dev); see $WORK/configure.log"

log "building with $JOBS jobs"
make -C "$SRC" -j"$JOBS" >"$WORK/make.log" 2>&1 \
  || { tail -n 30 "$WORK/make.log" >&2; die "make failed"; }

if [ "${CALBRIDGE_LIBPFF_CHECK:-0}" = "1" ]; then
  log "running libpff's own tests (make check)"
  make -C "$SRC" -j"$JOBS" check >"$WORK/check.log" 2>&1 \
    || { grep -E "^(FAIL|ERROR)|Unable to run" "$WORK/check.log" >&2 || true; die "make check failed"; }
fi

make -C "$SRC" install DESTDIR="$STAGE" >"$WORK/install.log" 2>&1 \
  || { tail -n 30 "$WORK/install.log" >&2; die "make install failed"; }
STAGED="$STAGE$PREFIX"
[ -f "$STAGED/lib/libpff.a" ] && [ -f "$STAGED/lib/pkgconfig/libpff.pc" ] || die "install produced no libpff.a / libpff.pc"
rm -f "$STAGED/lib/libpff.la"    # libtool archive with absolute paths; nothing here needs it

# Relocatable .pc (prefix relative to the .pc file) plus what this build is.
sed -i "s|^prefix=.*|prefix=\${pcfiledir}/../..|" "$STAGED/lib/pkgconfig/libpff.pc"
{ echo "calbridge_patch_sha256=$PATCH_SHA"
  echo "calbridge_recipe=$RECIPE"
  echo "calbridge_source=$(basename "$SRC")"; } > "$WORK/pc-head"
cat "$WORK/pc-head" "$STAGED/lib/pkgconfig/libpff.pc" > "$WORK/libpff.pc"
mv "$WORK/libpff.pc" "$STAGED/lib/pkgconfig/libpff.pc"

# --- swap into place (the .pc appears together with the library or not at all).
mkdir -p "$(dirname "$PREFIX")"
rm -rf "$PREFIX.old"
[ -d "$PREFIX" ] && mv "$PREFIX" "$PREFIX.old"
mv "$STAGED" "$PREFIX"
rm -rf "$PREFIX.old"
log "installed $PREFIX ($(basename "$SRC") + patch ${PATCH_SHA:0:12}, static)"
