"""The one CalDAV client of the benchmark: the same requests for every server, over keep-alive
http.client connections (one per thread). A timed request runs from sending the request to
reading the last byte of the body; parsing and checking the answer happen outside that
window. Each request also reports the CPU time the calling thread spent inside it (the
client's own cost: the server runs in another process).

Request bodies are the ones CalDAV clients send (DAVx5, Thunderbird): PROPFIND Depth 1 for
getetag (RFC 4918 9.1), calendar-query with a VEVENT time-range asking getetag (RFC 4791
7.8, 9.9), calendar-multiget with getetag and calendar-data (RFC 4791 7.9), sync-collection
(RFC 6578 3.2, Depth 0).
"""
from __future__ import annotations

import dataclasses
import http.client
import socket
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET

D = "{DAV:}"
C = "{urn:ietf:params:xml:ns:caldav}"

PROPFIND_ETAGS = b'<?xml version="1.0" encoding="utf-8"?>\n' \
    b'<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>'

CALENDAR_QUERY = '''<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
 <D:prop><D:getetag/></D:prop>
 <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
  <C:time-range start="{start}" end="{end}"/>
 </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>'''

MULTIGET = '''<?xml version="1.0" encoding="utf-8"?>
<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
 <D:prop><D:getetag/><C:calendar-data/></D:prop>
{hrefs}
</C:calendar-multiget>'''

SYNC = '''<?xml version="1.0" encoding="utf-8"?>
<D:sync-collection xmlns:D="DAV:">
 <D:sync-token>{token}</D:sync-token><D:sync-level>1</D:sync-level>
 <D:prop><D:getetag/></D:prop>
</D:sync-collection>'''

MKCALENDAR = b'''<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
 <D:displayname>bench</D:displayname>
 <C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>
</D:prop></D:set></C:mkcalendar>'''

XML = "application/xml; charset=utf-8"


class _Connection(http.client.HTTPConnection):
    """http.client sends the headers and the body of a request in two writes; with Nagle's
    algorithm the body then waits for the server's (delayed) ACK of the headers, ~40 ms on
    Linux. Clients that care set TCP_NODELAY; so does this one."""

    def connect(self):
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


@dataclasses.dataclass
class Response:
    status: int
    headers: dict          # lower-case names
    body: bytes
    seconds: float         # request sent .. last body byte read
    client_cpu: float      # CPU seconds of the calling thread within that window


class DavClient:
    def __init__(self, host: str, port: int, calendar_path: str, auth_header: str | None,
                 timeout: float = 600):
        self.host, self.port, self.timeout = host, port, timeout
        self.calendar_path = calendar_path
        self.auth_header = auth_header
        self._local = threading.local()

    # -- transport
    def _conn(self) -> http.client.HTTPConnection:
        c = getattr(self._local, "conn", None)
        if c is None:
            c = self._local.conn = _Connection(self.host, self.port, timeout=self.timeout)
        return c

    def close(self):
        c = getattr(self._local, "conn", None)
        if c is not None:
            c.close()
            self._local.conn = None

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> Response:
        h = {"User-Agent": "calbridge-bench"}
        if self.auth_header:
            h["Authorization"] = self.auth_header
        if headers:
            h.update(headers)
        for attempt in (0, 1):
            conn = self._conn()
            reused = conn.sock is not None
            t0, c0 = time.perf_counter(), time.thread_time()
            try:
                conn.request(method, path, body=body, headers=h)
                r = conn.getresponse()
                data = r.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection: reconnect once (only then).
                self.close()
                if attempt == 0 and reused:
                    continue
                raise
            t1, c1 = time.perf_counter(), time.thread_time()
            if r.will_close:
                self.close()
            return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, data, t1 - t0, c1 - c0)
        raise AssertionError("unreachable")

    # -- paths
    def href(self, name: str) -> str:
        return self.calendar_path + urllib.parse.quote(name)

    # -- operations
    def put(self, name: str, body: bytes, create: bool = False, etag: str | None = None) -> Response:
        h = {"Content-Type": "text/calendar; charset=utf-8"}
        if create:
            h["If-None-Match"] = "*"   # RFC 4918 / 7232: only if it does not exist yet
        if etag:
            h["If-Match"] = etag
        return self.request("PUT", self.href(name), body, h)

    def get(self, name: str) -> Response:
        return self.request("GET", self.href(name))

    def propfind_etags(self) -> Response:
        return self.request("PROPFIND", self.calendar_path, PROPFIND_ETAGS,
                            {"Depth": "1", "Content-Type": XML})

    def calendar_query(self, start: str, end: str) -> Response:
        body = CALENDAR_QUERY.format(start=start, end=end).encode()
        return self.request("REPORT", self.calendar_path, body, {"Depth": "1", "Content-Type": XML})

    def multiget(self, names: list[str]) -> Response:
        hrefs = "\n".join(f" <D:href>{self.href(n)}</D:href>" for n in names)
        return self.request("REPORT", self.calendar_path, MULTIGET.format(hrefs=hrefs).encode(),
                            {"Depth": "1", "Content-Type": XML})

    def sync(self, token: str) -> Response:
        body = SYNC.format(token=token).encode()
        return self.request("REPORT", self.calendar_path, body, {"Depth": "0", "Content-Type": XML})

    def calendar_status(self) -> int:
        return self.request("PROPFIND", self.calendar_path, PROPFIND_ETAGS, {"Depth": "0", "Content-Type": XML}).status

    def mkcalendar(self) -> Response:
        return self.request("MKCALENDAR", self.calendar_path, MKCALENDAR, {"Content-Type": XML})


# ---------------------------------------------------------------- parsing (untimed)

@dataclasses.dataclass
class Item:
    name: str | None       # resource name inside the calendar; None for the calendar itself
    status: int            # 200 when the props came back; the response's status otherwise
    etag: str | None
    calendar_data: str | None


def _status_code(text: str | None) -> int:
    try:
        return int((text or "").split()[1])
    except (IndexError, ValueError):
        return 0


def name_in(href: str, calendar_path: str) -> str | None:
    """The member name an href points at, or None for the collection itself."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(href.strip()).path)
    cal = urllib.parse.unquote(calendar_path)
    if path.rstrip("/") == cal.rstrip("/"):
        return None
    if path.startswith(cal):
        return path[len(cal):]
    return path.rsplit("/", 1)[-1]


def parse_multistatus(body: bytes, calendar_path: str) -> tuple[list[Item], str | None]:
    """(items, sync-token) of a 207 multistatus body (RFC 4918 14.16, RFC 6578 6.2)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return [], None  # not XML (an error page): nothing returned; the caller reports the status
    items = []
    for resp in root.iter(f"{D}response"):
        href = resp.findtext(f"{D}href") or ""
        status = _status_code(resp.findtext(f"{D}status")) if resp.find(f"{D}status") is not None else 0
        etag = data = None
        for ps in resp.findall(f"{D}propstat"):
            code = _status_code(ps.findtext(f"{D}status"))
            prop = ps.find(f"{D}prop")
            if code == 200 and prop is not None:
                status = status or 200
                e = prop.find(f"{D}getetag")
                etag = e.text.strip() if e is not None and e.text else etag
                cd = prop.find(f"{C}calendar-data")
                data = cd.text if cd is not None and cd.text else data
            elif not status:
                status = code
        items.append(Item(name_in(href, calendar_path), status, etag, data))
    return items, root.findtext(f"{D}sync-token")
