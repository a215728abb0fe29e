#!/usr/bin/python3
"""Issue 6 "done when": calbridge's free/busy over the fixture calendars equals the busy periods
ical.js derives on its own.

usage: freebusy_vs_icaljs.py CALBRIDGE PST_OR_OST... [--keep]

1. A temporary store with users alice and bob; every PST/OST given imported into alice's home
   (`calbridge import`); a calendar "crafted" (CALDAV:calendar-timezone Europe/Berlin) made with
   MKCALENDAR and filled with PUT: series with moved, cancelled, transparent, re-typed and
   excluded instances, RDATE, RANGE=THISANDFUTURE, all-day and floating values
   (crafted_calendar.py), because the fixtures hold no recurrence exception.
2. `calbridge serve` on 127.0.0.1, port 0.
3. Each of alice's calendars read back as one .ics (GET of the calendar) with its
   calendar-timezone (PROPFIND), and the `calbridge export` files of the fixtures (matched to
   the imported calendar holding the same UIDs); icaljs_busy.mjs expands every VEVENT with ical.js and computes
   merged busy periods per FBTYPE for each window: the month 2021-08, where the fixture's
   recurring series are (weekly, daily, yearly) and the crafted exceptions, and 2021-10-25 ..
   2021-11-10 across the DST changes of Berlin and New York.
4. Per window: the free-busy-query REPORT (RFC 4791 7.10) of every calendar (against both
   ical.js readings for an imported one), and
   GET /freebusy/alice.vfb?start=..&end=.. (the merge over all of them), compared period by
   period with ical.js. bob, holding a freebusy grant on alice's imported calendar (`calbridge
   share`), gets exactly that calendar's periods from the REPORT through his mount and from
   /freebusy/alice.vfb, and 403 for its content; carol (no grant) 404, anonymous 401, a bad
   range 400.
Prints counts (events, instances, periods compared, equal) and exits 1 on any difference.
"""
import base64
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crafted_calendar  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
NODE = os.environ.get("NODE", "node")
WINDOWS = [
    {"name": "2021-08", "start": "20210801T000000Z", "end": "20210901T000000Z"},
    {"name": "dst-autumn-2021", "start": "20211025T000000Z", "end": "20211110T000000Z"},
]
DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"

failures = []


def fail(message):
    failures.append(message)
    print(f"FAIL {message}")


