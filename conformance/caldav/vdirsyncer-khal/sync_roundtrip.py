#!/usr/bin/python3
"""vdirsyncer 0.19 + khal 0.10 (Debian) two-way sync of one calendar with a CalDAV server.

Reads CALDAV_URL/USER/PASSWORD, CALDAV_HOME/CALDAV_CALENDAR and CALDAV_LOG_DIR from the
environment (lib/options.sh). With CALDAV_CALENDAR (e.g. a calendar calbridge imported) it
syncs that calendar and only edits/deletes the objects it created there; otherwise it
MKCALENDARs a fresh one. Config, vdir and status live in a temp dir under CALDAV_LOG_DIR.

vdirsyncer discovers the calendar from the server's base URL (well-known / principal /
calendar-home-set / Depth 1 PROPFIND, its own code), syncs into a filesystem vdir, and
khal reads that vdir. Checks: discover + first sync bring every server object; metasync
brings the displayname; local edit (file in the vdir), local create (`khal new`), local
delete, each synced and seen through CalDAV (GET by our own client); CalDAV edit (PUT with
If-Match), create and DELETE, each synced and seen locally (vdir file and khal output).
"""
import os
import re
import shutil
import subprocess
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from davcheck import Checks, Dav, env, parse_multistatus, test_calendar  # noqa: E402

RUN = uuid.uuid4().hex[:8]
TIMEOUT = 120


def ics(uid, summary, day):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calbridge//conformance vdirsyncer//EN\r\n"
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:202506{day:02d}T100000Z\r\n"
            f"DTEND:202506{day:02d}T110000Z\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


class Sync:
    def __init__(self, c, work, calendar_name):
        self.c = c
        self.work = work
        self.config = os.path.join(work, "vdirsyncer.conf")
        self.khal_config = os.path.join(work, "khal.conf")
        self.vdir = os.path.join(work, "vdir", calendar_name)
        base = env("CALDAV_URL")
        with open(self.config, "w") as f:
            f.write(f"""[general]
status_path = "{work}/status/"

[pair conformance]
a = "conformance_local"
b = "conformance_remote"
collections = ["{calendar_name}"]
metadata = ["displayname"]
conflict_resolution = "b wins"

[storage conformance_local]
type = "filesystem"
path = "{work}/vdir/"
fileext = ".ics"

[storage conformance_remote]
type = "caldav"
url = "{base}"
username = "{env('CALDAV_USER')}"
password.fetch = ["command", "printenv", "CALDAV_PASSWORD"]
""")
        with open(self.khal_config, "w") as f:
            f.write(f"""[calendars]
[[conformance]]
path = {self.vdir}
type = calendar

[locale]
local_timezone = UTC
default_timezone = UTC
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M

[default]
default_calendar = conformance

[sqlite]
path = {work}/khal.db
""")

    def run(self, label, argv, stdin=None):
        """Runs a command; a non-zero exit is a failed check. Returns stdout."""
        self.c.info("$ " + " ".join(argv))
        try:
            p = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=TIMEOUT,
                               env={**os.environ, "HOME": self.work})
        except subprocess.TimeoutExpired:
            self.c.check(label, False, f"timed out after {TIMEOUT}s")
            return ""
        out = (p.stdout + p.stderr).strip()
        if out:
            print("\n".join("    " + line for line in out.splitlines()))
        self.c.check(label, p.returncode == 0, f"exit {p.returncode}")
        return p.stdout

    def vdirsyncer(self, label, *args, stdin=None):
        return self.run(label, ["vdirsyncer", "-c", self.config, *args], stdin)

    def khal(self, label, *args):
        return self.run(label, ["khal", "-c", self.khal_config, *args])

    def local_files(self):
        if not os.path.isdir(self.vdir):
            return {}
        out = {}
        for name in os.listdir(self.vdir):
            if name.endswith(".ics"):
                with open(os.path.join(self.vdir, name), encoding="utf-8") as f:
                    out[name] = f.read()
        return out

    def local_by_uid(self, uid):
        for name, text in self.local_files().items():
            if re.search(rf"^UID:{re.escape(uid)}\r?$", text, re.M):
                return name, text
        return None, None


