#!/usr/bin/python3
"""kill9.py CALBRIDGE OST [--work-dir DIR]: calbridge survives `kill -9` (issue 4, "Bad input and
faults"). Three parts, each on its own fresh store in WORK_DIR (default: a temp dir, removed
when every check passed):

1. PUT burst: 4 workers PUT distinct events (and replace some of their own with If-Match) into
   the calendar of a live `calbridge serve`, recording every request before it is sent and every
   201/204 it got; the server is killed with SIGKILL while they write. Then: `calbridge status`
   says "Integrity: ok"; after a restart on the same store every acknowledged PUT reads back
   with its exact body (or, when a later PUT of the same path was in flight at the kill, that
   later body: either outcome of an unacknowledged request is allowed); every stored object is
   one of the bodies sent for its path (nothing half-written), parses as iCalendar, and its GET
   ETag equals its PROPFIND getetag.
2. Concurrent writes with the same precondition (RFC 9110 13.1.1, 13.1.2): N clients PUT with
   the same If-Match at the same moment: exactly one 2xx, the rest 412, and the winner's body is
   stored; the same with If-None-Match: * on a new URL (exactly one 201).
3. `kill -9` during `calbridge import OST` (killed once the store holds some but not all of the
   objects), then a re-import: status integrity ok, exactly the objects of a clean import (169
   for the bundled OST) and no UID twice in a calendar.

Prints `ok`/`FAIL` lines and `kill9: N passed, M failed` (lib/davcheck.py); exit 1 on failure.
"""
import argparse
import http.client
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from davcheck import Checks, Dav, NS  # noqa: E402
import gateway as lib_gateway  # noqa: E402

USER = "alice"
CALENDAR = f"/dav/calendars/{USER}/calendar/"
WORKERS = 4
ACKS_BEFORE_KILL = 120          # acknowledged PUTs before the kill (the workers keep writing)
RACERS = 8
STEP_TIMEOUT = 120


class Gateway(lib_gateway.Gateway):
    """One calbridge store (config + user) and, while running, its `serve` process."""
    started = []   # every Gateway that ran `serve`, so main() can kill what an error left running

    def __init__(self, calbridge, directory):
        super().__init__(calbridge, directory, [USER], access_log=False, cli_timeout=STEP_TIMEOUT)
        self.password = self.passwords[USER]

    def start(self):
        """Starts `serve` (port 0), waits for the URL it prints, and returns a client for USER."""
        Gateway.started.append(self)
        return Dav(super().start(), USER, self.password)

    def object_count(self):
        """Objects in the user's calendars per `calbridge status` (None when it fails)."""
        r = self.cli("status")
        if r.returncode != 0:
            return None
        return sum(int(n) for n in re.findall(r"^\s+/\S+/\s+(\d+) objects", r.stdout, re.M))


def event(uid, summary, size):
    filler = "".join(random.choice("abcdefghij klmnopqrst") for _ in range(size))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//calbridge//kill9 test//EN", "BEGIN:VEVENT",
             f"UID:{uid}", "DTSTAMP:20250101T000000Z", "DTSTART:20250301T090000Z", "DURATION:PT1H",
             f"SUMMARY:{summary}"]
    # DESCRIPTION folded at 74 octets (RFC 5545 3.1) so bodies of several KB stay valid.
    desc = "DESCRIPTION:" + filler
    lines.append(desc[:74])
    lines += [" " + desc[i:i + 73] for i in range(74, len(desc), 73)]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode()