class Server:
    def __init__(self, calbridge, state):
        self.calbridge = calbridge
        self.state = state
        self.config = os.path.join(state, "calbridge.toml")
        with open(self.config, "w") as f:
            f.write('[server]\nbind = "127.0.0.1"\nport = 0\n[store]\npath = "store.db"\n[log]\nlevel = "info"\n')
        self.passwords = {}
        self.proc = None
        self.origin = None

    def cli(self, *args, stdin=None):
        r = subprocess.run([self.calbridge, "--config", self.config, *args], input=stdin, capture_output=True,
                           text=True, timeout=120)
        if r.returncode != 0:
            raise SystemExit(f"calbridge {' '.join(args)} failed ({r.returncode}): {r.stderr}{r.stdout}")
        return r.stdout

    def add_user(self, name):
        self.passwords[name] = secrets.token_hex(12)
        self.cli("user", "add", name, "--email", f"{name}@example.com", "--password-stdin",
                 stdin=self.passwords[name] + "\n")

    def start(self):
        self.out = open(os.path.join(self.state, "serve.out"), "w+")
        self.err = open(os.path.join(self.state, "serve.log"), "w")
        self.proc = subprocess.Popen([self.calbridge, "--config", self.config, "serve"], stdout=self.out,
                                     stderr=self.err)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"calbridge serve exited: {open(self.err.name).read()}")
            with open(self.out.name) as f:
                m = re.match(r"calbridge: serving (https?://[^/]+)/", f.readline())
            if m:
                self.origin = m.group(1)
                return
            time.sleep(0.05)
        raise SystemExit("calbridge serve printed no URL within 20 s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                fail("calbridge serve did not stop within 15 s of SIGTERM")

    def request(self, method, path, body=None, headers=None, user="alice"):
        req = urllib.request.Request(self.origin + path, method=method,
                                     data=body.encode() if isinstance(body, str) else body)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        if user:
            token = base64.b64encode(f"{user}:{self.passwords[user]}".encode()).decode()
            req.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()


def unfold(text):
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")


def freebusy_periods(body):
    """'TYPE START/END' strings of the FREEBUSY lines of a VFREEBUSY body."""
    out = []
    for line in unfold(body):
        m = re.match(r"FREEBUSY((?:;[^:]*)?):(.*)$", line)
        if not m:
            continue
        params = dict(p.split("=", 1) for p in m.group(1).split(";")[1:])
        fbtype = params.get("FBTYPE", "BUSY").upper()
        for period in m.group(2).split(","):
            out.append(f"{fbtype} {period}")
    return sorted(out)


def calendars_of(server, user):
    """[(path, calendar-timezone text or None)] of the user's calendars (Depth 1 of the home)."""
    body = ('<?xml version="1.0"?><D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            '<D:prop><D:resourcetype/><C:calendar-timezone/></D:prop></D:propfind>')
    status, _, data = server.request("PROPFIND", f"/dav/calendars/{user}/", body, {"Depth": "1"}, user)
    if status != 207:
        raise SystemExit(f"PROPFIND home: {status} {data[:300]!r}")
    out = []
    for response in ET.fromstring(data).iter(DAV + "response"):
        href = response.findtext(DAV + "href")
        calendar = response.find(f".//{DAV}resourcetype/{CALDAV}calendar") is not None
        zone = response.find(f".//{DAV}propstat/{DAV}prop/{CALDAV}calendar-timezone")
        if calendar:
            out.append((urllib.parse.unquote(urllib.parse.urlsplit(href).path),
                        zone.text if zone is not None and zone.text else None))
    return sorted(out)


def uids_of(ics_text):
    return frozenset(re.findall(r"^UID:(.*?)\r?$", re.sub(r"\r?\n[ \t]", "", ics_text), re.M))


def free_busy_query(window):
    return ('<?xml version="1.0" encoding="utf-8"?><C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav">'
            f'<C:time-range start="{window["start"]}" end="{window["end"]}"/></C:free-busy-query>')


def compare(label, ours, theirs):
    """Both sorted lists of 'TYPE START/END'. Returns (compared, equal)."""
    ours_set, theirs_set = set(ours), set(theirs)
    only_ours = sorted(ours_set - theirs_set)
    only_theirs = sorted(theirs_set - ours_set)
    equal = len(ours_set & theirs_set)
    if only_ours or only_theirs or len(ours) != len(theirs):
        fail(f"{label}: calbridge {len(ours)} periods, ical.js {len(theirs)}; only calbridge: {only_ours[:8]}; "
             f"only ical.js: {only_theirs[:8]}")
    return max(len(ours_set | theirs_set), len(ours), len(theirs)), equal


def check_vfb_body(label, status, headers, body, window):
    if status != 200:
        fail(f"{label}: status {status}: {body[:300]!r}")
        return None
    text = body.decode("utf-8")
    ctype = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    if not ctype.startswith("text/calendar"):
        fail(f"{label}: Content-Type {ctype!r}")
    if re.search(r"(?<!\r)\n", text) or not text.endswith("\r\n"):
        fail(f"{label}: lines do not all end with CRLF")
    lines = unfold(text)
    for name, want in (("DTSTART", window["start"]), ("DTEND", window["end"])):
        if [line for line in lines if line.startswith(name + ":")] != [f"{name}:{want}"]:
            fail(f"{label}: {name} is not {want}")
    if len([line for line in lines if re.match(r"DTSTAMP:\d{8}T\d{6}Z$", line)]) != 1:
        fail(f"{label}: no single UTC DTSTAMP")
    if lines.count("BEGIN:VFREEBUSY") != 1:
        fail(f"{label}: not exactly one VFREEBUSY")
    return text


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    keep = "--keep" in sys.argv
    if len(args) < 2:
        raise SystemExit("usage: freebusy_vs_icaljs.py CALBRIDGE PST_OR_OST... [--keep]")
    calbridge, fixtures = os.path.abspath(args[0]), [os.path.abspath(a) for a in args[1:]]
    if not os.path.exists(os.path.join(HERE, "..", "node_modules", "ical.js", "package.json")):
        raise SystemExit("conformance/node_modules/ical.js missing: cd conformance && npm ci")
    started = time.monotonic()
    state = tempfile.mkdtemp(prefix="calbridge-freebusy.")
    server = Server(calbridge, state)
    try:
        server.add_user("alice")
        server.add_user("bob")
        server.add_user("carol")
        for fixture in fixtures:
            summary = [line for line in server.cli("import", fixture, "--user", "alice").splitlines()
                       if line.startswith("Total:")]
            print(f"import {os.path.basename(fixture)}: {summary[0] if summary else '(no summary)'}")
        # Issue 6: bob may see the free/busy of alice's imported calendar (and nothing else of hers).
        shared = "/dav/calendars/alice/calendar/"
        shared_out = server.cli("share", shared, "--with", "bob", "--access", "freebusy")
        m = re.search(r"It appears at (\S+)", shared_out)
        if not m:
            raise SystemExit(f"calbridge share printed no mount: {shared_out}")
        bob_mount = m.group(1)
        server.start()

        # The crafted calendar, over CalDAV.
        zone_xml = crafted_calendar.CALENDAR_TIMEZONE.replace("\n", "\r\n").replace("&", "&amp;").replace("<", "&lt;")
        mk = ('<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
              f'<D:set><D:prop><D:displayname>Crafted exceptions</D:displayname><C:calendar-timezone>{zone_xml}'
              '</C:calendar-timezone></D:prop></D:set></C:mkcalendar>')
        status, _, data = server.request("MKCALENDAR", "/dav/calendars/alice/crafted/", mk)
        if status != 201:
            raise SystemExit(f"MKCALENDAR crafted: {status} {data[:300]!r}")
        crafted = crafted_calendar.objects()
        for name, text in crafted.items():
            status, _, data = server.request("PUT", f"/dav/calendars/alice/crafted/{name}", text,
                                             {"Content-Type": "text/calendar; charset=utf-8"})
            if status != 201:
                raise SystemExit(f"PUT crafted/{name}: {status} {data[:300]!r}")

        # Every calendar of alice as one .ics plus its zone: ical.js's input.
        calendars = calendars_of(server, "alice")
        manifest = {"windows": WINDOWS, "calendars": []}
        for path, zone in calendars:
            status, _, data = server.request("GET", path)
            if status != 200:
                raise SystemExit(f"GET {path}: {status}")
            name = path.rstrip("/").rsplit("/", 1)[-1]
            ics = os.path.join(state, f"{name}.ics")
            with open(ics, "wb") as f:
                f.write(data)
            zone_file = None
            if zone:
                zone_file = os.path.join(state, f"{name}.zone.ics")
                with open(zone_file, "w") as f:
                    f.write(zone)
            manifest["calendars"].append({"name": path, "ics": ics, "timezone": zone_file})
        # The fixtures as `calbridge export` writes them, each matched to the imported calendar
        # with the same UIDs.
        uid_sets = {c["name"]: uids_of(open(c["ics"], encoding="utf-8").read()) for c in manifest["calendars"]}
        exports = {}   # calendar path -> export manifest names
        for n, fixture in enumerate(fixtures):
            out_dir = os.path.join(state, f"export-{n}")
            subprocess.run([calbridge, "export", fixture, "-o", out_dir], capture_output=True, check=True, timeout=120)
            for root, _, files in os.walk(out_dir):
                for file in sorted(files):
                    if not file.endswith(".ics"):
                        continue
                    path = os.path.join(root, file)
                    uids = uids_of(open(path, encoding="utf-8").read())
                    match = [c for c, u in uid_sets.items() if u == uids]
                    label = f"export:{os.path.basename(fixture)}:{os.path.relpath(path, out_dir)}"
                    if len(match) != 1:
                        fail(f"{label}: {len(uids)} UIDs match {len(match)} imported calendars")
                        continue
                    exports.setdefault(match[0], []).append(label)
                    manifest["calendars"].append({"name": label, "ics": path,
                                                  "timezone": next(c["timezone"] for c in manifest["calendars"]
                                                                   if c["name"] == match[0])})
        if not exports:
            fail("no `calbridge export` file matched an imported calendar")
        manifest_file = os.path.join(state, "manifest.json")
        with open(manifest_file, "w") as f:
            json.dump(manifest, f, indent=1)
        node = subprocess.run([NODE, os.path.join(HERE, "icaljs_busy.mjs"), manifest_file], capture_output=True,
                              text=True, timeout=60)
        if node.returncode != 0:
            raise SystemExit(f"icaljs_busy.mjs failed: {node.stderr}")
        expected = json.loads(node.stdout)
        print(f"ical.js {expected['icaljs']}: {len(calendars)} calendars of alice: "
              + ", ".join(f"{p} ({'zone ' + ('set' if z else 'none')})" for p, z in calendars))

        total = {"events": 0, "instances": 0, "compared": 0, "equal": 0, "exceptions": 0}
        for path, _ in calendars:
            info = expected["calendars"][path]
            c = info["counts"]
            total["events"] += c["events"]
            print(f"{path}: {c['events']} VEVENTs ({c['masters']} masters, {c['overrides']} overrides, "
                  f"{c['orphans']} orphan overrides)" + "".join(f"; also read from {e}" for e in exports.get(path, [])))
            for window in WINDOWS:
                w = info["windows"][window["name"]]
                status, _, data = server.request("REPORT", path, free_busy_query(window),
                                                 {"Depth": "1", "Content-Type": "application/xml"})
                if status != 200:
                    fail(f"{path} {window['name']}: free-busy-query {status} {data[:200]!r}")
                    continue
                ours = freebusy_periods(data.decode())
                compared, equal = compare(f"{path} {window['name']} free-busy-query", ours, w["periods"])
                for label in exports.get(path, []):
                    c2, e2 = compare(f"{path} {window['name']} free-busy-query vs {label}", ours,
                                     expected["calendars"][label]["windows"][window["name"]]["periods"])
                    compared += c2
                    equal += e2
                total["instances"] += w["instances"]
                total["compared"] += compared
                total["equal"] += equal
                kinds = w["kinds"]
                total["exceptions"] += sum(kinds.get(k, 0) for k in ("override", "this-and-future", "orphan"))
                kinds_text = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none"
                print(f"  {window['name']}: {w['instances']} instances ({kinds_text}), {w['busy_instances']} busy; "
                      f"{compared} periods compared, {equal} equal")

        for window in WINDOWS:
            target = f"/freebusy/alice.vfb?start={window['start']}&end={window['end']}"
            status, headers, data = server.request("GET", target)
            text = check_vfb_body(f"GET {target}", status, headers, data, window)
            if text is None:
                continue
            compared, equal = compare(f"GET {target}", freebusy_periods(text), expected["aggregate"][window["name"]])
            total["compared"] += compared
            total["equal"] += equal
            print(f"/freebusy/alice.vfb {window['name']}: {compared} periods compared, {equal} equal")

        # The free/busy grantee: the REPORT through his mount and alice's aggregated free/busy
        # show exactly the shared calendar's busy time; its content stays unreadable.
        for window in WINDOWS:
            want = expected["calendars"][shared]["windows"][window["name"]]["periods"]
            status, _, data = server.request("REPORT", bob_mount, free_busy_query(window),
                                             {"Depth": "1", "Content-Type": "application/xml"}, user="bob")
            if status != 200:
                fail(f"bob: free-busy-query on {bob_mount}: {status} {data[:200]!r}")
            else:
                compared, equal = compare(f"bob {bob_mount} {window['name']} free-busy-query",
                                          freebusy_periods(data.decode()), want)
                total["compared"] += compared
                total["equal"] += equal
            target = f"/freebusy/alice.vfb?start={window['start']}&end={window['end']}"
            status, headers, data = server.request("GET", target, user="bob")
            text = check_vfb_body(f"bob: GET {target}", status, headers, data, window)
            if text is not None:
                compared, equal = compare(f"bob: GET {target}", freebusy_periods(text), want)
                total["compared"] += compared
                total["equal"] += equal
                print(f"bob (freebusy grant on {shared}) /freebusy/alice.vfb and REPORT {bob_mount} "
                      f"{window['name']}: {len(want)} periods each, equal: {'yes' if text and freebusy_periods(text) == sorted(want) else 'no'}")
        status, _, _ = server.request("GET", bob_mount, user="bob")
        if status != 403:
            fail(f"bob: GET of the calendar he holds free/busy on answered {status}, expected 403")

        # The data must exercise what this test is about.
        month = WINDOWS[0]["name"]
        fixture_recurring = sum(expected["calendars"][p]["windows"][month]["kinds"].get("occurrence", 0)
                                for p, _ in calendars if not p.endswith("/crafted/"))
        if fixture_recurring == 0:
            fail(f"the imported calendars have no recurring occurrence in {month}")
        if total["exceptions"] == 0:
            fail("no overridden instance in any window")
        if total["compared"] == 0:
            fail("no period compared")

        # Access: not for bob (owner-only today), a login needed, bad ranges refused.
        for label, user, target, want in (
                ("carol (no grant) on alice's", "carol", "/freebusy/alice.vfb", 404),
                ("anonymous", None, "/freebusy/alice.vfb", 401),
                ("unknown user", "alice", "/freebusy/nobody.vfb", 404),
                ("bad start", "alice", "/freebusy/alice.vfb?start=2021-08-01", 400),
                ("367 days", "alice", "/freebusy/alice.vfb?start=20210101T000000Z&end=20220103T000000Z", 400)):
            status, _, data = server.request("GET", target, user=user)
            if status != want:
                fail(f"{label}: GET {target}: {status}, expected {want}: {data[:200]!r}")
    finally:
        server.stop()
        if keep or failures:
            print(f"state kept in {state}")
        else:
            shutil.rmtree(state, ignore_errors=True)

    print(f"freebusy-vs-icaljs: {total['events']} events, {total['instances']} instances, "
          f"{total['exceptions']} overridden instances, {total['compared']} periods compared, {total['equal']} equal, "
          f"{len(failures)} failures, {time.monotonic() - started:.1f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
