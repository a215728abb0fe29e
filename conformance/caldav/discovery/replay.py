#!/usr/bin/python3
"""Replays, with curl, the requests Thunderbird 115 and Apple Calendar (macOS 14 / iOS 17)
send when an account is added and synced, and checks every answer for what that client
needs (requests/SOURCES.md says where each body comes from).

Reads CALDAV_URL/USER/PASSWORD, optional CALDAV_CALENDAR and CALDAV_LOG_DIR (lib/options.sh).
Every exchange is written to LOG_DIR/discovery/NN-client-step.txt (no Authorization header).
The harness itself (not a replayed client) creates a test calendar unless one is given, and
puts, changes and deletes the events the sync steps must report. Checks print `ok`/`FAIL`;
the summary line is `discovery: N passed, M failed`.
"""
import os
import re
import subprocess
import sys
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from davcheck import Checks, Dav, env, test_calendar  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
D, C, CS, ICAL = "{DAV:}", "{urn:ietf:params:xml:ns:caldav}", "{http://calendarserver.org/ns/}", "{http://apple.com/ns/ical/}"
RUN = uuid.uuid4().hex[:8]
TB_HEADERS = {"Content-Type": "text/xml; charset=utf-8"}          # MIME_TEXT_XML in CalDavRequest
APPLE_HEADERS = {"Content-Type": "text/xml", "Brief": "t", "Prefer": "return=minimal",
                 "User-Agent": "macOS/14.5 (23F79) CalendarAgent/1009.5.1"}
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?$")


class Exchange:
    def __init__(self, status, headers, body, url):
        self.status, self.headers, self.body, self.url = status, headers, body, url
        self.responses = {}
        self.root = None

    def multistatus(self):
        """{href path: {'status': response-level status or None, 'props': {tag: (code, element)}}}"""
        self.root = ET.fromstring(self.body)
        out = {}
        for r in self.root.findall(f"{D}response"):
            href = urllib.parse.unquote(urllib.parse.urlsplit(r.findtext(f"{D}href", "").strip()).path)
            entry = {"status": _code(r.findtext(f"{D}status")), "props": {}}
            for ps in r.findall(f"{D}propstat"):
                code = _code(ps.findtext(f"{D}status"))
                for p in ps.find(f"{D}prop") if ps.find(f"{D}prop") is not None else []:
                    entry["props"][p.tag] = (code, p)
            out[href] = entry
        self.responses = out
        return out


def _code(status_line):
    m = re.match(r"HTTP/\d\.\d (\d{3})", (status_line or "").strip())
    return int(m.group(1)) if m else None