class Burst:
    """The PUT workers. attempts[path]: bodies in the order they were sent; acked[path]: index
    of the newest acknowledged body."""

    def __init__(self, dav):
        self.dav = dav
        self.lock = threading.Lock()
        self.attempts = {}
        self.acked = {}
        self.etags = {}
        self.ack_count = 0
        self.unexpected = []
        self.enough = threading.Event()
        self.stop = threading.Event()

    def worker(self, w):
        parts = urllib.parse.urlsplit(self.dav.base)
        conn = http.client.HTTPConnection(parts.netloc, timeout=30)
        i = 0
        last = None
        try:
            while not self.stop.is_set():
                headers = {"Authorization": self.dav.auth, "Content-Type": "text/calendar; charset=utf-8"}
                if last is not None and i % 3 == 2:       # replace an own object, conditionally
                    path = last
                    with self.lock:
                        headers["If-Match"] = self.etags[path]
                    uid = f"kill9-w{w}-{i - 1}"
                else:
                    path = f"{CALENDAR}w{w}-{i:05d}.ics"
                    uid = f"kill9-w{w}-{i}"
                    headers["If-None-Match"] = "*"
                body = event(uid, f"worker {w} write {i}", random.randint(200, 6000))
                with self.lock:
                    self.attempts.setdefault(path, []).append(body)
                    index = len(self.attempts[path]) - 1
                conn.request("PUT", path, body, headers)
                r = conn.getresponse()
                r.read()
                if r.status in (201, 204):
                    with self.lock:
                        self.acked[path] = index
                        self.etags[path] = r.getheader("ETag")
                        self.ack_count += 1
                        if self.ack_count >= ACKS_BEFORE_KILL:
                            self.enough.set()
                    last = path
                else:
                    with self.lock:
                        self.unexpected.append(f"PUT {path}: {r.status}")
                i += 1
        except (OSError, http.client.HTTPException):
            pass   # the server was killed
        finally:
            conn.close()


def part_burst(checks, calbridge, work):
    gw = Gateway(calbridge, os.path.join(work, "burst"))
    dav = gw.start()
    burst = Burst(dav)
    threads = [threading.Thread(target=burst.worker, args=(w,), daemon=True) for w in range(WORKERS)]
    for t in threads:
        t.start()
    reached = burst.enough.wait(timeout=STEP_TIMEOUT)
    in_flight_alive = sum(t.is_alive() for t in threads)
    gw.kill()
    burst.stop.set()
    for t in threads:
        t.join(timeout=30)
    checks.check(f"burst: {ACKS_BEFORE_KILL} PUTs acknowledged before the kill", reached,
                 f"only {burst.ack_count} within {STEP_TIMEOUT}s")
    checks.check("burst: the workers were still writing when the server was killed", in_flight_alive == WORKERS,
                 f"{in_flight_alive} of {WORKERS} alive")
    checks.check("burst: no PUT refused before the kill", not burst.unexpected, "; ".join(burst.unexpected[:5]))
    sent = sum(len(v) for v in burst.attempts.values())
    checks.info(f"burst: {sent} PUTs sent to {len(burst.attempts)} URLs, {burst.ack_count} acknowledged, "
                f"{sent - burst.ack_count} unacknowledged at the kill")

    integrity = gw.integrity()
    checks.equal("burst: calbridge status after kill -9: integrity", integrity, "ok")
    dav = gw.start()

    lost, later, exact = [], 0, 0
    for path, index in sorted(burst.acked.items()):
        r = dav.request("GET", path)
        bodies = burst.attempts[path]
        if r.status == 200 and r.body == bodies[index]:
            exact += 1
        elif r.status == 200 and r.body in bodies[index + 1:]:
            later += 1    # a later PUT of the same path was in flight at the kill and committed
        else:
            lost.append(f"{path}: {r.status}, {len(r.body)} bytes")
    checks.check(f"burst: all {len(burst.acked)} acknowledged PUTs read back with their exact body", not lost,
                 "; ".join(lost[:5]) + (f" (+{len(lost) - 5} more)" if len(lost) > 5 else ""))
    checks.info(f"burst: {exact} read back as acknowledged, {later} as a later in-flight write")

    listing = dav.propfind(CALENDAR, ["d:getetag"], depth="1")
    stored = {href: props for href, props in listing.items() if href != CALENDAR}
    bad = []
    try:
        import icalendar  # Debian python3-icalendar
    except ImportError:
        icalendar = None
    for href, props in sorted(stored.items()):
        r = dav.request("GET", href)
        etag = props.get("{DAV:}getetag")
        if r.status != 200:
            bad.append(f"{href}: GET {r.status}")
        elif r.body not in burst.attempts.get(href, []):
            bad.append(f"{href}: stored body ({len(r.body)} bytes) is none of the bodies sent")
        elif etag is None or r.headers.get("etag") != etag.text:
            bad.append(f"{href}: GET ETag {r.headers.get('etag')} != getetag {etag.text if etag is not None else None}")
        elif icalendar is not None:
            try:
                icalendar.Calendar.from_ical(r.body)
            except ValueError as e:
                bad.append(f"{href}: does not parse: {e}")
    checks.check(f"burst: all {len(stored)} stored objects whole (a sent body, parses, ETag = getetag)", not bad,
                 "; ".join(bad[:5]))
    unacked_stored = sum(1 for href in stored if href not in burst.acked)
    checks.info(f"burst: {len(stored)} objects stored, {unacked_stored} of them created by an unacknowledged PUT")
    r = dav.request("PUT", f"{CALENDAR}after-restart.ics", event("after-restart", "after", 100).decode(),
                    {"Content-Type": "text/calendar"})
    checks.equal("burst: a PUT after the restart is acknowledged", r.status, 201)
    return gw, dav


