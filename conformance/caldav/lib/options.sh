# lib/options.sh — sourced by every suite's run.sh: one parser for the options all suites share.
#
#   --url URL          server base URL, e.g. http://127.0.0.1:8080/          (env CALDAV_URL)
#   --user NAME        Basic-auth user                                          (env CALDAV_USER)
#   --password PW      Basic-auth password; prefer the env var: argv is visible in ps
#                                                                               (env CALDAV_PASSWORD)
#   --home PATH        the user's calendar home, e.g. /alice/; where suites create their
#                      own test calendar (MKCALENDAR). Empty: discovered from the URL
#                      (current-user-principal → calendar-home-set)          (env CALDAV_HOME)
#   --calendar PATH    use this existing calendar instead of creating one; suites only
#                      touch objects they created in it                      (env CALDAV_CALENDAR)
#   --collection PATH  litmus only: a plain WebDAV collection litmus may MKCOL `litmus/`
#                      under (default: the home)                             (env CALDAV_COLLECTION)
#   --log-dir DIR      full logs go here (default: a new temp dir)          (env CALDAV_LOG_DIR)
#
# PATH values may also be absolute URLs. After parsing, all are exported as CALDAV_* so the
# Python/Node parts of a suite read the same values from the environment.
# Call: parse_caldav_options SUITE_NAME "$@"

caldav_die() { echo "${CALDAV_SUITE:-caldav}: FAIL: $*" >&2; exit 2; }

parse_caldav_options() {
  CALDAV_SUITE=$1
  shift
  while [[ $# -gt 0 ]]; do
    case $1 in
      --url) CALDAV_URL=$2; shift 2 ;;
      --user) CALDAV_USER=$2; shift 2 ;;
      --password) CALDAV_PASSWORD=$2; shift 2 ;;
      --home) CALDAV_HOME=$2; shift 2 ;;
      --calendar) CALDAV_CALENDAR=$2; shift 2 ;;
      --collection) CALDAV_COLLECTION=$2; shift 2 ;;
      --log-dir) CALDAV_LOG_DIR=$2; shift 2 ;;
      -h|--help) sed -n '3,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
      *) caldav_die "unknown option '$1' (see --help)" ;;
    esac
  done
  [[ -n ${CALDAV_URL:-} ]] || caldav_die "no server URL (--url or CALDAV_URL)"
  [[ -n ${CALDAV_USER:-} ]] || caldav_die "no user (--user or CALDAV_USER)"
  [[ -n ${CALDAV_PASSWORD:-} ]] || caldav_die "no password (--password or CALDAV_PASSWORD)"
  [[ $CALDAV_URL == */ ]] || CALDAV_URL="$CALDAV_URL/"
  CALDAV_HOME=${CALDAV_HOME:-}
  CALDAV_CALENDAR=${CALDAV_CALENDAR:-}
  CALDAV_COLLECTION=${CALDAV_COLLECTION:-}
  if [[ -z ${CALDAV_LOG_DIR:-} ]]; then
    CALDAV_LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/caldav-$CALDAV_SUITE.XXXXXX")
  fi
  mkdir -p "$CALDAV_LOG_DIR" || caldav_die "cannot create log dir $CALDAV_LOG_DIR"
  CALDAV_LOG_DIR=$(cd "$CALDAV_LOG_DIR" && pwd)
  export CALDAV_SUITE CALDAV_URL CALDAV_USER CALDAV_PASSWORD CALDAV_HOME CALDAV_CALENDAR \
         CALDAV_COLLECTION CALDAV_LOG_DIR
}

# caldav_abs_url PATH_OR_URL: an absolute URL (paths are resolved against CALDAV_URL's origin).
caldav_abs_url() {
  local p=$1
  if [[ $p == http://* || $p == https://* ]]; then echo "$p"; return; fi
  local origin
  origin=$(sed -E 's#^(https?://[^/]+).*#\1#' <<<"$CALDAV_URL")
  [[ $p == /* ]] || p="/$p"
  echo "$origin$p"
}