def server_objects(dav, cal):
    """{href path: ics text} of every object in the calendar, by our own client."""
    found = parse_multistatus(dav.request("PROPFIND", cal, '<?xml version="1.0"?><d:propfind xmlns:d="DAV:">'
                                          '<d:prop><d:getetag/></d:prop></d:propfind>', {"Depth": "1"}).body)
    out = {}
    for href in found:
        if href.rstrip("/") == dav.path(cal).rstrip("/"):
            continue
        r = dav.request("GET", href)
        out[href] = r.body.decode("utf-8", "replace") if r.status == 200 else None
    return out


def server_by_summary(objs, summary):
    return [h for h, text in objs.items() if text and re.search(rf"^SUMMARY:{re.escape(summary)}\r?$", text, re.M)]


def main():
    c = Checks("vdirsyncer-khal")
    for tool in ("vdirsyncer", "khal"):
        if not shutil.which(tool):
            sys.exit(f"vdirsyncer-khal: FAIL: {tool} not installed (apt-get install vdirsyncer khal)")
    dav = Dav()
    cal, created = test_calendar(dav, c)
    name = cal.rstrip("/").rsplit("/", 1)[-1]
    work = os.path.join(env("CALDAV_LOG_DIR"), f"vdirsyncer-{RUN}")
    os.makedirs(work)
    c.info(f"work dir {work}")
    s = Sync(c, work, name)
    try:
        run(c, dav, cal, s)
    finally:
        if created:
            c.equal("DELETE the test calendar", dav.request("DELETE", cal).status in (200, 204), True)
    return c.finish()


def put(dav, path, body, **headers):
    return dav.request("PUT", path, body, {"Content-Type": "text/calendar; charset=utf-8", **headers})