class Replay:
    def __init__(self, checks, dav):
        self.c = checks
        self.dav = dav
        self.n = 0
        self.logdir = os.path.join(env("CALDAV_LOG_DIR"), "discovery")
        os.makedirs(self.logdir, exist_ok=True)
        self.auth = f'user = "{env("CALDAV_USER")}:{env("CALDAV_PASSWORD")}"\n'

    def send(self, name, method, url, body_file=None, headers=None, subst=None, follow=True):
        """Sends one request with curl (credentials via stdin, never argv or logs); follows
        redirects like the clients do (same method, same body), logging each hop."""
        body = None
        if body_file:
            with open(os.path.join(HERE, "requests", body_file), encoding="utf-8") as f:
                body = f.read()
            for k, v in (subst or {}).items():
                body = body.replace("{{" + k + "}}", v)
        for _ in range(5):
            self.n += 1
            stem = os.path.join(self.logdir, f"{self.n:02d}-{name}")
            argv = ["curl", "-sS", "--max-time", "30", "-K", "-", "-X", method, "-D", stem + ".resp-headers",
                    "-o", stem + ".resp-body", "-w", "%{http_code}"]
            for k, v in (headers or {}).items():
                argv += ["-H", f"{k}: {v}"]
            if body is not None:
                with open(stem + ".req-body", "w", encoding="utf-8") as f:
                    f.write(body)
                argv += ["--data-binary", "@" + stem + ".req-body"]
            argv.append(url)
            p = subprocess.run(argv, input=self.auth, capture_output=True, text=True, timeout=60)
            status = int(p.stdout.strip() or 0)
            with open(stem + ".resp-headers", encoding="latin-1") as f:
                raw_headers = f.read()
            resp_headers = {}
            for line in raw_headers.splitlines()[1:]:
                if ":" in line:
                    k, v = line.split(":", 1)
                    resp_headers.setdefault(k.strip().lower(), v.strip())
            with open(stem + ".resp-body", "rb") as f:
                resp_body = f.read()
            with open(stem + ".txt", "w", encoding="utf-8") as f:
                f.write(f"{method} {url}\n" + "".join(f"{k}: {v}\n" for k, v in (headers or {}).items())
                        + "\n" + (body or "") + f"\n\n--- response {status} ---\n" + raw_headers
                        + resp_body.decode("utf-8", "replace") + (f"\ncurl: {p.stderr}" if p.stderr else ""))
            for ext in (".resp-headers", ".resp-body", ".req-body"):
                if os.path.exists(stem + ext):
                    os.remove(stem + ext)
            if follow and status in (301, 302, 303, 307, 308) and "location" in resp_headers:
                self.c.info(f"{name}: {status} redirect to {resp_headers['location']}")
                url = urllib.parse.urljoin(url, resp_headers["location"])
                continue
            return Exchange(status, resp_headers, resp_body, url)
        raise RuntimeError(f"{name}: too many redirects")

    def multistatus(self, label, ex):
        if not self.c.equal(f"{label}: status 207 Multi-Status", ex.status, 207):
            return None
        try:
            return ex.multistatus()
        except ET.ParseError as e:
            self.c.check(f"{label}: body is XML", False, str(e))
            return None


def prop(entry, tag):
    """The element of a property reported with 200, else None."""
    if not entry:
        return None
    code, el = entry["props"].get(tag, (None, None))
    return el if code == 200 else None


def href_of(el):
    h = el.find(f"{D}href") if el is not None else None
    return h.text.strip() if h is not None and h.text else None


