"""Shared helpers of the CalDAV conformance suites (run by Debian's /usr/bin/python3).

- Checks: every check is named, printed as `ok NAME` or `FAIL NAME: why`, counted, and the
  suite ends with one summary line `SUITE: N passed, M failed` (exit 1 on any failure).
- Dav: a minimal WebDAV client on http.client (no third-party library: it is the harness's
  own view of the server, independent of the clients under test) with Basic auth, used for
  discovery of the calendar home, MKCALENDAR of a test calendar, and to look at the server
  behind a client's back.
Settings come from the CALDAV_* environment variables set by lib/options.sh.
"""
import base64
import http.client
import os
import sys
import traceback
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

NS = {"d": "DAV:", "c": "urn:ietf:params:xml:ns:caldav", "cs": "http://calendarserver.org/ns/",
      "ical": "http://apple.com/ns/ical/"}


class Checks:
    """Named assertions with a PASS/FAIL summary. A check that raises counts as failed."""

    def __init__(self, suite):
        self.suite = suite
        self.passed = 0
        self.failed = []

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"ok {name}", flush=True)
        else:
            self.failed.append(name)
            print(f"FAIL {name}" + (f": {detail}" if detail else ""), flush=True)
        return bool(condition)

    def equal(self, name, actual, expected):
        return self.check(name, actual == expected, f"expected {expected!r}, got {actual!r}")

    def step(self, name, fn, /, *args, **kwargs):
        """Runs fn; an exception is a failed check named NAME (with the traceback in the log)."""
        try:
            result = fn(*args, **kwargs)
        except Exception as e:  # noqa: BLE001 - any client error is a finding
            self.failed.append(name)
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
            traceback.print_exc(file=sys.stdout)
            return None
        self.passed += 1
        print(f"ok {name}", flush=True)
        return result

    def info(self, text):
        print(f"info {text}", flush=True)

    def finish(self):
        print(f"{self.suite}: {self.passed} passed, {len(self.failed)} failed"
              + (f" ({', '.join(self.failed)})" if self.failed else ""), flush=True)
        return 1 if self.failed else 0


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case names
        self.body = body

    def xml(self):
        return ET.fromstring(self.body)


def env(name, required=True):
    value = os.environ.get(name, "")
    if required and not value:
        sys.exit(f"{os.environ.get('CALDAV_SUITE', 'caldav')}: FAIL: {name} is not set")
    return value


class Dav:
    def __init__(self, url=None, user=None, password=None):
        self.base = url or env("CALDAV_URL")
        self.user = user or env("CALDAV_USER")
        password = password or env("CALDAV_PASSWORD")
        parts = urllib.parse.urlsplit(self.base)
        self.scheme, self.netloc = parts.scheme, parts.netloc
        self.auth = "Basic " + base64.b64encode(f"{self.user}:{password}".encode()).decode()

    def url(self, path):
        """Absolute URL of a path (or a URL, returned as is)."""
        if path.startswith(("http://", "https://")):
            return path
        return urllib.parse.urljoin(self.base, path)

    def path(self, path_or_url):
        return urllib.parse.urlsplit(self.url(path_or_url)).path

    def request(self, method, path, body=None, headers=None, follow=False):
        target = self.url(path)
        for _ in range(5):
            parts = urllib.parse.urlsplit(target)
            conn_cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
            conn = conn_cls(parts.netloc, timeout=30)
            hdrs = {"Authorization": self.auth}
            if body is not None:
                hdrs["Content-Type"] = 'application/xml; charset="utf-8"'
            hdrs.update(headers or {})
            data = body.encode() if isinstance(body, str) else body
            conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), data, hdrs)
            r = conn.getresponse()
            resp = Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
            conn.close()
            if follow and resp.status in (301, 302, 303, 307, 308) and "location" in resp.headers:
                target = urllib.parse.urljoin(target, resp.headers["location"])
                continue
            return resp
        raise RuntimeError(f"too many redirects from {path}")

    def propfind(self, path, props, depth="0"):
        """PROPFIND for props (list of 'd:name' strings); returns {href_path: {'{ns}name': element}}
        holding only properties reported with a 2xx propstat."""
        body = ('<?xml version="1.0" encoding="utf-8"?><d:propfind '
                + " ".join(f'xmlns:{p}="{u}"' for p, u in NS.items()) + "><d:prop>"
                + "".join(f"<{p}/>" for p in props) + "</d:prop></d:propfind>")
        r = self.request("PROPFIND", path, body, {"Depth": depth})
        if r.status != 207:
            raise RuntimeError(f"PROPFIND {path} answered {r.status}, not 207: {r.body[:300]!r}")
        return parse_multistatus(r.body)

    def discover_home(self):
        """current-user-principal (RFC 5397) from the base URL, then calendar-home-set (RFC 4791 6.2.1)."""
        found = self.propfind(self.base, ["d:current-user-principal"])
        principal = None
        for props in found.values():
            el = props.get("{DAV:}current-user-principal")
            if el is not None and el.find("d:href", NS) is not None:
                principal = el.find("d:href", NS).text.strip()
        if not principal:
            raise RuntimeError(f"no DAV:current-user-principal at {self.base}")
        found = self.propfind(principal, ["c:calendar-home-set"])
        for props in found.values():
            el = props.get("{urn:ietf:params:xml:ns:caldav}calendar-home-set")
            if el is not None and el.find("d:href", NS) is not None:
                return self.path(el.find("d:href", NS).text.strip())
        raise RuntimeError(f"no calendar-home-set on principal {principal}")

    def mkcalendar(self, home, displayname):
        """Creates a fresh calendar for VEVENT under home (RFC 4791 5.3.1); returns its path."""
        path = self.path(home).rstrip("/") + f"/conformance-{uuid.uuid4().hex[:12]}/"
        body = ('<?xml version="1.0" encoding="utf-8"?>'
                '<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>'
                f'<d:displayname>{displayname}</d:displayname>'
                '<c:supported-calendar-component-set><c:comp name="VEVENT"/><c:comp name="VTODO"/>'
                '</c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>')
        r = self.request("MKCALENDAR", path, body)
        if r.status != 201:
            raise RuntimeError(f"MKCALENDAR {path} answered {r.status}: {r.body[:300]!r}")
        return path


def parse_multistatus(body):
    root = ET.fromstring(body)
    out = {}
    for resp in root.findall("d:response", NS):
        href = urllib.parse.unquote(urllib.parse.urlsplit(resp.findtext("d:href", "", NS).strip()).path)
        props = out.setdefault(href, {})
        for ps in resp.findall("d:propstat", NS):
            status = ps.findtext("d:status", "", NS)
            if " 2" not in status:
                continue
            for prop in ps.find("d:prop", NS) or []:
                props[prop.tag] = prop
    return out


def test_calendar(dav, checks):
    """The calendar a suite works in: CALDAV_CALENDAR if given, else a new one under the home
    (CALDAV_HOME or discovered). Returns (path, created)."""
    given = os.environ.get("CALDAV_CALENDAR", "")
    if given:
        checks.info(f"using the given calendar {given}")
        return dav.path(given), False
    home = os.environ.get("CALDAV_HOME", "") or dav.discover_home()
    path = dav.mkcalendar(home, f"calbridge conformance {os.environ.get('CALDAV_SUITE', '')}")
    checks.info(f"created calendar {path}")
    return path, True