def run(c, dav, cal, s):
    base = dav.path(cal).rstrip("/") + "/"
    uid_edit, uid_ldel = f"vds-edit-{RUN}", f"vds-ldel-{RUN}"
    c.equal("seed: PUT event to be edited locally", put(dav, f"{base}{uid_edit}.ics", ics(uid_edit, "Seeded", 10),
                                                         **{"If-None-Match": "*"}).status, 201)
    c.equal("seed: PUT event to be deleted locally", put(dav, f"{base}{uid_ldel}.ics", ics(uid_ldel, "Delete me here", 11),
                                                          **{"If-None-Match": "*"}).status, 201)
    server = server_objects(dav, cal)
    c.info(f"{len(server)} object(s) on the server before the first sync")

    # First sync. discover may ask "create collection on side a?": answer yes on stdin (non-interactive).
    s.vdirsyncer("vdirsyncer discover", "discover", stdin="y\n" * 10)
    c.check("discover created the local collection", os.path.isdir(s.vdir), f"{s.vdir} missing")
    s.vdirsyncer("vdirsyncer sync (first)", "sync")
    local = s.local_files()
    c.equal("first sync: as many local files as server objects", len(local), len(server))
    local_uids = {m for t in local.values() for m in re.findall(r"^UID:(.*?)\r?$", t, re.M)}
    server_uids = {m for t in server.values() if t for m in re.findall(r"^UID:(.*?)\r?$", t, re.M)}
    c.equal("first sync: same UIDs locally as on the server", local_uids, server_uids)
    s.vdirsyncer("vdirsyncer metasync", "metasync")
    props = parse_multistatus(dav.request("PROPFIND", cal, '<?xml version="1.0"?><d:propfind xmlns:d="DAV:">'
                                          '<d:prop><d:displayname/></d:prop></d:propfind>', {"Depth": "0"}).body)
    server_name = next((p["{DAV:}displayname"].text or "" for p in props.values() if "{DAV:}displayname" in p), "")
    local_name_file = os.path.join(s.vdir, "displayname")
    local_name = open(local_name_file, encoding="utf-8").read().strip() if os.path.exists(local_name_file) else None
    c.equal("metasync: local displayname equals the server's", local_name, server_name)
    out = s.khal("khal list (after first sync)", "list", "2025-06-09", "2025-06-13")
    c.check("khal lists the seeded events", "Seeded" in out and "Delete me here" in out, out)

    # Local changes → server.
    fname, text = s.local_by_uid(uid_edit)
    if c.check("seeded event present in the vdir", fname is not None):
        with open(os.path.join(s.vdir, fname), "w", encoding="utf-8") as f:
            f.write(text.replace("SUMMARY:Seeded", "SUMMARY:Edited locally"))
    khal_summary = f"Created in khal {RUN}"
    s.khal("khal new", "new", "-a", "conformance", "2025-06-12", "14:00", "15:00", khal_summary)
    fname_del, _ = s.local_by_uid(uid_ldel)
    if c.check("event to delete present in the vdir", fname_del is not None):
        os.remove(os.path.join(s.vdir, fname_del))
    s.vdirsyncer("vdirsyncer sync (local edit, create, delete → server)", "sync")
    server = server_objects(dav, cal)
    edited = [t for h, t in server.items() if t and f"UID:{uid_edit}" in t]
    c.check("CalDAV sees the local edit", edited and "SUMMARY:Edited locally" in edited[0],
            edited[0] if edited else "object gone")
    khal_hrefs = server_by_summary(server, khal_summary)
    c.equal("CalDAV sees the event created with khal new", len(khal_hrefs), 1)
    c.equal("CalDAV: locally deleted event answers 404", dav.request("GET", f"{base}{uid_ldel}.ics").status, 404)

    # Server changes → local.
    href_edit = f"{base}{uid_edit}.ics"
    etag = dav.request("HEAD", href_edit).headers.get("etag", "")
    body = server.get(href_edit, "") or ""
    r = put(dav, href_edit, body.replace("SUMMARY:Edited locally", "SUMMARY:Edited via CalDAV"), **{"If-Match": etag})
    c.check("PUT with If-Match edits the event on the server (2xx)", 200 <= r.status < 300, f"status {r.status}")
    # RFC 4918 9.7.1: modifying an existing resource answers 200 or 204, not 201.
    c.check("PUT over an existing event answers 200/204 (RFC 4918 9.7.1)", r.status in (200, 204), f"status {r.status}")
    uid_new = f"vds-new-{RUN}"
    c.equal("PUT a new event on the server", put(dav, f"{base}{uid_new}.ics", ics(uid_new, "Created via CalDAV", 12),
                                                 **{"If-None-Match": "*"}).status, 201)
    if khal_hrefs:
        c.check("DELETE the khal-created event on the server",
                dav.request("DELETE", khal_hrefs[0]).status in (200, 204))
    s.vdirsyncer("vdirsyncer sync (server edit, create, delete → local)", "sync")
    _, text = s.local_by_uid(uid_edit)
    c.check("vdir file has the CalDAV edit", text and "SUMMARY:Edited via CalDAV" in text, text or "file gone")
    c.check("vdir has the event created via CalDAV", s.local_by_uid(uid_new)[0] is not None)
    c.check("vdir lost the event deleted via CalDAV",
            not any(khal_summary in t for t in s.local_files().values()))
    out = s.khal("khal list (after server changes)", "list", "2025-06-09", "2025-06-13")
    c.check("khal shows the CalDAV edit", "Edited via CalDAV" in out, out)
    c.check("khal shows the event created via CalDAV", "Created via CalDAV" in out, out)
    c.check("khal no longer shows the deleted event", khal_summary not in out, out)
    c.check("khal no longer shows the locally deleted event", "Delete me here" not in out, out)
    out = s.khal("khal search", "search", "Edited via CalDAV")
    c.check("khal search finds the CalDAV edit", "Edited via CalDAV" in out, out)

    # A second sync with nothing changed must change nothing.
    before = s.local_files()
    s.vdirsyncer("vdirsyncer sync (nothing changed)", "sync")
    c.equal("idle sync leaves the vdir unchanged", s.local_files(), before)
    for uid in (uid_edit, uid_new):
        dav.request("DELETE", f"{base}{uid}.ics")


if __name__ == "__main__":
    sys.exit(main())