def one(responses, url):
    """The response for url's path (tolerating a missing trailing slash)."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    for key in (path, path.rstrip("/"), path.rstrip("/") + "/"):
        if key in responses:
            return responses[key]
    return None


def privileges(el):
    return {child.tag for p in el.findall(f"{D}privilege") for child in p} if el is not None else set()


def reports(el):
    return {child.tag for sr in el.findall(f"{D}supported-report") for r in sr.findall(f"{D}report") for child in r} \
        if el is not None else set()


def check_calendar_entry(c, label, entry, apple):
    """The per-calendar properties a client needs to show and sync a writable calendar."""
    rt = prop(entry, f"{D}resourcetype")
    c.check(f"{label}: resourcetype is collection + calendar",
            rt is not None and rt.find(f"{D}collection") is not None and rt.find(f"{C}calendar") is not None)
    dn = prop(entry, f"{D}displayname")
    c.check(f"{label}: displayname non-empty", dn is not None and (dn.text or "").strip(), "missing or empty")
    privs = privileges(prop(entry, f"{D}current-user-privilege-set"))
    c.check(f"{label}: current-user-privilege-set grants write (else the client marks it read-only)",
            privs & {f"{D}write", f"{D}write-content", f"{D}all"}, f"got {sorted(privs)}")
    color = prop(entry, f"{ICAL}calendar-color")
    c.check(f"{label}: calendar-color is #RRGGBB[AA]", color is not None and COLOR.match((color.text or "").strip()),
            f"got {None if color is None else color.text!r}")
    if apple:
        order = prop(entry, f"{ICAL}calendar-order")
        c.check(f"{label}: calendar-order is an integer", order is not None and re.fullmatch(r"-?\d+", (order.text or "").strip()),
                f"got {None if order is None else order.text!r}")
        comps = prop(entry, f"{C}supported-calendar-component-set")
        names = {x.get("name") for x in comps.findall(f"{C}comp")} if comps is not None else set()
        c.check(f"{label}: supported-calendar-component-set has VEVENT", "VEVENT" in names, f"got {sorted(names)}")
        for tag, name in ((f"{CS}getctag", "getctag"), (f"{D}sync-token", "sync-token")):
            el = prop(entry, tag)
            c.check(f"{label}: {name} non-empty", el is not None and (el.text or "").strip(), "missing or empty")
        rep = reports(prop(entry, f"{D}supported-report-set"))
        c.check(f"{label}: supported-report-set has sync-collection and calendar-multiget",
                {f"{D}sync-collection", f"{C}calendar-multiget"} <= rep, f"got {sorted(rep)}")


def event(uid, summary):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calbridge//conformance discovery//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250910T090000Z\r\nDTEND:20250910T100000Z\r\n"
            f"SUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def sync_and_fetch(r, c, client, cal_url, headers, sync_file, sync_depth, multiget_file, href_fmt, token=""):
    """sync-collection then calendar-multiget of what it reported; returns (token, {href: etag}, responses)."""
    label = f"{client}: sync-collection ({'initial' if not token else 'with token'})"
    ex = r.send(f"{client}-sync", "REPORT", cal_url, sync_file, {**headers, "Depth": sync_depth},
                {"SYNC_TOKEN": token})
    ms = r.multistatus(label, ex)
    if ms is None:
        return None, {}, {}
    new_token = (ex.root.findtext(f"{D}sync-token") or "").strip()
    c.check(f"{label}: multistatus carries a sync-token (RFC 6578 6.4)", new_token, "missing")
    members = {h: e for h, e in ms.items() if h.rstrip("/") != urllib.parse.urlsplit(cal_url).path.rstrip("/")}
    etags = {}
    for h, e in members.items():
        el = prop(e, f"{D}getetag")
        if el is not None and (el.text or "").strip():
            etags[h] = el.text.strip()
    live = [h for h, e in members.items() if e["status"] != 404]
    c.check(f"{label}: every changed member has a getetag", set(live) <= set(etags),
            f"without etag: {sorted(set(live) - set(etags))}")
    if live:
        hrefs = "".join(href_fmt.format(urllib.parse.quote(h)) for h in live)
        mg = r.send(f"{client}-multiget", "REPORT", cal_url, multiget_file, {**headers, "Depth": "1"}, {"HREFS": hrefs})
        mms = r.multistatus(f"{client}: calendar-multiget", mg)
        if mms is not None:
            bad = [h for h in live if prop(one(mms, h), f"{C}calendar-data") is None
                   or "BEGIN:VCALENDAR" not in (prop(one(mms, h), f"{C}calendar-data").text or "")]
            c.check(f"{client}: calendar-multiget returns calendar-data for every synced href", not bad, f"missing for {bad}")
            differ = [h for h in live if prop(one(mms, h), f"{D}getetag") is None
                      or prop(one(mms, h), f"{D}getetag").text.strip() != etags.get(h)]
            c.check(f"{client}: multiget getetag equals the sync's getetag", not differ, f"differ for {differ}")
    return new_token, etags, members


def change_and_resync(r, c, dav, client, cal_url, token, sync_args):
    """The harness changes one object and deletes another; the sync with the old token must
    report exactly those: the change with a new getetag, the deletion as 404 without propstat."""
    base = dav.path(cal_url).rstrip("/") + "/"
    keep, gone = f"{base}{client}-keep-{RUN}.ics", f"{base}{client}-gone-{RUN}.ics"
    put = {"Content-Type": "text/calendar; charset=utf-8"}
    ok = all(dav.request("PUT", h, event(f"{client}-{n}-{RUN}", n), put).status in (200, 201, 204)
             for h, n in ((keep, "keep"), (gone, "gone")))
    if not c.check(f"{client}: harness put 2 events", ok):
        return
    token0, etags0, _ = sync_and_fetch(r, c, client, cal_url, *sync_args, token=token)
    c.check(f"{client}: sync with the previous token lists the 2 new events",
            {keep, gone} <= set(etags0), f"got {sorted(etags0)}")
    if not token0:
        return
    changed = dav.request("PUT", keep, event(f"{client}-keep-{RUN}", "keep changed"), put).status
    deleted = dav.request("DELETE", gone).status
    if not c.check(f"{client}: harness changed one event and deleted the other",
                   changed in (200, 201, 204) and deleted in (200, 204), f"PUT {changed}, DELETE {deleted}"):
        return
    token1, etags1, members = sync_and_fetch(r, c, client, cal_url, *sync_args, token=token0)
    c.equal(f"{client}: delta lists exactly the changed and the deleted event", sorted(members), sorted([keep, gone]))
    c.check(f"{client}: changed event has a new getetag", etags1.get(keep) and etags1.get(keep) != etags0.get(keep),
            f"{etags0.get(keep)} -> {etags1.get(keep)}")
    g = members.get(gone)
    c.check(f"{client}: deleted event is a 404 response without propstat (RFC 6578 3.5.2)",
            g is not None and g["status"] == 404 and not g["props"], f"got {g}")
    c.check(f"{client}: token changed", token1 and token1 != token0, f"{token0} -> {token1}")


def thunderbird(r, c, dav, cal_url):
    h = TB_HEADERS
    base = env("CALDAV_URL")
    # detectCollection on the URL typed, then on /.well-known/caldav (CalDavProvider.sys.mjs).
    # A user who types only the host makes the typed URL "/" (RFC 6764 6.5: clients may try it).
    principal = None
    for name, url in (("tb-detect-typed-url", base), ("tb-detect-host-only", urllib.parse.urljoin(base, "/")),
                      ("tb-detect-well-known", urllib.parse.urljoin(base, "/.well-known/caldav"))):
        ex = r.send(name, "PROPFIND", url, "tb-detect-collection.xml", {**h, "Depth": "0"})
        ms = r.multistatus(f"thunderbird: PROPFIND {name}", ex)
        if ms:
            e = one(ms, ex.url) or next(iter(ms.values()))
            p = href_of(prop(e, f"{D}current-user-principal"))
            c.check(f"thunderbird: {name} gives current-user-principal (RFC 5397)", p, "missing")
            principal = principal or (urllib.parse.urljoin(ex.url, p) if p else None)
    if not principal:
        return
    ex = r.send("tb-principal", "PROPFIND", principal, "tb-principal-home-set.xml", {**h, "Depth": "0"})
    ms = r.multistatus("thunderbird: principal PROPFIND", ex)
    home = href_of(prop(one(ms, principal), f"{C}calendar-home-set")) if ms else None
    if not c.check("thunderbird: principal has calendar-home-set (RFC 4791 6.2.1)", home, "missing"):
        return
    home = urllib.parse.urljoin(principal, home)
    ex = r.send("tb-home-depth1", "PROPFIND", home, "tb-home-depth1.xml", {**h, "Depth": "1"})
    ms = r.multistatus("thunderbird: home Depth 1 PROPFIND", ex)
    if ms:
        cals = {k: e for k, e in ms.items() if (rt := prop(e, f"{D}resourcetype")) is not None and rt.find(f"{C}calendar") is not None}
        c.check("thunderbird: home lists the test calendar", one(cals, cal_url), f"calendars: {sorted(cals)}")
        for k, e in sorted(cals.items()):
            check_calendar_entry(c, f"thunderbird: calendar {k}", e, apple=False)
    ex = r.send("tb-calendar-resourcetype", "PROPFIND", cal_url, "tb-calendar-resourcetype.xml", {**h, "Depth": "0"})
    ms = r.multistatus("thunderbird: calendar PROPFIND (checkDavResourceType)", ex)
    if ms:
        e = one(ms, cal_url)
        rt = prop(e, f"{D}resourcetype")
        c.check("thunderbird: calendar resourcetype has C:calendar", rt is not None and rt.find(f"{C}calendar") is not None)
        rep = reports(prop(e, f"{D}supported-report-set"))
        c.check("thunderbird: supported-report-set has sync-collection (else it falls back to ctag polling)",
                f"{D}sync-collection" in rep, f"got {sorted(rep)}")
        c.check("thunderbird: supported-report-set has calendar-multiget", f"{C}calendar-multiget" in rep, f"got {sorted(rep)}")
        comps = prop(e, f"{C}supported-calendar-component-set")
        c.check("thunderbird: supported-calendar-component-set has VEVENT",
                comps is not None and "VEVENT" in {x.get("name") for x in comps.findall(f"{C}comp")})
        c.check("thunderbird: current-user-principal on the calendar", href_of(prop(e, f"{D}current-user-principal")))
        ctag = prop(e, f"{CS}getctag")
        c.check("thunderbird: getctag non-empty", ctag is not None and (ctag.text or "").strip())
    # checkServerCaps: OPTIONS on the calendar's parent (the home).
    ex = r.send("tb-options-home", "OPTIONS", home)
    dav_classes = {x.strip() for x in ex.headers.get("dav", "").split(",")}
    c.check("thunderbird: OPTIONS on the home answers 2xx", 200 <= ex.status < 300, f"status {ex.status}")
    c.check("thunderbird: DAV header has 1 and calendar-access (RFC 4791 5.1)", {"1", "calendar-access"} <= dav_classes,
            f"DAV: {ex.headers.get('dav')}")
    sync_args = (h, "tb-sync-collection.xml", "1", "tb-multiget.xml", "<D:href>{}</D:href>")
    token, _, _ = sync_and_fetch(r, c, "thunderbird", cal_url, *sync_args)
    if token:
        change_and_resync(r, c, dav, "thunderbird", cal_url, token, sync_args)


def apple(r, c, dav, cal_url):
    h = APPLE_HEADERS
    ex = r.send("apple-well-known", "PROPFIND", urllib.parse.urljoin(env("CALDAV_URL"), "/.well-known/caldav"),
                "apple-well-known.xml", {**h, "Depth": "0"})
    ms = r.multistatus("apple: PROPFIND /.well-known/caldav (RFC 6764)", ex)
    principal = None
    if ms:
        e = one(ms, ex.url) or next(iter(ms.values()))
        p = href_of(prop(e, f"{D}current-user-principal"))
        c.check("apple: well-known gives current-user-principal", p, "missing")
        principal = urllib.parse.urljoin(ex.url, p) if p else None
    if not principal:
        return
    ex = r.send("apple-principal", "PROPFIND", principal, "apple-principal.xml", {**h, "Depth": "0"})
    ms = r.multistatus("apple: principal PROPFIND", ex)
    e = one(ms, principal) if ms else None
    home = href_of(prop(e, f"{C}calendar-home-set"))
    c.check("apple: principal has calendar-home-set", home, "missing")
    addrs = prop(e, f"{C}calendar-user-address-set")
    c.check("apple: calendar-user-address-set has an href (RFC 6638 2.4.1)", href_of(addrs), "missing")
    dn = prop(e, f"{D}displayname")
    c.check("apple: principal displayname non-empty (the account's name)", dn is not None and (dn.text or "").strip(),
            "missing or empty")
    purl = href_of(prop(e, f"{D}principal-URL"))
    c.check("apple: principal-URL is the principal (RFC 3744 4.2)",
            purl and urllib.parse.urljoin(principal, purl) == principal, f"got {purl}")
    cup = href_of(prop(e, f"{D}current-user-principal"))
    c.check("apple: current-user-principal on the principal is itself",
            cup and urllib.parse.urljoin(principal, cup) == principal, f"got {cup}")
    ex = r.send("apple-options-principal", "OPTIONS", principal, headers={"User-Agent": h["User-Agent"]})
    c.check("apple: OPTIONS on the principal has calendar-access",
            "calendar-access" in {x.strip() for x in ex.headers.get("dav", "").split(",")}, f"DAV: {ex.headers.get('dav')}")
    # expand-property (RFC 3253 3.8) on the principal: delegation. Each requested property must be
    # accounted for in the principal's response (200 with expanded hrefs, or 404 when unsupported).
    ex = r.send("apple-expand-property", "REPORT", principal, "apple-expand-property.xml",
                {"Content-Type": "text/xml", "Depth": "0", "User-Agent": h["User-Agent"]})
    ms = r.multistatus("apple: expand-property REPORT", ex)
    if ms is not None:
        e = one(ms, principal)
        c.check("apple: expand-property answers for the principal", e is not None, f"responses: {sorted(ms)}")
        for name in ("calendar-proxy-write-for", "calendar-proxy-read-for"):
            code = e["props"].get(f"{CS}{name}", (None,))[0] if e else None
            c.check(f"apple: expand-property reports {name} (200 or 404)", code in (200, 404), f"got {code}")
    if not home:
        return
    home = urllib.parse.urljoin(principal, home)
    ex = r.send("apple-home-depth1", "PROPFIND", home, "apple-home-depth1.xml", {**h, "Depth": "1"})
    ms = r.multistatus("apple: home Depth 1 PROPFIND", ex)
    ctag = token0 = None
    if ms:
        cals = {k: e for k, e in ms.items() if (rt := prop(e, f"{D}resourcetype")) is not None and rt.find(f"{C}calendar") is not None}
        c.check("apple: home lists the test calendar", one(cals, cal_url), f"calendars: {sorted(cals)}")
        for k, e in sorted(cals.items()):
            check_calendar_entry(c, f"apple: calendar {k}", e, apple=True)
        e = one(cals, cal_url)
        ctag = (prop(e, f"{CS}getctag").text or "").strip() if prop(e, f"{CS}getctag") is not None else None
    ex = r.send("apple-calendar-poll", "PROPFIND", cal_url, "apple-calendar-poll.xml", {**h, "Depth": "0"})
    ms = r.multistatus("apple: calendar poll PROPFIND (getctag, sync-token)", ex)
    if ms:
        e = one(ms, cal_url)
        el = prop(e, f"{CS}getctag")
        c.check("apple: poll getctag equals the home listing's", el is not None and (el.text or "").strip() == ctag,
                f"{None if el is None else el.text} vs {ctag}")
        c.check("apple: poll sync-token present", prop(e, f"{D}sync-token") is not None)
    sync_args = (h, "apple-sync-collection.xml", "0", "apple-multiget.xml", '<A:href xmlns:A="DAV:">{}</A:href>')
    token0, _, _ = sync_and_fetch(r, c, "apple", cal_url, *sync_args)
    if token0:
        change_and_resync(r, c, dav, "apple", cal_url, token0, sync_args)
        ex = r.send("apple-calendar-poll-after", "PROPFIND", cal_url, "apple-calendar-poll.xml", {**h, "Depth": "0"})
        ms = r.multistatus("apple: poll after changes", ex)
        if ms:
            el = prop(one(ms, cal_url), f"{CS}getctag")
            c.check("apple: getctag changed after changes", el is not None and (el.text or "").strip() != ctag,
                    f"still {ctag}")


def main():
    c = Checks("discovery")
    dav = Dav()
    cal, created = test_calendar(dav, c)
    cal_url = dav.url(cal)
    r = Replay(c, dav)
    try:
        if created:
            # What Apple Calendar does when the user picks a color and position (PROPPATCH).
            body = ('<?xml version="1.0" encoding="UTF-8"?><A:propertyupdate xmlns:A="DAV:"><A:set><A:prop>'
                    '<D:calendar-color xmlns:D="http://apple.com/ns/ical/">#1BADF8FF</D:calendar-color>'
                    '<D:calendar-order xmlns:D="http://apple.com/ns/ical/">1</D:calendar-order>'
                    '</A:prop></A:set></A:propertyupdate>')
            rp = dav.request("PROPPATCH", cal, body)
            c.check("harness: PROPPATCH calendar-color and calendar-order on the test calendar",
                    rp.status == 207 and b"200" in rp.body, f"status {rp.status}")
        put = dav.request("PUT", f"{dav.path(cal).rstrip('/')}/seed-{RUN}.ics", event(f"seed-{RUN}", "seed"),
                          {"Content-Type": "text/calendar; charset=utf-8"})
        c.check("harness: seed event PUT", put.status in (200, 201, 204), f"status {put.status}")
        thunderbird(r, c, dav, cal_url)
        apple(r, c, dav, cal_url)
        for name in (f"seed-{RUN}", f"thunderbird-keep-{RUN}", f"apple-keep-{RUN}"):
            dav.request("DELETE", f"{dav.path(cal).rstrip('/')}/{name}.ics")
    finally:
        if created:
            dav.request("DELETE", cal)
    c.info(f"exchanges logged in {r.logdir}")
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