def race(dav, path, headers, bodies):
    """Sends one PUT per body at the same moment (a barrier), each on its own connection."""
    parts = urllib.parse.urlsplit(dav.base)
    barrier = threading.Barrier(len(bodies))
    statuses = [None] * len(bodies)

    def one(k):
        conn = http.client.HTTPConnection(parts.netloc, timeout=30)
        try:
            conn.connect()
            barrier.wait(timeout=30)
            conn.request("PUT", path, bodies[k], {"Authorization": dav.auth, "Content-Type": "text/calendar", **headers})
            resp = conn.getresponse()
            resp.read()
            statuses[k] = resp.status
        except (OSError, http.client.HTTPException, threading.BrokenBarrierError) as e:
            statuses[k] = repr(e)
        finally:
            conn.close()

    threads = [threading.Thread(target=one, args=(k,)) for k in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return statuses


def part_race(checks, dav, rounds=5):
    for n in range(rounds):
        path = f"{CALENDAR}race-{n}.ics"
        uid = f"race-{n}-{uuid.uuid4().hex[:8]}"
        r = dav.request("PUT", path, event(uid, "original", 100), {"Content-Type": "text/calendar"})
        etag = r.headers.get("etag")
        if not checks.check(f"race {n}: setup PUT 201 with an ETag", r.status == 201 and etag, f"{r.status}, {etag}"):
            continue
        bodies = [event(uid, f"racer {k}", 100 + k) for k in range(RACERS)]
        statuses = race(dav, path, {"If-Match": etag}, bodies)
        winners = [k for k, s in enumerate(statuses) if s in (200, 204)]
        checks.check(f"race {n}: {RACERS} PUTs with the same If-Match: exactly one 2xx, the rest 412",
                     len(winners) == 1 and statuses.count(412) == RACERS - 1, f"statuses {statuses}")
        if len(winners) == 1:
            got = dav.request("GET", path)
            checks.check(f"race {n}: the winner's body is stored", got.body == bodies[winners[0]])

        new_path = f"{CALENDAR}race-new-{n}.ics"
        new_uid = f"race-new-{n}-{uuid.uuid4().hex[:8]}"
        bodies = [event(new_uid, f"creator {k}", 100 + k) for k in range(RACERS)]
        statuses = race(dav, new_path, {"If-None-Match": "*"}, bodies)
        checks.check(f"race {n}: {RACERS} PUTs with If-None-Match: * to a new URL: exactly one 201, the rest 412",
                     statuses.count(201) == 1 and statuses.count(412) == RACERS - 1, f"statuses {statuses}")


def uids_by_calendar(dav):
    """{calendar path: [UID of each object]} of the user's calendars, read over CalDAV."""
    home = f"/dav/calendars/{USER}/"
    out = {}
    for href, props in dav.propfind(home, ["d:resourcetype"], depth="1").items():
        rt = props.get("{DAV:}resourcetype")
        if href == home or rt is None or rt.find("c:calendar", NS) is None:
            continue
        uids = []
        for obj in dav.propfind(href, ["d:getetag"], depth="1"):
            if obj == href:
                continue
            body = dav.request("GET", obj).body.decode("utf-8", "replace")
            body = re.sub(r"\r?\n[ \t]", "", body)   # unfold (RFC 5545 3.1): long Outlook UIDs are folded
            found = sorted(set(re.findall(r"^UID:(.*?)\r?$", body, re.M)))
            uids.append(found[0] if len(found) == 1 else f"<{len(found)} UIDs in {obj}>")
        out[href] = sorted(uids)
    return out


def part_import(checks, calbridge, ost, work):
    clean = Gateway(calbridge, os.path.join(work, "import-clean"))
    r = clean.cli("import", ost, "--user", USER)
    if not checks.check("import: a clean import succeeds", r.returncode == 0, r.stderr[-500:]):
        return
    expected = clean.object_count()
    checks.info(f"import: a clean import stores {expected} objects")
    dav = clean.start()
    expected_uids = uids_by_calendar(dav)
    clean.stop()

    killed_mid = None
    for attempt in range(5):
        gw = Gateway(calbridge, os.path.join(work, f"import-killed-{attempt}"))
        proc = subprocess.Popen([calbridge, "--config", gw.config, "import", ost, "--user", USER],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        count = 0
        deadline = time.monotonic() + STEP_TIMEOUT
        while proc.poll() is None and time.monotonic() < deadline:
            count = gw.object_count() or 0
            if 0 < count < expected:
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.02)
        proc.wait(timeout=30)
        if proc.returncode == -signal.SIGKILL:
            killed_mid = (gw, count)
            break
        checks.info(f"import: attempt {attempt + 1} finished (exit {proc.returncode}) before a partial store was seen")
    if not checks.check("import: kill -9 landed while the import was writing", killed_mid is not None):
        return
    gw, count = killed_mid
    checks.info(f"import: killed with {count} of {expected} objects written")
    integrity = gw.integrity()
    checks.equal("import: calbridge status after kill -9: integrity", integrity, "ok")
    r = gw.cli("import", ost, "--user", USER)
    checks.check("import: the re-import after the kill succeeds", r.returncode == 0, r.stderr[-500:])
    checks.equal("import: objects after kill + re-import (the bundled OST has 169)", gw.object_count(), 169)
    dav = gw.start()
    got = uids_by_calendar(dav)
    dupes = [f"{cal}: {u}" for cal, uids in got.items() for u in set(uids) if uids.count(u) > 1]
    checks.check("import: no UID twice in a calendar", not dupes, "; ".join(dupes[:5]))
    checks.check("import: the same calendars and UIDs as a clean import", got == expected_uids,
                 f"{ {c: len(u) for c, u in got.items()} } vs { {c: len(u) for c, u in expected_uids.items()} }")
    integrity = gw.integrity()
    checks.equal("import: integrity after the re-import", integrity, "ok")
    checks.equal("import: calbridge serve stops on SIGTERM with exit 0", gw.stop(), 0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("calbridge")
    ap.add_argument("ost")
    ap.add_argument("--work-dir")
    args = ap.parse_args()
    calbridge = os.path.abspath(args.calbridge)
    work = args.work_dir or tempfile.mkdtemp(prefix="calbridge-kill9.")
    os.makedirs(work, exist_ok=True)
    checks = Checks("kill9")
    checks.info(f"work dir {work}")
    try:
        gw, dav = part_burst(checks, calbridge, work)
        part_race(checks, dav)
        checks.equal("burst: calbridge serve stops on SIGTERM with exit 0", gw.stop(), 0)
        integrity = gw.integrity()
        checks.equal("burst: integrity after the races", integrity, "ok")
        part_import(checks, calbridge, os.path.abspath(args.ost), work)
    except Exception as e:  # noqa: BLE001 - any error is a failed run, with its context
        checks.check("kill9 run completed", False, f"{type(e).__name__}: {e}")
    finally:
        for gw in Gateway.started:
            gw.kill()
    rc = checks.finish()
    if rc == 0 and not args.work_dir:
        shutil.rmtree(work, ignore_errors=True)
    elif rc != 0:
        print(f"kill9: logs and stores in {work}", flush=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
